"""How an item arrives: folios, access codes, the submission itself (the citizen's or one
registered by staff), tracking by folio and code, and satisfaction surveys."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from app.catalog.models import Dependency, Service
from app.charters.models import Commitment
from app.core.calendar import WorkingCalendar
from app.core.clock import local_date, local_today, utc_at, utcnow
from app.core.hashing import dummy_hash, hasher
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.core.types import WorkingDays
from app.extensions import db
from app.feedback import uploads
from app.feedback.models import (
    Channel,
    EventKind,
    Feedback,
    FeedbackStatus,
    FeedbackType,
    FolioCounter,
    SurveyResponse,
)
from app.feedback.services.workflow import attach, notify, record_event
from app.staff.models import ACTING_ROLES, User
from app.staff.services import audit

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
    # Of an item about no service in particular: the staff member's who registered it, so that
    # it stays in their scope (a citizen's goes to the institution-wide queue).
    dependency: Dependency | None = None
    commitment: Commitment | None = None
    incident_date: date | None = None
    incident_place: str | None = None
    incident_coordinates: tuple[Decimal, Decimal] | None = None  # (latitude, longitude)
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    files: list[uploads.StoredFile] = field(default_factory=list)
    channel: Channel = Channel.WEB
    # The sending browser's random id (signed session cookie): its access code derives from it.
    browser: str | None = None


def new_access_code() -> str:
    """A random code of 12 unambiguous characters in groups of four (about 59 bits)."""
    return _grouped("".join(secrets.choice(CODE_ALPHABET) for _ in range(12)))


def _grouped(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def browser_access_code(browser: str, submission_key: str) -> str:
    """The access code of a form sent from a browser: derived, with the application's secret,
    from the browser's random id and the form's submission key. A submission retried after a
    lost response (same form, same browser) gets the same code and can show it again; another
    browser, even with the submission key, cannot compute it."""
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"access-code:{browser}:{submission_key}".encode()
    number = int.from_bytes(hmac.new(secret, message, hashlib.sha256).digest(), "big")
    raw = ""
    for _ in range(12):  # 256 bits give 12 symbols of 31 with no noticeable bias
        number, index = divmod(number, len(CODE_ALPHABET))
        raw += CODE_ALPHABET[index]
    return _grouped(raw)


def normalize_code(text: str) -> str:
    """The code as typed, without spaces or dashes and in capitals."""
    return "".join(c for c in text.upper() if c.isalnum())


FOLIO_PARTS = re.compile(r"([A-Z]+)(\d{4})(\d{6})")


def normalize_folio(text: str) -> str:
    """A folio as typed or dictated (``sqr 2026 000861``, ``SQR2026000861``, other dashes) in
    its written form, ``SQR-2026-000861``; any other text as it was, in capitals."""
    found = FOLIO_PARTS.fullmatch("".join(c for c in text.upper() if c.isalnum()))
    return "-".join(found.groups()) if found else text.strip().upper()


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


def submit(
    submission: Submission,
    now: datetime | None = None,
    before_commit: Callable[[Feedback], None] | None = None,
    registered_by: User | None = None,
) -> tuple[Feedback, str | None]:
    """Save an item with its first event, its files and the acknowledgment e-mail,
    in one transaction. Returns the item and its access code. A form sent again (a double
    click, the back button, a request retried after a lost response) finds the item already
    saved: its code again when the same browser sent both, ``None`` otherwise.
    ``before_commit`` adds what another channel records with a new item (in the same
    transaction, after a flush); ``registered_by``: the staff member who registered it, whom
    its history names (the person otherwise)."""
    existing = sent_with(submission.submission_key)
    if existing is not None:
        return _sent_again(existing, submission)
    if not submission.text.strip() and not any(stored.voice for stored in submission.files):
        raise RuleError(_l("Escriba qué pasó."), field="descripcion")
    feedback, code = _new_item(submission, now or utcnow(), registered_by)
    try:
        if before_commit is not None:
            db.session.flush()
            before_commit(feedback)
        db.session.commit()
    except IntegrityError:
        # The same submission committed meanwhile by a concurrent request.
        db.session.rollback()
        return _sent_again(sent_with(submission.submission_key), submission)
    return feedback, code


class AlreadySent(RuleError):
    """A form sent before comes back with other content (changed after it was sent): it is not
    saved over the item, and the person is told so (``feedback`` is the item it was sent as)."""

    def __init__(self, feedback: Feedback):
        self.feedback = feedback
        super().__init__(
            _l(
                "Este mensaje ya se había enviado con el folio %(folio)s, y los cambios no se "
                "guardaron en él. Para agregar o corregir algo, revise lo que escribió y "
                "envíelo como un mensaje nuevo: tendrá otro folio.",
                folio=feedback.folio,
            )
        )


def sent_with(submission_key: str) -> Feedback | None:
    """The item a form was already sent as, if any."""
    return db.session.scalar(select(Feedback).filter_by(submission_key=submission_key))


def _sent_again(feedback: Feedback, submission: Submission) -> tuple[Feedback, str | None]:
    """A form sent again: the same message (a double click, the back button, a request retried
    after a lost response) is the item already saved, with its code again for the same browser.
    A changed one raises ``AlreadySent``: answering "received" would lose the change unseen."""
    if not _same_message(feedback, submission):
        raise AlreadySent(feedback)
    return feedback, _code_again(feedback, submission)


def _same_message(feedback: Feedback, submission: Submission) -> bool:
    """Whether ``submission`` says what the item says, files included (a file sent with the
    item left the pending ones, so it is compared by name)."""
    latitude, longitude = submission.incident_coordinates or (None, None)
    return (
        feedback.type is submission.type
        and feedback.channel is submission.channel
        and feedback.service_id == (submission.service.id if submission.service else None)
        and feedback.commitment_id == (submission.commitment.id if submission.commitment else None)
        and feedback.text == submission.text
        and feedback.incident_date == submission.incident_date
        and feedback.incident_place == submission.incident_place
        and feedback.incident_latitude == latitude
        and feedback.incident_longitude == longitude
        and feedback.contact_name == submission.contact_name
        and feedback.contact_email == submission.contact_email
        and feedback.contact_phone == submission.contact_phone
        and feedback.language == submission.language
        and {a.stored_name for a in feedback.attachments}
        == {stored.stored_name for stored in submission.files}
    )


def _code_again(feedback: Feedback, submission: Submission) -> str | None:
    """The code of an item already saved, when this browser sent it and it was not replaced."""
    if submission.browser is None:
        return None
    code = browser_access_code(submission.browser, submission.submission_key)
    try:
        hasher(ACCESS_CODES).verify(feedback.access_code_hash, normalize_code(code))
    except (VerifyMismatchError, InvalidHashError):
        return None
    return code


def register(
    submission: Submission, received_on: date, by: User, *, ip: str | None
) -> tuple[Feedback, str | None]:
    """An item received by another channel, registered by staff: its deadline counts from the
    day it was received. Returns the item and its access code, to read out to the person; a form
    sent twice is one item, as ``submit`` says."""

    def audited(feedback: Feedback) -> None:
        audit("feedback.registered", by, target=feedback,
              detail={"channel": feedback.channel.value}, ip=ip)  # fmt: skip

    return submit(submission, received_at(received_on), before_commit=audited, registered_by=by)


def _new_item(submission: Submission, now: datetime, by: User | None) -> tuple[Feedback, str]:
    """The item with its first event, files, assignee and acknowledgment e-mail, added to the
    session (the caller commits), and its access code."""
    received_on = local_date(now)
    code = (
        browser_access_code(submission.browser, submission.submission_key)
        if submission.browser
        else new_access_code()
    )
    days = WorkingDays(current_app.config["FEEDBACK_DUE_DAYS"][submission.type.value])
    latitude, longitude = submission.incident_coordinates or (None, None)
    feedback = Feedback(
        folio=next_folio(received_on.year),
        access_code_hash=hash_access_code(code),
        submission_key=submission.submission_key,
        type=submission.type,
        channel=submission.channel,
        service=submission.service,
        commitment=submission.commitment,
        dependency=submission.service.dependency if submission.service else submission.dependency,
        text=submission.text,
        incident_date=submission.incident_date,
        incident_place=submission.incident_place,
        incident_latitude=latitude,
        incident_longitude=longitude,
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
    record_event(feedback, EventKind.CREATED, now, by, to_status=FeedbackStatus.RECEIVED)
    attach(feedback, submission.files)
    feedback.assignee = _speaker_of(
        feedback.language, feedback.dependency.id if feedback.dependency else None
    )
    db.session.add(feedback)
    if feedback.contact_email:
        notify(feedback, "acknowledgment")
    return feedback, code


def _speaker_of(language: str, dependency_id: int | None) -> User | None:
    """Someone of the dependency who can answer in the item's language, when it is not Spanish
    (otherwise the item shows that it needs an interpreter): a person who acts on items, never
    a viewer or a translator, who could not answer it."""
    if language == "es" or dependency_id is None:
        return None
    people = db.session.scalars(
        select(User)
        .filter_by(dependency_id=dependency_id, active=True)
        .where(User.role.in_(ACTING_ROLES))
        .order_by(User.id)
    )
    return next((person for person in people if language in person.languages), None)


def find_for_tracking(folio: str, code: str) -> Feedback | None:
    """The item whose folio and access code match, or ``None``; a wrong code and an unknown
    folio cost the same time and give the same answer, so folios cannot be enumerated."""
    feedback = db.session.scalar(select(Feedback).filter_by(folio=normalize_folio(folio)))
    codes = hasher(ACCESS_CODES)
    try:
        stored = feedback.access_code_hash if feedback else dummy_hash(codes)
        codes.verify(stored, normalize_code(code))
    except (VerifyMismatchError, InvalidHashError):
        return None
    return feedback


def reissue_code(folio: str, now: datetime | None = None) -> None:
    """Send a new access code to the e-mail address the person left; the old one stops working.
    An unknown folio, or one without an e-mail, costs the same hashing and changes nothing, so
    the caller gives the same answer in every case."""
    feedback = db.session.scalar(select(Feedback).filter_by(folio=normalize_folio(folio)))
    code = new_access_code()
    hashed = hash_access_code(code)
    if feedback is None or not feedback.contact_email:
        return
    feedback.access_code_hash = hashed
    record_event(feedback, EventKind.CODE_REISSUED, now or utcnow(), public=False)
    notify(feedback, "new_code", code=code)
    db.session.commit()


def record_survey(
    service: Service,
    score: int,
    waiting,
    attention,
    comment,
    language,
    submission_key: str | None = None,
) -> None:
    """Save a satisfaction survey response for the service's indicators. The same form sent
    again (a double tap, the back button, a retry after a 429 or 503) finds the response
    already saved and changes nothing: a duplicate would skew the satisfaction figure."""
    if submission_key is not None and db.session.scalar(
        select(SurveyResponse.id).filter_by(submission_key=submission_key)
    ):
        return
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
            submission_key=submission_key,
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        # The same form committed meanwhile by a concurrent request: that response stands.
        db.session.rollback()


def received_at(day: date) -> datetime:
    """The moment to record for an item received on ``day`` by another channel: noon there, or
    now for one received today (noon may be still to come: its history would start after the
    answer given this morning)."""
    return utcnow() if day == local_today() else utc_at(day, time(12))
