"""The feedback workflow: submitting, folios and access codes, deadlines, tracking, answers."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask import current_app, render_template
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from app.catalog.models import Service
from app.charters.models import Commitment
from app.core.calendar import WorkingCalendar
from app.core.i18n import use_language
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

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
_hasher = PasswordHasher()
# Verified when a folio does not exist, so that a wrong folio takes as long as a wrong code.
_DUMMY_HASH = _hasher.hash("not-an-access-code")


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


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def local_date(moment: datetime) -> date:
    """The institution's calendar date of a UTC moment."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return moment.replace(tzinfo=UTC).astimezone(zone).date()


def new_access_code() -> str:
    """A random code of 12 unambiguous characters in groups of four (about 59 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normalize_code(text: str) -> str:
    """The code as typed, without spaces or dashes and in capitals."""
    return "".join(c for c in text.upper() if c.isalnum())


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


def _record(feedback: Feedback, kind: EventKind, now: datetime, actor: str, **fields) -> None:
    feedback.events.append(
        FeedbackEvent(at=now, on=local_date(now), actor=actor, kind=kind, **fields)
    )


def _pauses(feedback: Feedback) -> list[tuple[date, date | None]]:
    """The periods in which the clock stopped, from the events."""
    pauses: list[tuple[date, date | None]] = []
    for event in feedback.events:
        if event.kind is EventKind.INFORMATION_REQUESTED:
            pauses.append((event.on, None))
        elif event.kind is EventKind.INFORMATION_PROVIDED and pauses and pauses[-1][1] is None:
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
        access_code_hash=_hasher.hash(normalize_code(code)),
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
    _record(feedback, EventKind.CREATED, now, "citizen", to_status=FeedbackStatus.RECEIVED)
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
    try:
        _hasher.verify(feedback.access_code_hash if feedback else _DUMMY_HASH, normalize_code(code))
    except (VerifyMismatchError, InvalidHashError):
        return None
    return feedback


def request_information(feedback: Feedback, question: str, actor: str, now=None) -> None:
    """Ask the citizen for information (the legal "prevención"): the clock stops."""
    now = now or utcnow()
    previous = feedback.status
    feedback.status = FeedbackStatus.WAITING
    _record(feedback, EventKind.INFORMATION_REQUESTED, now, actor, note=question,
            from_status=previous, to_status=FeedbackStatus.WAITING)  # fmt: skip
    feedback.due_on = None
    if feedback.contact_email:
        _notify(feedback, "information_requested")
    db.session.commit()


def provide_information(feedback: Feedback, text: str, now=None) -> None:
    """The citizen answers a request for information: the clock runs again, and the due date
    moves by the working days it was stopped."""
    now = now or utcnow()
    _record(feedback, EventKind.INFORMATION_PROVIDED, now, "citizen", note=text,
            from_status=feedback.status, to_status=FeedbackStatus.IN_REVIEW)  # fmt: skip
    feedback.status = FeedbackStatus.IN_REVIEW
    feedback.due_on = deadline(feedback)
    db.session.commit()


def answer(feedback: Feedback, response: str, actor: str, now=None) -> None:
    """Publish the institution's answer and measure its response time in working days."""
    now = now or utcnow()
    calendar = WorkingCalendar.load()
    _record(feedback, EventKind.ANSWERED, now, actor, note=response,
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


def rate_answer(feedback: Feedback, score: int, now=None) -> None:
    """The citizen says whether the answer solved the problem (1–5), once."""
    now = now or utcnow()
    feedback.citizen_rating = score
    _record(feedback, EventKind.RATED, now, "citizen", note=str(score))
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
