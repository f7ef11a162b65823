"""What staff have to do: the inbox's query, counts per status, response times per
language and the daily digest of items due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, render_template
from sqlalchemy import (
    bindparam,
    exists,
    func,
    literal,
    select,
    true,
    tuple_,
    union_all,
)

from app.catalog.models import Service
from app.catalog.services import matching
from app.charters.services import Renewal, renewals
from app.core.calendar import WorkingCalendar
from app.core.i18n import use_language
from app.core.languages import ANSWER_LANGUAGES
from app.core.lazy_text import lazy_gettext as _l
from app.core.pagination import written
from app.core.urls import public_url
from app.extensions import db
from app.feedback.models import (
    Channel,
    EventKind,
    Feedback,
    FeedbackStatus,
    FeedbackType,
)
from app.feedback.services.submission import normalize_folio
from app.feedback.services.workflow import OPEN, record_event
from app.outbox.services import queue_email
from app.staff.models import Role, User
from app.staff.services import audit, scope

# SQL: an item deadlines count for (``FeedbackType.timed``): a compliment is never overdue.
TIMED = Feedback.type != FeedbackType.COMPLIMENT
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


def status_in(statuses) -> object:
    """SQL: the item is in one of ``statuses``, written in the statement itself rather than as
    parameters, so that PostgreSQL sees, whenever it plans it, that the index of open items
    (``ix_feedback_inbox_open``) holds every item asked for."""
    values = bindparam(
        None, list(statuses), expanding=True, literal_execute=True, type_=Feedback.status.type
    )
    return Feedback.status.in_(values)


def inbox(query: InboxQuery, today: date):
    """Items matching the query, earliest due date first, so among open items the overdue
    come first (items without a due date, those waiting for the citizen, last)."""
    statement = select(Feedback).where(in_scope(query.scope))
    if query.statuses is not None:
        statement = statement.where(status_in(query.statuses))
    if query.type is not None:
        statement = statement.where(Feedback.type == query.type)
    if query.dependency_id is not None:
        statement = statement.where(Feedback.dependency_id == query.dependency_id)
    if query.service_id is not None:
        statement = statement.where(Feedback.service_id == query.service_id)
    if services := matching(query.service_text):
        statement = statement.where(Feedback.service_id.in_(select(Service.id).where(*services)))
    if query.channel is not None:
        statement = statement.where(Feedback.channel == query.channel)
    if query.due == "overdue":
        statement = statement.where(status_in(OPEN), Feedback.due_on < today, TIMED)
    elif query.due == "week":
        statement = statement.where(
            status_in(OPEN), Feedback.due_on.between(today, today + timedelta(days=7))
        )
    if query.impact:
        statement = statement.where(Feedback.institutional_impact.is_(True))
    if text := query.text.strip():
        pattern = containing(text)
        found = Feedback.folio.ilike(pattern, escape="/") | Feedback.text.ilike(pattern, escape="/")
        # A folio as dictated ("sqr 2026 000861") is found as the tracking page finds it.
        if (folio := normalize_folio(text)) != text.upper():
            found |= Feedback.folio == folio
        statement = statement.where(found)
    return statement.order_by(*INBOX_ORDER)


def containing(words: str):
    """A pattern of ILIKE for what contains ``words``, written in the statement itself: so
    PostgreSQL plans each search knowing its words, and reads a rare word's few items from the
    trigram indexes (``ix_feedback_text_trgm``) and a common word's first items in the inbox's
    order, instead of one plan for every word."""
    escaped = words.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return bindparam(None, f"%{escaped}%", literal_execute=True)


# The inbox's order: earliest due date first, items without one (waiting for the citizen) last,
# then by id, so that every item has a place of its own: the order of the indexes
# ``ix_feedback_due_on_id`` and ``ix_feedback_inbox_open`` (open items) on PostgreSQL.
INBOX_ORDER = (Feedback.due_on.asc().nulls_last(), Feedback.id.asc())
BACKWARDS = (Feedback.due_on.desc().nulls_first(), Feedback.id.desc())
INBOX_PAGE_SIZE = 25
# Beyond this many, the inbox and its figures say "more than" instead of counting on: an exact
# count would read every item (a million at national scale) on every page.
COUNT_BOUND = 1000
NO_DUE_DATE = "sin-plazo"  # the due date of an item without one, in a page's address


@dataclass(frozen=True)
class InboxKey:
    """An item's place in the inbox's order (its due date, ``None`` for none, and its id): a
    page starts after or ends before one. Written ``2026-01-31.1234`` (``sin-plazo.1234``) in the
    page's address."""

    due: date | None
    id: int

    def __str__(self) -> str:
        return f"{self.due.isoformat() if self.due else NO_DUE_DATE}.{self.id}"

    @classmethod
    def of(cls, item: Feedback) -> InboxKey:
        return cls(item.due_on, item.id)

    @classmethod
    def parse(cls, text: str | None) -> InboxKey | None:
        """The key written in ``text``; ``None`` for anything else (the first page then)."""
        due, dot, number = (text or "").partition(".")
        if not dot or not number.isascii() or not number.isdigit() or len(number) > 10:
            return None
        if not 1 <= int(number) <= 2**31 - 1:
            return None
        if due == NO_DUE_DATE:
            return cls(None, int(number))
        try:
            return cls(date.fromisoformat(due), int(number)) if len(due) == 10 else None
        except ValueError:
            return None

    def following(self) -> list:
        """The stretches of the order after this key, each ``(condition, order)``, in order:
        ``(due_on, id) > key`` leaves out the items without a due date, which follow."""
        if self.due is None:
            return [((Feedback.due_on.is_(None) & (Feedback.id > self.id)), INBOX_ORDER)]
        return [
            (tuple_(Feedback.due_on, Feedback.id) > tuple_(literal(self.due), literal(self.id)),
             INBOX_ORDER),
            (Feedback.due_on.is_(None), INBOX_ORDER),
        ]  # fmt: skip

    def preceding(self) -> list:
        """The stretches of the order before this key, nearest first, each read backwards."""
        if self.due is not None:
            before = tuple_(Feedback.due_on, Feedback.id) < tuple_(
                literal(self.due), literal(self.id)
            )
            return [(before, BACKWARDS)]
        return [
            (Feedback.due_on.is_(None) & (Feedback.id < self.id), BACKWARDS),
            (Feedback.due_on.is_not(None), BACKWARDS),
        ]


@dataclass(frozen=True)
class InboxPage:
    """A page of the inbox, with the keys of the pages before and after it (``None``: none)."""

    items: list[Feedback]
    total: int  # how many items match, counted up to COUNT_BOUND + 1
    previous: InboxKey | None = None
    next: InboxKey | None = None

    @property
    def more_than_bound(self) -> bool:
        return self.total > COUNT_BOUND


def _read(statement, stretches: list, how_many: int) -> list[Feedback]:
    """The first ``how_many`` items of ``statement`` along ``stretches`` (one query each, an
    index range each; a later stretch only when the earlier ones ran out)."""
    rows: list[Feedback] = []
    for condition, order in stretches:
        wanted = how_many - len(rows)
        if wanted <= 0:
            break
        ordered = statement.where(condition).order_by(None).order_by(*order)
        rows += db.session.scalars(ordered.limit(written(wanted))).all()
    return rows


def inbox_page(
    statement,
    after: InboxKey | None = None,
    before: InboxKey | None = None,
    size: int = 0,
    options: tuple = (),
) -> InboxPage:
    """The page of ``statement`` (``inbox()``) that starts after ``after`` or ends before
    ``before`` (the first page without either, or when nothing is there), its items loaded with
    ``options``: it reads at most ``size + 1`` items through the index, however far the page
    is, and counts at most ``COUNT_BOUND + 1``. Two to four queries whatever the number of
    items."""
    size = size or INBOX_PAGE_SIZE
    # Counted without the loader options, which SQLAlchemy would walk for nothing.
    total = count_at_most(statement, COUNT_BOUND)
    statement = statement.options(*options)
    if before is not None:
        rows = _read(statement, before.preceding(), size + 1)
        if len(rows) > size:  # not the first page: it has a page before it, and one after
            items = rows[:size][::-1]
            return InboxPage(items, total, InboxKey.of(items[0]), InboxKey.of(items[-1]))
        after = None  # at most a page before it: the first page
    if after is not None:
        rows = _read(statement, after.following(), size + 1)
        if rows:
            items = rows[:size]
            more = InboxKey.of(items[-1]) if len(rows) > size else None
            return InboxPage(items, total, InboxKey.of(items[0]), more)
    rows = db.session.scalars(statement.limit(written(size + 1))).all()
    items = list(rows[:size])
    return InboxPage(items, total, None, InboxKey.of(items[-1]) if len(rows) > size else None)


def count_at_most(statement, bound: int) -> int:
    """How many rows ``statement`` finds, counting no further than ``bound + 1``."""
    probe = statement.with_only_columns(literal(1), maintain_column_froms=True)
    probe = probe.order_by(None).limit(written(bound + 1))
    return db.session.scalar(select(func.count()).select_from(probe.subquery()))


def status_counts(scope: set[int] | None, bound: int = 0) -> dict[FeedbackStatus, int]:
    """How many items the person may see are in each status, each counted no further than
    ``bound + 1`` (one query, reading at most that many index entries per status); statuses
    without items are left out."""
    bound = bound or COUNT_BOUND
    counts = [
        select(func.count())
        .select_from(
            select(literal(1))
            .select_from(Feedback)
            .where(Feedback.status == status, in_scope(scope))
            .limit(written(bound + 1))
            .subquery()
        )
        .scalar_subquery()
        for status in FeedbackStatus
    ]
    row = db.session.execute(select(*counts)).one()
    return {status: n for status, n in zip(FeedbackStatus, row, strict=True) if n}


def response_times_by_language(
    scope_ids: set[int] | None, recent: int = 0
) -> list[tuple[str, int, float]]:
    """For answered items the person may see, per language of the answer: how many (counted no
    further than ``recent + 1``) and the mean response time in working days of the ``recent``
    latest received (all of them when fewer). One query, reading at most ``recent + 1`` entries
    of an index per language, however many items were answered."""
    recent = recent or COUNT_BOUND
    parts = []
    # Every language answers are written in, those administrators added too.
    for code in ANSWER_LANGUAGES:
        latest = (
            select(
                Feedback.response_days.label("days"),
                func.row_number().over(order_by=Feedback.id.desc()).label("n"),
            )
            .where(
                Feedback.language == code,
                Feedback.response_days.is_not(None),
                in_scope(scope_ids),
            )
            .order_by(Feedback.id.desc())
            .limit(written(recent + 1))
            .subquery()
        )
        parts.append(
            select(
                literal(code).label("language"),
                func.count().label("answered"),
                func.avg(latest.c.days).filter(latest.c.n <= recent).label("mean"),
            ).select_from(latest)
        )
    rows = db.session.execute(union_all(*parts))
    return sorted((language, count, float(mean)) for language, count, mean in rows if count)


def coordination() -> Role:
    """Who coordinates the institution's feedback and charters: its coordinators, or its
    administrators where it has no coordinator (escalations and renewals reach somebody)."""
    coordinators = exists().where(User.role == Role.COORDINATOR, User.active.is_(True))
    return Role.COORDINATOR if db.session.scalar(select(coordinators)) else Role.ADMIN


def queue_digests(today: date, soon: int = 2) -> int:
    """Queue, for each active staff member, an e-mail listing the open items assigned to them
    (or unassigned in their scope) that are overdue or due within ``soon`` working days, and,
    for the coordination and managers, the charters of their scope whose validity or
    certification ends within 90 days (or has ended). Returns how many e-mails were queued;
    the caller's command commits."""
    calendar = WorkingCalendar.load()
    horizon = calendar.add_working_days(today, soon)
    ending = renewals(today)
    told_of_renewals = (coordination(), Role.MANAGER)
    queued = 0
    # Translators never see citizens' messages: no digest for them.
    readers = select(User).where(User.active.is_(True), User.role != Role.TRANSLATOR)
    for person in db.session.scalars(readers):
        allowed = scope(person)
        mine = (Feedback.assignee_id == person.id) | (
            Feedback.assignee_id.is_(None) & in_scope(allowed)
        )
        # Deadlines do not apply to compliments: a digest neither lists nor counts them.
        items = db.session.scalars(
            select(Feedback)
            .where(mine, TIMED, Feedback.status.in_(OPEN), Feedback.due_on <= horizon)
            .order_by(Feedback.due_on)
        ).all()
        charters = _renewals_for(person, allowed, ending, told_of_renewals)
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


def _renewals_for(
    person: User, allowed: set[int] | None, ending: list[Renewal], roles: tuple[Role, ...]
) -> list[Renewal]:
    """The charters to renew that concern ``person``: the coordination hears of all of them,
    managers of those of their dependencies (``roles``); nobody else."""
    if person.role not in roles:
        return []
    return [r for r in ending if allowed is None or r.charter.dependency_id in allowed]


def escalate_overdue(today: date, now: datetime) -> int:
    """Escalate the open items whose due date passed: the managers of the item's dependency are
    told at once, the coordinators once it is ``FEEDBACK_ESCALATE_COORDINATORS_DAYS`` working
    days late (at once, too, when nobody manages its dependency); where the institution has no
    coordinator, its administrators are the coordination. Each step is an event in the
    item's history, which the citizen sees, and an audit row; each person gets one e-mail
    listing their items. An item is never escalated twice to the same level, so the command
    can run as often as wanted. Returns how many items were escalated; the caller commits."""
    calendar = WorkingCalendar.load()
    later = current_app.config["FEEDBACK_ESCALATE_COORDINATORS_DAYS"]
    people = db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_((Role.MANAGER, Role.COORDINATOR, Role.ADMIN)))
        .order_by(User.id)
    ).all()
    managers = [(person, scope(person)) for person in people if person.role is Role.MANAGER]
    coordinating = coordination()
    coordinators = [person for person in people if person.role is coordinating]
    told: dict[User, list[tuple[Feedback, int]]] = {}
    items = db.session.scalars(
        select(Feedback)
        .where(
            Feedback.status.in_(OPEN),
            Feedback.due_on < today,
            TIMED,
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
