"""Queueing e-mail in the outbox and delivering it (``flask outbox send``).

An e-mail is a row written in the same transaction as the event that causes it
(``queue_email``), so it exists exactly when that event was committed. ``send_pending`` delivers
the due rows one by one, each in its own transaction that holds the row locked while it is sent
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so several hosts can drain the same outbox at once.
Delivery is at least once: a crash after the mail server accepted a message but before its
``sent_at`` was committed sends it again on the next run (with the same Message-ID).

Logs carry counts and message ids only, never addresses, subjects or bodies.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import ssl
import sys
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Protocol, TextIO

from sqlalchemy import func, select

from app.core.clock import utcnow
from app.extensions import db
from app.outbox.models import OutboxMessage

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=6)
SMTP_TIMEOUT = 10  # seconds, for connecting and for every command
ERROR_LENGTH = 500
RECIPIENT_LENGTH = 254
SUBJECT_LENGTH = 300

# One address, as queued: no spaces, no brackets or quotes, exactly one "@". An apostrophe is
# an ordinary character of a mailbox name (o'neill@…), which the forms accept.
_ADDRESS = re.compile(r"[^\s@<>,;\"]+@[^\s@<>,;\"']+")
# Anything that looks like an address inside an error message.
_ADDRESS_IN_TEXT = re.compile(r"[^\s@<>()\[\]{},;:\"']+@[^\s@<>()\[\]{},;:\"']+")


def queue_email(recipient: str, subject: str, body: str) -> OutboxMessage:
    """Add an e-mail to the outbox in the current transaction, WITHOUT committing.

    The caller commits it together with the change that causes it; if that transaction is rolled
    back, the e-mail disappears with it. Line breaks and runs of spaces in the subject become
    single spaces, and one longer than ``SUBJECT_LENGTH`` is cut there with "…" (a long name of
    the institution in it must not stop an invitation). Raises ``ValueError`` for a recipient
    or subject that could never be sent (better now, in the caller's transaction, than failing
    forever in the outbox); the error message does not repeat the address.
    """
    recipient = recipient.strip()
    if len(recipient) > RECIPIENT_LENGTH or not _ADDRESS.fullmatch(recipient):
        raise ValueError("the recipient is not a valid e-mail address")
    subject = " ".join(subject.split())
    if not subject:
        raise ValueError("the subject is empty")
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1].rstrip() + "…"
    now = utcnow()
    message = OutboxMessage(
        recipient=recipient,
        subject=subject,
        body=body,
        created_at=now,
        attempts=0,
        next_attempt_at=now,
    )
    db.session.add(message)
    return message


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The RFC 5322 message for an outbox row: plain UTF-8 text, quoted-printable (7-bit safe).

    ``Date`` is when the message was queued and ``Message-ID`` depends only on the row, so a
    message sent again after a crash is recognisably the same message.
    """
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at.replace(tzinfo=UTC))
    email["Message-ID"] = message_id(message, sender)
    email.set_content(message.body, charset="utf-8", cte="quoted-printable")
    return email


def message_id(message: OutboxMessage, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    stamp = int(message.created_at.replace(tzinfo=UTC).timestamp())
    return f"<outbox.{message.id}.{stamp}@{domain}>"


class Transport(Protocol):
    """Delivers one message or raises; raising leaves the message in the outbox for a retry."""

    def send(self, message: OutboxMessage, sender: str) -> None: ...


class SmtpTransport:
    """Sends through an SMTP server (STARTTLS when ``use_tls``, login when a username is set)."""

    def __init__(
        self,
        host: str,
        port: int = 25,
        username: str | None = None,
        password: str | None = None,
        use_tls: bool = False,
        timeout: float = SMTP_TIMEOUT,
    ) -> None:
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.use_tls = use_tls
        self.timeout = timeout

    def send(self, message: OutboxMessage, sender: str) -> None:
        email = build_email(message, sender)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(email, from_addr=parseaddr(sender)[1], to_addrs=[message.recipient])


class FolderTransport:
    """Writes each message to ``<folder>/<queued at>-<id>.eml`` (development: open it in a
    mail client). Sending a message again overwrites its file."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    def send(self, message: OutboxMessage, sender: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message.created_at:%Y%m%dT%H%M%S}-{message.id}.eml"
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(build_email(message, sender).as_bytes())
        partial.replace(path)  # readers never see a half-written file


class ConsoleTransport:
    """Prints each message, decoded, to standard output.

    Development only: it shows addresses and bodies to whoever reads the output.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, message: OutboxMessage, sender: str) -> None:
        stream = self.stream or sys.stdout  # looked up now, so that captured output works
        print(
            f"From: {sender}\nTo: {message.recipient}\nSubject: {message.subject}\n"
            f"Message-ID: {message_id(message, sender)}\n\n{message.body}\n{'-' * 72}",
            file=stream,
            flush=True,
        )


def transport_from_config(config: Mapping) -> Transport:
    """The transport named by ``MAIL_TRANSPORT`` (smtp, folder or console)."""
    kind = config.get("MAIL_TRANSPORT", "smtp")
    if kind == "smtp":
        return SmtpTransport(
            config["MAIL_SERVER"],
            int(config["MAIL_PORT"]),
            username=config.get("MAIL_USERNAME"),
            password=config.get("MAIL_PASSWORD"),
            use_tls=bool(config.get("MAIL_USE_TLS")),
        )
    if kind == "folder":
        return FolderTransport(config["MAIL_FOLDER"])
    if kind == "console":
        return ConsoleTransport()
    raise ValueError(f"MAIL_TRANSPORT must be smtp, folder or console, not {kind!r}")


def retry_delay(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failed attempt: 1 min, 2, 4, … at most 6 hours."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20), MAX_RETRY)


def describe_error(exc: BaseException, recipient: str = "") -> str:
    """A short description of a failure for ``last_error``, with every address removed."""
    text = f"{type(exc).__name__}: {exc}"
    if recipient:
        text = re.sub(re.escape(recipient), "<address>", text, flags=re.IGNORECASE)
    text = _ADDRESS_IN_TEXT.sub("<address>", " ".join(text.split()))
    if len(text) > ERROR_LENGTH:
        text = text[: ERROR_LENGTH - 1] + "…"
    return text


def _stops_the_run(exc: Exception) -> bool:
    """Whether a failure means no other message can go out now either.

    A refused recipient or message concerns that message alone; any other ``OSError`` (no
    connection, timeout, TLS, login, sender refused, disk full) would repeat for every message,
    so the run stops rather than waiting for a timeout per message. The rest wait for next run.
    """
    per_message = (
        smtplib.SMTPRecipientsRefused,
        smtplib.SMTPDataError,
        smtplib.SMTPNotSupportedError,
    )
    return isinstance(exc, OSError) and not isinstance(exc, per_message)


def _next_due(now: datetime) -> OutboxMessage | None:
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def send_pending(
    transport: Transport, sender: str, now: datetime | None = None, batch: int = 100
) -> tuple[int, int]:
    """Send up to ``batch`` due messages, oldest first; return ``(sent, failed)``.

    Each message is locked, sent and marked in its own transaction (committed here), so a crash
    mid-run does not resend what was already marked sent, and another host running at the same
    time skips the locked rows (PostgreSQL; SQLite has no row locks). A failure increments
    ``attempts``, stores ``last_error`` and schedules a retry after ``retry_delay``; messages are
    never dropped. ``now`` (naive UTC, default: the current time) is the clock of the run.
    Commits ``db.session``: call it outside any unit of work of your own.
    """
    now = now or utcnow()
    sent = failed = 0
    for _ in range(batch):
        message = _next_due(now)
        if message is None:
            break
        number = message.id
        message.attempts += 1
        try:
            transport.send(message, sender)
        except Exception as exc:
            attempts = message.attempts
            message.last_error = describe_error(exc, message.recipient)
            message.next_attempt_at = now + retry_delay(attempts)
            db.session.commit()
            failed += 1
            log.warning(
                "Outbox message %s not sent (attempt %s, %s); retry in %s.",
                number,
                attempts,
                type(exc).__name__,
                retry_delay(attempts),
            )
            if _stops_the_run(exc):
                log.warning("Mail delivery unavailable; the remaining messages wait for next run.")
                break
        else:
            # Delivered, its text is the recipient's: the row keeps who, when and the subject,
            # not a copy of what the citizen wrote, an answer or an access code.
            message.sent_at, message.body = now, ""
            db.session.commit()
            sent += 1
            log.info("Outbox message %s sent.", number)
    log.info("Outbox run: %s sent, %s failed.", sent, failed)
    return sent, failed


def waiting_count() -> int:
    """How many messages are not sent yet (due now or waiting for a retry)."""
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    )
