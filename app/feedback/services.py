"""The feedback workflow: submitting, folios and access codes, deadlines, tracking, answers."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask import current_app, render_template
from sqlalchemy import func, select, true, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from app.catalog.models import Dependency, Service
from app.catalog.services import CatalogQuery, matching, search
from app.charters.models import Commitment
from app.core.calendar import WorkingCalendar
from app.core.clock import local_date, utc_at, utcnow
from app.core.hashing import dummy_hash, hasher
from app.core.i18n import tr_text, use_language
from app.core.search import Matches, first_matches, short_list
from app.core.types import WorkingDays
from app.core.urls import public_url
from app.extensions import db
from app.feedback import uploads
from app.feedback.models import (
    Attachment,
    Channel,
    EventKind,
    Feedback,
    FeedbackEvent,
    FeedbackStatus,
    FeedbackType,
    FolioCounter,
    SurveyResponse,
)
from app.outbox.services import queue_email
from app.staff.models import User
from app.staff.services import scope

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
# Access codes are hashed at the cost of ACCESS_CODE_ARGON2_* (see the configuration).
ACCESS_CODES = "ACCESS_CODE_ARGON2"


@dataclass
class Submission:
    """What a citizen sent, already validated."""

    type: FeedbackType
    text: str
    submission_key: str
    language: str
    consent: bool
    service: Service | None = None
    commitment: Commitment | None = None
    incident_date: date | None = None
    incident_place: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    files: list[uploads.StoredFile] = field(default_factory=list)
    channel: Channel = Channel.WEB


def new_access_code() -> str:
    """A random code of 12 unambiguous characters in groups of four (about 59 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normalize_code(text: str) -> str:
    """The code as typed, without spaces or dashes and in capitals."""
    return "".join(c for c in text.upper() if c.isalnum())


def hash_access_code(code: str) -> str:
    """What is stored of an access code: its argon2id hash, never the code."""
    return hasher(ACCESS_CODES).hash(normalize_code(code))


def next_folio(year: int) -> str:
    """The next folio of a year, e.g. ``SQR-2026-000123``.

    The counter row is locked by the UPDATE until the transaction ends, so concurrent
    submissions (several app servers on PostgreSQL) never get the same number.
    """
    dialect_insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[
        db.engine.dialect.name
    ]
    db.session.execute(
        dialect_insert(FolioCounter).values(year=year, last=0).on_conflict_do_nothing()
    )
    number = db.session.scalar(
        update(FolioCounter)
        .where(FolioCounter.year == year)
        .values(last=FolioCounter.last + 1)
        .returning(FolioCounter.last)
    )
    return f"SQR-{year}-{number:06d}"


def _record(
    feedback: Feedback, kind: EventKind, now: datetime, by: User | None = None, **fields
) -> None:
    """Add an event; ``by`` is the staff member, or nobody when the citizen acted."""
    feedback.events.append(
        FeedbackEvent(
            at=now,
            on=local_date(now),
            actor="staff" if by else "citizen",
            user=by,
            kind=kind,
            **fields,
        )
    )


def _pauses(feedback: Feedback) -> list[tuple[date, date | None]]:
    """The periods in which the clock stopped, from the events."""
    pauses: list[tuple[date, date | None]] = []
    for event in feedback.events:
        if event.to_status is FeedbackStatus.WAITING:
            pauses.append((event.on, None))
        elif event.from_status is FeedbackStatus.WAITING and pauses and pauses[-1][1] is None:
            pauses[-1] = (pauses[-1][0], event.on)
    return pauses


def deadline(feedback: Feedback, calendar: WorkingCalendar | None = None) -> date | None:
    """The due date: the item's working days counted from the day after receipt, extended by
    the working days in which the institution waited for the citizen (None while it waits)."""
    calendar = calendar or WorkingCalendar.load()
    return calendar.due_date(feedback.received_on, feedback.due_days, _pauses(feedback))


def submit(submission: Submission, now: datetime | None = None) -> tuple[Feedback, str | None]:
    """Save a citizen's item with its first event, its files and the acknowledgment e-mail,
    in one transaction. Returns the item and its access code, or the item already saved for
    this submission and ``None`` (a double click, the back button or a retried request)."""
    existing = db.session.scalar(
        select(Feedback).filter_by(submission_key=submission.submission_key)
    )
    if existing is not None:
        return existing, None
    now = now or utcnow()
    received_on = local_date(now)
    code = new_access_code()
    days = WorkingDays(current_app.config["FEEDBACK_DUE_DAYS"][submission.type.value])
    feedback = Feedback(
        folio=next_folio(received_on.year),
        access_code_hash=hash_access_code(code),
        submission_key=submission.submission_key,
        type=submission.type,
        channel=submission.channel,
        service=submission.service,
        commitment=submission.commitment,
        dependency=submission.service.dependency if submission.service else None,
        text=submission.text,
        incident_date=submission.incident_date,
        incident_place=submission.incident_place,
        contact_name=submission.contact_name,
        contact_email=submission.contact_email,
        contact_phone=submission.contact_phone,
        language=submission.language,
        consent=submission.consent,
        status=FeedbackStatus.RECEIVED,
        received_at=now,
        received_on=received_on,
        due_days=days,
        due_on=WorkingCalendar.load().add_working_days(received_on, days),
    )
    _record(feedback, EventKind.CREATED, now, to_status=FeedbackStatus.RECEIVED)
    for stored in submission.files:
        feedback.attachments.append(
            Attachment(
                stored_name=stored.stored_name,
                original_name=stored.original_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
            )
        )
        uploads.keep(stored)
    feedback.assignee = _speaker_of(
        feedback.language, submission.service.dependency_id if submission.service else None
    )
    db.session.add(feedback)
    if feedback.contact_email:
        _notify(feedback, "acknowledgment")
    try:
        db.session.commit()
    except IntegrityError:
        # The same submission committed meanwhile by a concurrent request.
        db.session.rollback()
        return db.session.scalar(
            select(Feedback).filter_by(submission_key=submission.submission_key)
        ), None
    return feedback, code


def _speaker_of(language: str, dependency_id: int | None) -> User | None:
    """Someone of the dependency who can answer in the item's language, when it is not Spanish
    (otherwise the item shows that it needs an interpreter)."""
    if language == "es" or dependency_id is None:
        return None
    people = db.session.scalars(
        select(User).filter_by(dependency_id=dependency_id, active=True).order_by(User.id)
    )
    return next((person for person in people if language in person.languages), None)


def _notify(feedback: Feedback, template: str) -> None:
    """Queue an e-mail to the citizen, in their language, in the current transaction."""
    with use_language(feedback.language):
        subject = render_template(f"feedback/email/{template}_subject.txt", feedback=feedback)
        body = render_template(
            f"feedback/email/{template}.txt",
            feedback=feedback,
            tracking_url=public_url("feedback.track", lang=feedback.language),
        )
    queue_email(feedback.contact_email, subject.strip(), body)


def find_for_tracking(folio: str, code: str) -> Feedback | None:
    """The item whose folio and access code match, or ``None``; a wrong code and an unknown
    folio cost the same time and give the same answer, so folios cannot be enumerated."""
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio.strip().upper()))
    codes = hasher(ACCESS_CODES)
    try:
        stored = feedback.access_code_hash if feedback else dummy_hash(codes)
        codes.verify(stored, normalize_code(code))
    except (VerifyMismatchError, InvalidHashError):
        return None
    return feedback


S = FeedbackStatus
# Where staff may move an item from each status. Asking the citizen for information (WAITING)
# and answering (ANSWERED) have operations of their own: they carry a text for the citizen.
TRANSITIONS: dict[FeedbackStatus, set[FeedbackStatus]] = {
    S.RECEIVED: {S.IN_REVIEW, S.WAITING, S.ANSWERED, S.DISMISSED},
    S.IN_REVIEW: {S.WAITING, S.ANSWERED, S.DISMISSED},
    S.WAITING: {S.IN_REVIEW, S.DISMISSED},
    S.ANSWERED: {S.CLOSED_RESOLVED, S.CLOSED_UNRESOLVED, S.IN_REVIEW},
    S.CLOSED_RESOLVED: {S.IN_REVIEW},
    S.CLOSED_UNRESOLVED: {S.IN_REVIEW},
    S.DISMISSED: {S.IN_REVIEW},
}
WITH_OWN_OPERATION = {S.WAITING, S.ANSWERED}


class TransitionError(ValueError):
    """A status change the workflow does not allow."""


def _check(feedback: Feedback, to: FeedbackStatus) -> None:
    if to not in TRANSITIONS[feedback.status]:
        raise TransitionError(f"{feedback.status.value} → {to.value}")


def next_statuses(feedback: Feedback) -> list[FeedbackStatus]:
    """The statuses a plain status change may lead to from where the item is."""
    return [s for s in FeedbackStatus if s in TRANSITIONS[feedback.status] - WITH_OWN_OPERATION]


def change_status(
    feedback: Feedback, to: FeedbackStatus, by: User, note: str | None = None, now=None
) -> None:
    """Move an item along the workflow (review, close, dismiss with a reason, reopen); leaving
    WAITING restarts the clock. Raises ``TransitionError``."""
    if to in WITH_OWN_OPERATION:
        raise TransitionError(f"{to.value} needs its own operation")
    _check(feedback, to)
    if to is S.DISMISSED and not note:
        raise TransitionError("a dismissal needs a reason")
    now = now or utcnow()
    previous = feedback.status
    _record(feedback, EventKind.STATUS_CHANGED, now, by, note=note, from_status=previous,
            to_status=to)  # fmt: skip
    feedback.status = to
    if previous is S.WAITING:
        feedback.due_on = deadline(feedback)
    db.session.commit()


def assign(feedback: Feedback, dependency, person: User | None, by: User, now=None) -> None:
    """Give the item to a dependency and, optionally, to a person of it."""
    now = now or utcnow()
    feedback.dependency = dependency
    feedback.assignee = person
    names = [dependency.name.get("es", ""), person.name if person else ""]
    _record(feedback, EventKind.ASSIGNED, now, by, note=" · ".join(filter(None, names)),
            public=False)  # fmt: skip
    db.session.commit()


def add_note(feedback: Feedback, text: str, by: User, now=None) -> None:
    """An internal note: staff see it in the history, the citizen never does."""
    _record(feedback, EventKind.NOTE, now or utcnow(), by, note=text, public=False)
    db.session.commit()


def flag_impact(feedback: Feedback, flagged: bool, reason: str | None, by: User, now=None) -> None:
    """Escalate (or stop escalating) an item as having institutional impact."""
    feedback.institutional_impact = flagged
    _record(feedback, EventKind.IMPACT, now or utcnow(), by,
            note=reason if flagged else None, public=False)  # fmt: skip
    db.session.commit()


def request_information(feedback: Feedback, question: str, by: User | None, now=None) -> None:
    """Ask the citizen for information (the legal "prevención"): the clock stops."""
    _check(feedback, FeedbackStatus.WAITING)
    now = now or utcnow()
    previous = feedback.status
    feedback.status = FeedbackStatus.WAITING
    _record(feedback, EventKind.INFORMATION_REQUESTED, now, by, note=question,
            from_status=previous, to_status=FeedbackStatus.WAITING)  # fmt: skip
    feedback.due_on = None
    if feedback.contact_email:
        _notify(feedback, "information_requested")
    db.session.commit()


def provide_information(feedback: Feedback, text: str, now=None) -> None:
    """The citizen answers a request for information: the clock runs again, and the due date
    moves by the working days it was stopped."""
    now = now or utcnow()
    _record(feedback, EventKind.INFORMATION_PROVIDED, now, note=text,
            from_status=feedback.status, to_status=FeedbackStatus.IN_REVIEW)  # fmt: skip
    feedback.status = FeedbackStatus.IN_REVIEW
    feedback.due_on = deadline(feedback)
    db.session.commit()


def answer(feedback: Feedback, response: str, by: User | None, now=None) -> None:
    """Publish the institution's answer and measure its response time in working days."""
    _check(feedback, FeedbackStatus.ANSWERED)
    now = now or utcnow()
    calendar = WorkingCalendar.load()
    _record(feedback, EventKind.ANSWERED, now, by, note=response,
            from_status=feedback.status, to_status=FeedbackStatus.ANSWERED)  # fmt: skip
    feedback.status = FeedbackStatus.ANSWERED
    feedback.public_response = response
    feedback.answered_at = now
    feedback.response_days = WorkingDays(
        calendar.elapsed_working_days(feedback.received_on, local_date(now), _pauses(feedback))
    )
    if feedback.contact_email:
        _notify(feedback, "answered")
    db.session.commit()


def record_remedy(
    feedback: Feedback,
    breach_confirmed: bool,
    remedy: str | None,
    remedied_on: date | None,
    by: User,
    now=None,
) -> None:
    """Record, for a claim about a commitment, whether the breach was confirmed and the remedy
    the charter promises; the citizen sees in the history when it was given."""
    feedback.breach_confirmed = breach_confirmed
    feedback.remedy = remedy if breach_confirmed else None
    given = remedied_on if breach_confirmed else None
    if given and feedback.remedied_on != given:
        _record(feedback, EventKind.REMEDIED, now or utcnow(), by, note=remedy)
    feedback.remedied_on = given
    db.session.commit()


def rate_answer(feedback: Feedback, score: int, now=None) -> None:
    """The citizen says whether the answer solved the problem (1–5), once."""
    now = now or utcnow()
    feedback.citizen_rating = score
    _record(feedback, EventKind.RATED, now, note=str(score))
    db.session.commit()


def explain_deadline(feedback: Feedback) -> dict:
    """What the tracking page says about the due date: the days, what did not count, pauses."""
    calendar = WorkingCalendar.load()
    end = feedback.due_on or feedback.received_on
    return {
        "days": feedback.due_days,
        "received_on": feedback.received_on,
        "due_on": feedback.due_on,
        "skipped": calendar.non_working_days_between(feedback.received_on, end),
        "pauses": _pauses(feedback),
    }


def record_survey(service: Service, score: int, waiting, attention, comment, language) -> None:
    """Save a satisfaction survey response for the service's indicators."""
    db.session.add(
        SurveyResponse(
            service=service,
            score=score,
            waiting=waiting,
            attention=attention,
            comment=comment,
            channel=Channel.WEB,
            language=language,
            created_at=utcnow(),
        )
    )
    db.session.commit()


OPEN = (S.RECEIVED, S.IN_REVIEW, S.WAITING)


@dataclass(frozen=True)
class InboxQuery:
    """What a staff member asked the inbox for; ``None`` means "any"."""

    scope: set[int] | None  # dependency ids the person may see (None: all)
    status: FeedbackStatus | None = None
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
    """Items matching the query, earliest due date first (items without one last)."""
    statement = select(Feedback).where(in_scope(query.scope))
    if query.status is not None:
        statement = statement.where(Feedback.status == query.status)
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


def listed_services(scope: set[int] | None, limit: int) -> list | None:
    """The services of these dependencies (``None``: all) as ``(id, slug, name, dependency)``
    rows, when there are at most ``limit`` of them (``short_list``); callers sort them."""
    statement = select(
        Service.id, Service.slug, Service.name, Dependency.name.label("dependency")
    ).join(Service.dependency)
    if scope is not None:
        statement = statement.where(Service.dependency_id.in_(scope))
    return short_list(statement, limit)


def service_groups(rows) -> dict[str, dict[str, str]]:
    """Listed services by dependency (``{dependency: {slug: name}}``), names in the current
    language, in alphabetical order, for "which service" lists."""
    groups: dict[str, dict[str, str]] = {}
    for row in sorted(rows, key=lambda r: (tr_text(r.dependency), tr_text(r.name))):
        groups.setdefault(tr_text(row.dependency), {})[row.slug] = tr_text(row.name)
    return groups


def find_services(text: str, scope: set[int] | None, limit: int) -> Matches:
    """The first ``limit`` services of these dependencies (``None``: all) that the catalog's
    search finds for ``text`` (every word, in names, code or keywords), with their dependency
    loaded, and how many it finds: as many queries however large the catalog."""
    statement = search(CatalogQuery(text=text))
    if scope is not None:
        statement = statement.where(Service.dependency_id.in_(scope))
    return first_matches(statement, limit)


def service_by_slug(slug: str | None) -> Service | None:
    """The service with this slug, if there is one (whoever may see it)."""
    if not slug:
        return None
    return db.session.scalar(select(Service).filter_by(slug=slug))


def received_at(day: date) -> datetime:
    """The moment to record for an item received on ``day`` by another channel: noon there."""
    return utc_at(day, time(12))


def queue_digests(today: date, soon: int = 2) -> int:
    """Queue, for each active staff member, an e-mail listing the open items assigned to them
    (or unassigned in their scope) that are overdue or due within ``soon`` working days.
    Returns how many e-mails were queued; the caller's command commits."""
    calendar = WorkingCalendar.load()
    horizon = calendar.add_working_days(today, soon)
    queued = 0
    for person in db.session.scalars(select(User).where(User.active.is_(True))):
        mine = (Feedback.assignee_id == person.id) | (
            Feedback.assignee_id.is_(None) & in_scope(scope(person))
        )
        items = db.session.scalars(
            select(Feedback)
            .where(mine, Feedback.status.in_(OPEN), Feedback.due_on <= horizon)
            .order_by(Feedback.due_on)
        ).all()
        if not items:
            continue
        with use_language(person.ui_language):
            overdue = [i for i in items if i.due_on < today]
            body = render_template(
                "feedback/email/digest.txt",
                person=person,
                overdue=overdue,
                due_soon=[i for i in items if i.due_on >= today],
                inbox_url=public_url("feedback_admin.inbox"),
            )
            subject = render_template(
                "feedback/email/digest_subject.txt", total=len(items), overdue=len(overdue)
            )
        queue_email(person.email, subject.strip(), body)
        queued += 1
    return queued


def link_commitment(feedback: Feedback, commitment: Commitment | None, by: User, now=None) -> None:
    """Tie the item to the charter commitment it is about (or untie it)."""
    feedback.commitment = commitment
    note = commitment.text.get("es") if commitment else None
    _record(feedback, EventKind.COMMITMENT_LINKED, now or utcnow(), by, note=note, public=False)
    db.session.commit()


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
