"""The life of an item after it arrives: its events, deadline and pauses, the statuses staff
move it through, notes, assignment, answers and remedies, and what the citizen adds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from flask import current_app, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog.models import Dependency
from app.charters.models import Commitment
from app.core.calendar import WorkingCalendar
from app.core.clock import local_date, local_today, utcnow
from app.core.i18n import use_language
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.core.types import WorkingDays
from app.core.urls import public_url
from app.extensions import db
from app.feedback import uploads
from app.feedback.models import (
    Attachment,
    EventKind,
    Feedback,
    FeedbackEvent,
    FeedbackStatus,
    FeedbackType,
)
from app.outbox.services import queue_email
from app.staff.models import ACTING_ROLES, User
from app.staff.services import audit, audit_reading, scope

ONE_DAY = timedelta(days=1)


def record_event(
    feedback: Feedback,
    kind: EventKind,
    now: datetime,
    by: User | None = None,
    actor: str | None = None,
    **fields,
) -> None:
    """Add an event; ``by`` is the staff member, or nobody when the citizen acted (or the
    ``actor`` named, such as "system")."""
    feedback.events.append(
        FeedbackEvent(
            at=now,
            on=local_date(now),
            actor=actor or ("staff" if by else "citizen"),
            user=by,
            kind=kind,
            **fields,
        )
    )


def _pauses(feedback: Feedback, calendar: WorkingCalendar) -> list[tuple[date, date | None]]:
    """The periods in which the clock stopped, from the events. A request for information made
    after the due date stops nothing: the clock had already run out."""
    pauses: list[tuple[date, date | None]] = []
    for event in feedback.events:
        if event.to_status is FeedbackStatus.WAITING:
            due_on = calendar.due_date(feedback.received_on, feedback.due_days, pauses)
            if due_on is None or event.on <= due_on:
                pauses.append((event.on, None))
        elif event.from_status is FeedbackStatus.WAITING and pauses and pauses[-1][1] is None:
            pauses[-1] = (pauses[-1][0], event.on)
    return pauses


def deadline(feedback: Feedback, calendar: WorkingCalendar | None = None) -> date | None:
    """The due date: the item's working days counted from the day after receipt, extended by
    the working days in which the institution waited for the citizen (None while it waits)."""
    calendar = calendar or WorkingCalendar.load()
    return calendar.due_date(feedback.received_on, feedback.due_days, _pauses(feedback, calendar))


def response_time(
    feedback: Feedback, answered_on: date, calendar: WorkingCalendar | None = None
) -> WorkingDays:
    """The working days from receipt to ``answered_on`` that no pause suspended. An answer on a
    non-working day counts as given on the next working day: after a Friday due date, a
    Saturday answer is late, as the citizen reads the due date."""
    calendar = calendar or WorkingCalendar.load()
    while not calendar.is_working_day(answered_on):
        answered_on += ONE_DAY
    return WorkingDays(
        calendar.elapsed_working_days(
            feedback.received_on, answered_on, _pauses(feedback, calendar)
        )
    )


def remeasure_response_times() -> int:
    """Measure again, with the rules in force, the response time of every answered item (after
    an upgrade changed them: an answer on a non-working day counts from the next working day,
    a request for information after the due date stops nothing). Returns how many changed; the
    caller commits and recomputes the indicators."""
    calendar = WorkingCalendar.load()
    changed = 0
    items = db.session.scalars(
        select(Feedback)
        .where(Feedback.answered_at.is_not(None), Feedback.response_days.is_not(None))
        .options(selectinload(Feedback.events))
        .execution_options(yield_per=1000)
    )
    for item in items:
        days = response_time(item, local_date(item.answered_at), calendar)
        if days != item.response_days:
            item.response_days = days
            changed += 1
    return changed


ANSWERED_STATUSES = (
    FeedbackStatus.ANSWERED,
    FeedbackStatus.CLOSED_RESOLVED,
    FeedbackStatus.CLOSED_UNRESOLVED,
)


def is_late(feedback: Feedback, today: date) -> bool | None:
    """Whether the item broke its due date, as every figure counts it: answered after it,
    dismissed after it, or still open past it (asking for information after it changes
    nothing). None for what no deadline applies to: compliments, and items dismissed on time.
    The dashboard and the indicators count the same in SQL."""
    if not feedback.type.timed:
        return None
    if feedback.status in ANSWERED_STATUSES:
        return feedback.response_days > feedback.due_days
    if feedback.due_on is None:  # the clock is stopped
        return False
    if feedback.status is FeedbackStatus.DISMISSED:
        late = feedback.dismissed_on is not None and feedback.dismissed_on > feedback.due_on
        return True if late else None
    return today > feedback.due_on


def explain_deadline(feedback: Feedback, calendar: WorkingCalendar | None = None) -> dict:
    """What the tracking page says about the due date: the days, what did not count, pauses,
    and whether the item is late as every published figure counts it."""
    calendar = calendar or WorkingCalendar.load()
    end = feedback.due_on or feedback.received_on
    pauses = _pauses(feedback, calendar)
    return {
        "days": feedback.due_days,
        "received_on": feedback.received_on,
        "due_on": feedback.due_on,
        "skipped": calendar.non_working_days_between(feedback.received_on, end),
        "pauses": pauses,
        "pause_starts": {start for start, _end in pauses},
        "late": is_late(feedback, local_today()),
        "answered_on": (
            local_date(feedback.answered_at) if feedback.status in ANSWERED_STATUSES else None
        ),
    }


OPEN = (FeedbackStatus.RECEIVED, FeedbackStatus.IN_REVIEW, FeedbackStatus.WAITING)
# Items in these statuses are finished: they stay with whoever answered them.
FINISHED = (
    FeedbackStatus.CLOSED_RESOLVED,
    FeedbackStatus.CLOSED_UNRESOLVED,
    FeedbackStatus.DISMISSED,
)


def is_overdue(feedback: Feedback, today: date) -> bool:
    """Still unanswered after its due date (never a compliment: see ``is_late``)."""
    return (
        feedback.type.timed
        and feedback.status in OPEN
        and feedback.due_on is not None
        and feedback.due_on < today
    )


def attach(feedback: Feedback, files: list[uploads.StoredFile]) -> None:
    """Keep the citizen's checked files with the item (the caller commits)."""
    for stored in files:
        feedback.attachments.append(
            Attachment(
                stored_name=stored.stored_name,
                original_name=stored.original_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                voice=stored.voice,
                seconds=stored.seconds,
            )
        )
        uploads.keep(stored)


def notify(feedback: Feedback, template: str, **context) -> None:
    """Queue an e-mail to the citizen, in their language, in the current transaction."""
    with use_language(feedback.language) as language:
        subject = render_template(f"feedback/email/{template}_subject.txt", feedback=feedback)
        body = render_template(
            f"feedback/email/{template}.txt",
            feedback=feedback,
            # The language the e-mail is written in, which is offered as an interface: an
            # answer language without pages of its own (Otomí) would link to a 404.
            tracking_url=public_url("feedback.track", lang=language.code),
            **context,
        )
    queue_email(feedback.contact_email, subject.strip(), body)


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
    feedback: Feedback,
    to: FeedbackStatus,
    by: User,
    note: str | None = None,
    now=None,
    *,
    ip: str | None = None,
) -> None:
    """Move an item along the workflow (review, close, dismiss with a reason, reopen); leaving
    WAITING restarts the clock. Raises ``RuleError`` for a dismissal without a reason and
    ``TransitionError`` for a move the workflow has no place for."""
    if to in WITH_OWN_OPERATION:
        raise TransitionError(f"{to.value} needs its own operation")
    _check(feedback, to)
    if to is S.DISMISSED and not note:
        raise RuleError(_l("Escriba el motivo para desechar."), field="nota")
    now = now or utcnow()
    previous = feedback.status
    _audit("feedback.status_changed", feedback, by, ip, to=to.value, **{"from": previous.value})
    record_event(feedback, EventKind.STATUS_CHANGED, now, by, note=note, from_status=previous,
                 to_status=to)  # fmt: skip
    feedback.status = to
    if previous is S.WAITING:
        feedback.due_on = deadline(feedback)
    # Dismissed after its due date, an item stays late; reopened, it is judged as open again.
    feedback.dismissed_on = local_date(now) if to is S.DISMISSED else None
    if to is S.DISMISSED and feedback.contact_email:
        notify(feedback, "dismissed")  # a final decision, as an answer is
    db.session.commit()


def assign(
    feedback: Feedback,
    dependency: Dependency,
    person: User | None,
    by: User,
    now=None,
    *,
    ip: str | None = None,
) -> None:
    """Give the item to a dependency and, optionally, to a person: both within the scope of
    the one who assigns it. Raises ``RuleError``."""
    allowed = scope(by)
    if allowed is not None and dependency.id not in allowed:
        raise RuleError(_l("Elija una dependencia de la lista."), field="dependencia_asignada")
    if person is not None and allowed is not None and person.dependency_id not in allowed:
        raise RuleError(_l("Elija una persona de la lista."), field="persona")
    if dependency.retired_on is not None and dependency.id != feedback.dependency_id:
        raise RuleError(
            _l("Esa dependencia se retiró: elija otra de la lista."), field="dependencia_asignada"
        )
    if person is not None and not holds(person)(dependency.id):
        raise RuleError(
            _l(
                "Esa persona no atiende los mensajes de esa dependencia: elija a otra persona "
                "u otra dependencia."
            ),
            field="persona",
        )
    now = now or utcnow()
    _audit("feedback.assigned", feedback, by, ip, dependency=dependency.id,
           user=person and person.id)  # fmt: skip
    feedback.dependency = dependency
    feedback.assignee = person
    names = [dependency.name.get("es", ""), person.name if person else ""]
    record_event(feedback, EventKind.ASSIGNED, now, by, note=" · ".join(filter(None, names)),
                 public=False)  # fmt: skip
    db.session.commit()


def holds(person: User) -> Callable[[int | None], bool]:
    """Whether an item of a dependency (by id) can be given to ``person``: an active account
    that acts on items (not a viewer, not a translator) and sees that dependency's items. The
    person's scope is read once, however many items are asked about."""
    if not person.active or person.role not in ACTING_ROLES:
        return lambda _dependency_id: False
    allowed = scope(person)
    return lambda dependency_id: allowed is None or dependency_id in allowed


def return_to_queue(items, by: User | None, now, note) -> int:
    """Send ``items`` back to their dependency's queue (unassigned), each with an event saying
    why (``by`` None: the system did). The caller commits. Returns how many."""
    for item in items:
        item.assignee = None
        where = item.dependency.name.get("es", "") if item.dependency else ""
        record_event(item, EventKind.ASSIGNED, now, by, note=f"{where} · {note}".strip(" ·"),
                     public=False)  # fmt: skip
        if by is None:
            item.events[-1].actor = "system"
    return len(items)


def return_unheld(dependency_ids: set[int], by: User | None) -> int:
    """The open items of these dependencies whose assignee can no longer hold them (the
    dependencies moved elsewhere in the tree, ``by`` someone or an import) go back to their
    dependency's queue. The caller commits. Returns how many."""
    note = _l("vuelve a la bandeja: la dependencia cambió de lugar en el organigrama")
    items = db.session.scalars(
        select(Feedback).where(
            Feedback.dependency_id.in_(dependency_ids),
            Feedback.assignee_id.is_not(None),
            Feedback.status.not_in(FINISHED),
        )
    ).all()
    holders: dict[int, Callable] = {}  # each assignee's scope read once
    for item in items:
        if item.assignee_id not in holders:
            holders[item.assignee_id] = holds(item.assignee)
    unheld = [item for item in items if not holders[item.assignee_id](item.dependency_id)]
    return return_to_queue(unheld, by, utcnow(), note)


def add_note(feedback: Feedback, text: str, by: User, now=None, *, ip: str | None = None) -> None:
    """An internal note: staff see it in the history, the citizen never does."""
    _audit("feedback.note_added", feedback, by, ip)
    record_event(feedback, EventKind.NOTE, now or utcnow(), by, note=text, public=False)
    db.session.commit()


def flag_impact(
    feedback: Feedback, flagged: bool, reason: str | None, by: User, now=None, *, ip=None
) -> None:
    """Escalate (or stop escalating) an item as having institutional impact; asked again
    for what it already is, nothing changes."""
    if feedback.institutional_impact == flagged:
        return
    _audit("feedback.impact_flagged" if flagged else "feedback.impact_cleared", feedback, by, ip)
    feedback.institutional_impact = flagged
    record_event(feedback, EventKind.IMPACT, now or utcnow(), by,
                 note=reason if flagged else None, public=False)  # fmt: skip
    db.session.commit()


def impact_reason(feedback: Feedback) -> str | None:
    """The reason given when the item was last marked with institutional impact."""
    marks = [e for e in feedback.events if e.kind is EventKind.IMPACT]
    return marks[-1].note if marks else None


def request_information(
    feedback: Feedback, question: str, by: User | None, now=None, *, ip: str | None = None
) -> None:
    """Ask the citizen for information (the legal "prevención"): the clock stops, unless the
    due date has already passed."""
    _check(feedback, FeedbackStatus.WAITING)
    now = now or utcnow()
    _audit("feedback.information_requested", feedback, by, ip)
    previous = feedback.status
    feedback.status = FeedbackStatus.WAITING
    record_event(feedback, EventKind.INFORMATION_REQUESTED, now, by, note=question,
                 from_status=previous, to_status=FeedbackStatus.WAITING)  # fmt: skip
    feedback.due_on = deadline(feedback)
    if feedback.contact_email:
        notify(feedback, "information_requested")
    db.session.commit()


def provide_information(
    feedback: Feedback, text: str, now=None, files: list[uploads.StoredFile] = ()
) -> None:
    """The citizen answers a request for information, with files if they like: the clock runs
    again, and the due date moves by the working days it was stopped."""
    if feedback.status is not FeedbackStatus.WAITING:
        raise TransitionError(f"{feedback.status.value}: nothing was asked")
    now = now or utcnow()
    record_event(feedback, EventKind.INFORMATION_PROVIDED, now, note=text,
                 from_status=feedback.status, to_status=FeedbackStatus.IN_REVIEW)  # fmt: skip
    feedback.status = FeedbackStatus.IN_REVIEW
    feedback.due_on = deadline(feedback)
    attach(feedback, list(files))
    db.session.commit()


def answer(
    feedback: Feedback, response: str, by: User | None, now=None, *, ip: str | None = None
) -> None:
    """Publish the institution's answer and measure its response time in working days."""
    _check(feedback, FeedbackStatus.ANSWERED)
    now = now or utcnow()
    _audit("feedback.answered", feedback, by, ip)
    record_event(feedback, EventKind.ANSWERED, now, by, note=response,
                 from_status=feedback.status, to_status=FeedbackStatus.ANSWERED)  # fmt: skip
    feedback.status = FeedbackStatus.ANSWERED
    feedback.public_response = response
    feedback.answered_at = now
    feedback.response_days = response_time(feedback, local_date(now))
    if feedback.contact_email:
        notify(feedback, "answered")
    db.session.commit()


def takes_remedy(feedback: Feedback) -> bool:
    """Only a claim about a charter commitment can be remedied."""
    return feedback.type is FeedbackType.CLAIM and feedback.commitment is not None


def record_remedy(
    feedback: Feedback,
    breach_confirmed: bool,
    remedy: str | None,
    remedied_on: date | None,
    by: User,
    now=None,
    *,
    ip: str | None = None,
) -> None:
    """Record, for a claim about a commitment, whether the breach was confirmed and the remedy
    the charter promises; the citizen sees in the history when it was given. Raises
    ``RuleError`` for a remedy given before the item was received."""
    if not takes_remedy(feedback):
        raise TransitionError(f"{feedback.type.value} without a commitment takes no remedy")
    if remedied_on is not None and remedied_on < feedback.received_on:
        raise RuleError(
            _l("La fecha no puede ser anterior a la recepción del mensaje."), field="otorgada"
        )
    _audit("feedback.remedy_recorded", feedback, by, ip, breach=breach_confirmed,
           given=bool(remedied_on))  # fmt: skip
    now = now or utcnow()
    if breach_confirmed != feedback.breach_confirmed:
        # The citizen sees the decision, and a change of mind, in the history.
        kind = EventKind.BREACH_CONFIRMED if breach_confirmed else EventKind.BREACH_NOT_CONFIRMED
        record_event(feedback, kind, now, by)
    feedback.breach_confirmed = breach_confirmed
    feedback.remedy = remedy if breach_confirmed else None
    given = remedied_on if breach_confirmed else None
    if given and feedback.remedied_on != given:
        record_event(feedback, EventKind.REMEDIED, now, by, note=remedy)
    feedback.remedied_on = given
    db.session.commit()


def can_rate(feedback: Feedback) -> bool:
    """The citizen rates an answer once."""
    return feedback.status is FeedbackStatus.ANSWERED and feedback.citizen_rating is None


def rate_answer(feedback: Feedback, score: int, now=None) -> None:
    """The citizen says whether the answer solved the problem (1–5), once."""
    if not can_rate(feedback):
        raise TransitionError(f"{feedback.status.value}: not an answer to rate")
    now = now or utcnow()
    feedback.citizen_rating = score
    feedback.rated_answer_at = feedback.answered_at
    record_event(feedback, EventKind.RATED, now, note=str(score))
    db.session.commit()


def can_reopen(feedback: Feedback, today: date) -> bool:
    """The citizen may say an answer did not solve the problem once, within
    ``FEEDBACK_REOPEN_DAYS`` working days of the answer; a compliment has no problem to solve."""
    if feedback.status not in ANSWERED_STATUSES or feedback.reopened_at is not None:
        return False
    if feedback.type is FeedbackType.COMPLIMENT:
        return False
    if feedback.answered_at is None:
        return False
    elapsed = WorkingCalendar.load().working_days_between(local_date(feedback.answered_at), today)
    return elapsed <= current_app.config["FEEDBACK_REOPEN_DAYS"]


def already_said(
    feedback: Feedback, kind: EventKind, text: str | None, by: User | None = None
) -> bool:
    """Whether the item's last change of status is the ``kind`` action (information sent,
    reopening, a change of status) of ``by`` (``None``: the citizen) saying ``text``: the same
    form sent again (a double tap or click) after the first one was taken. Once anything moved
    the item on, the form is out of date."""
    moves = [e for e in feedback.events if e.to_status is not None]
    last = moves[-1] if moves else None
    actor = last is not None and (last.actor == "citizen" if by is None else last.user_id == by.id)
    return actor and last.kind is kind and last.note == text


def reopen(feedback: Feedback, reason: str, now=None) -> None:
    """The citizen says the answer did not solve the problem: the item goes back to review,
    with their reason in its history, and counts as reopened in the published figures."""
    now = now or utcnow()
    if not can_reopen(feedback, local_date(now)):
        raise TransitionError(f"{feedback.status.value}: cannot be reopened")
    record_event(feedback, EventKind.REOPENED, now, note=reason, from_status=feedback.status,
                 to_status=S.IN_REVIEW)  # fmt: skip
    feedback.status = S.IN_REVIEW
    feedback.reopened_at = now
    # Whoever answered it may have left since (deactivated, moved): the queue takes it.
    if feedback.assignee is not None and not holds(feedback.assignee)(feedback.dependency_id):
        note = _l("vuelve a la bandeja: quien la respondió ya no atiende esta dependencia")
        return_to_queue([feedback], None, now, note)
    db.session.commit()


def link_commitment(
    feedback: Feedback, commitment: Commitment | None, by: User, now=None, *, ip=None
) -> None:
    """Tie the item to the charter commitment it is about (or untie it)."""
    _audit("feedback.commitment_linked", feedback, by, ip, commitment=commitment and commitment.id)
    feedback.commitment = commitment
    note = commitment.text.get("es") if commitment else None
    record_event(
        feedback, EventKind.COMMITMENT_LINKED, now or utcnow(), by, note=note, public=False
    )
    db.session.commit()


def record_view(feedback: Feedback, by: User, *, ip: str | None) -> None:
    """Staff opened the item: who read a citizen's data is on record (see ``audit_reading``)."""
    audit_reading("feedback.viewed", by, feedback, ip=ip)
    db.session.commit()


def record_download(feedback: Feedback, file: Attachment, by: User, *, ip: str | None) -> None:
    """Staff downloaded one of the citizen's files."""
    _audit("feedback.attachment_downloaded", feedback, by, ip, attachment=file.id)
    db.session.commit()


def _audit(action: str, feedback: Feedback, by: User | None, ip: str | None, **detail) -> None:
    """The audit row of a staff action on an item, committed with the change."""
    audit(action, by, target=feedback, detail=detail or None, ip=ip)
