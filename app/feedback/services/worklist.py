"""What staff have to do: the inbox's query, counts per status, response times per
language and the daily digest of items due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, true

from app.catalog.models import Service
from app.catalog.services import matching
from app.charters.services import Renewal, renewals
from app.core.calendar import WorkingCalendar
from app.core.i18n import use_language
from app.core.urls import public_url
from app.extensions import db
from app.feedback.models import (
    Channel,
    EventKind,
    Feedback,
    FeedbackStatus,
    FeedbackType,
)
from app.feedback.services.workflow import OPEN, record_event
from app.outbox.services import queue_email
from app.staff.models import Role, User
from app.staff.services import audit, scope

# How far an overdue item was escalated (``Feedback.escalation_level``).
ESCALATED_TO_MANAGERS = 1
ESCALATED_TO_COORDINATORS = 2
ESCALATION_LABELS = {
    ESCALATED_TO_MANAGERS: _l("Se avisó a los responsables de la dependencia."),
    ESCALATED_TO_COORDINATORS: _l("Se avisó a la coordinación de la institución."),
}


@dataclass(frozen=True)
class InboxQuery:
    """What a staff member asked the inbox for; ``None`` means "any"."""

    scope: set[int] | None  # dependency ids the person may see (None: all)
    statuses: tuple[FeedbackStatus, ...] | None = None
    type: FeedbackType | None = None
    dependency_id: int | None = None
    service_id: int | None = None
    service_text: str = ""  # words of the service's name or its code (too many to list)
    channel: Channel | None = None
    due: str | None = None  # "overdue" or "week"
    impact: bool = False
    text: str = ""


def in_scope(scope: set[int] | None):
    """SQL condition: the item belongs to a dependency the person may see."""
    if scope is None:
        return true()
    return Feedback.dependency_id.in_(scope)


def inbox(query: InboxQuery, today: date):
    """Items matching the query, earliest due date first, so among open items the overdue
    come first (items without a due date, those waiting for the citizen, last)."""
    statement = select(Feedback).where(in_scope(query.scope))
    if query.statuses is not None:
        statement = statement.where(Feedback.status.in_(query.statuses))
    if query.type is not None:
        statement = statement.where(Feedback.type == query.type)
    if query.dependency_id is not None:
        statement = statement.where(Feedback.dependency_id == query.dependency_id)
    if query.service_id is not None:
        statement = statement.where(Feedback.service_id == query.service_id)
    if matching(query.service_text):
        statement = statement.where(
            Feedback.service_id.in_(select(Service.id).where(*matching(query.service_text)))
        )
    if query.channel is not None:
        statement = statement.where(Feedback.channel == query.channel)
    if query.due == "overdue":
        statement = statement.where(Feedback.status.in_(OPEN), Feedback.due_on < today)
    elif query.due == "week":
        statement = statement.where(
            Feedback.status.in_(OPEN), Feedback.due_on.between(today, today + timedelta(days=7))
        )
    if query.impact:
        statement = statement.where(Feedback.institutional_impact.is_(True))
    if query.text:
        words = query.text.strip().lower()
        statement = statement.where(
            func.lower(Feedback.folio).contains(words, autoescape=True)
            | func.lower(Feedback.text).contains(words, autoescape=True)
        )
    # NULLS LAST, not "due_on IS NULL" first: an index on (due_on, id) then serves the page.
    return statement.order_by(Feedback.due_on.asc().nulls_last(), Feedback.id)


def status_counts(scope: set[int] | None) -> dict[FeedbackStatus, int]:
    """How many items the person may see are in each status (one query)."""
    rows = db.session.execute(
        select(Feedback.status, func.count()).where(in_scope(scope)).group_by(Feedback.status)
    )
    return dict(rows.tuples().all())


def response_times_by_language(scope_ids: set[int] | None) -> list[tuple[str, int, float]]:
    """For answered items the person may see: per language of the answer, how many and their
    mean response time in working days (one aggregate query)."""
    rows = db.session.execute(
        select(Feedback.language, func.count(), func.avg(Feedback.response_days))
        .where(in_scope(scope_ids), Feedback.response_days.is_not(None))
        .group_by(Feedback.language)
        .order_by(Feedback.language)
    )
    return [(language, count, float(mean)) for language, count, mean in rows]


# Who is told about charters to renew: the quality unit and the managers of the dependency.
RENEWAL_ROLES = (Role.COORDINATOR, Role.MANAGER)


def queue_digests(today: date, soon: int = 2) -> int:
    """Queue, for each active staff member, an e-mail listing the open items assigned to them
    (or unassigned in their scope) that are overdue or due within ``soon`` working days, and,
    for coordinators and managers, the charters of their scope whose validity or certification
    ends within 90 days (or has ended). Returns how many e-mails were queued; the caller's
    command commits."""
    calendar = WorkingCalendar.load()
    horizon = calendar.add_working_days(today, soon)
    ending = renewals(today)
    queued = 0
    # Translators never see citizens' messages: no digest for them.
    readers = select(User).where(User.active.is_(True), User.role != Role.TRANSLATOR)
    for person in db.session.scalars(readers):
        allowed = scope(person)
        mine = (Feedback.assignee_id == person.id) | (
            Feedback.assignee_id.is_(None) & in_scope(allowed)
        )
        items = db.session.scalars(
            select(Feedback)
            .where(mine, Feedback.status.in_(OPEN), Feedback.due_on <= horizon)
            .order_by(Feedback.due_on)
        ).all()
        charters = _renewals_for(person, allowed, ending)
        if not items and not charters:
            continue
        with use_language(person.ui_language):
            overdue = [i for i in items if i.due_on < today]
            body = render_template(
                "feedback/email/digest.txt",
                person=person,
                overdue=overdue,
                due_soon=[i for i in items if i.due_on >= today],
                inbox_url=public_url("feedback_admin.inbox"),
                renewals=charters,
                renewals_url=public_url("charter_renewals.index"),
                today=today,
            )
            subject = render_template(
                "feedback/email/digest_subject.txt",
                total=len(items),
                overdue=len(overdue),
                charters=len(charters),
            )
        queue_email(person.email, subject.strip(), body)
        queued += 1
    return queued


def _renewals_for(person: User, allowed: set[int] | None, ending: list[Renewal]) -> list[Renewal]:
    """The charters to renew that concern ``person``: coordinators hear of all of them,
    managers of those of their dependencies; nobody else."""
    if person.role not in RENEWAL_ROLES:
        return []
    return [r for r in ending if allowed is None or r.charter.dependency_id in allowed]


def escalate_overdue(today: date, now: datetime) -> int:
    """Escalate the open items whose due date passed: the managers of the item's dependency are
    told at once, the coordinators once it is ``FEEDBACK_ESCALATE_COORDINATORS_DAYS`` working
    days late (at once, too, when nobody manages its dependency). Each step is an event in the
    item's history, which the citizen sees, and an audit row; each person gets one e-mail
    listing their items. An item is never escalated twice to the same level, so the command
    can run as often as wanted. Returns how many items were escalated; the caller commits."""
    calendar = WorkingCalendar.load()
    later = current_app.config["FEEDBACK_ESCALATE_COORDINATORS_DAYS"]
    people = db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_((Role.MANAGER, Role.COORDINATOR)))
        .order_by(User.id)
    ).all()
    managers = [(person, scope(person)) for person in people if person.role is Role.MANAGER]
    coordinators = [person for person in people if person.role is Role.COORDINATOR]
    told: dict[User, list[tuple[Feedback, int]]] = {}
    items = db.session.scalars(
        select(Feedback)
        .where(
            Feedback.status.in_(OPEN),
            Feedback.due_on < today,
            Feedback.escalation_level < ESCALATED_TO_COORDINATORS,
        )
        .order_by(Feedback.due_on, Feedback.id)
    )
    escalated = 0
    for item in items:
        level = ESCALATED_TO_MANAGERS
        if calendar.working_days_between(item.due_on, today) >= later:
            level = ESCALATED_TO_COORDINATORS
        responsible = [
            person for person, allowed in managers if item.dependency_id in (allowed or ())
        ]
        if not responsible:
            level = ESCALATED_TO_COORDINATORS
        if level <= item.escalation_level:
            continue
        recipients = responsible if item.escalation_level < ESCALATED_TO_MANAGERS else []
        if level == ESCALATED_TO_COORDINATORS:
            recipients = [*recipients, *coordinators]
        for person in recipients:
            told.setdefault(person, []).append((item, level))
        item.escalation_level = level
        record_event(item, EventKind.ESCALATED, now, actor="system",
                     note=str(ESCALATION_LABELS[level]))  # fmt: skip
        audit("feedback.escalated", None, target=item, detail={"level": level})
        escalated += 1
    for person, escalations in told.items():
        with use_language(person.ui_language):
            body = render_template(
                "feedback/email/escalation.txt",
                person=person,
                escalations=escalations,
                labels=ESCALATION_LABELS,
                inbox_url=public_url("feedback_admin.inbox", plazo="overdue"),
            )
            subject = render_template(
                "feedback/email/escalation_subject.txt", total=len(escalations)
            )
        queue_email(person.email, subject.strip(), body)
    return escalated
