"""The transactional outbox: queueing in the caller's transaction, delivery, retries, the CLI."""

from __future__ import annotations

import logging
import socket
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from app.core.clock import utcnow
from app.extensions import db
from app.outbox.cli import outbox
from app.outbox.models import OutboxMessage
from app.outbox.services import (
    ConsoleTransport,
    FolderTransport,
    SmtpTransport,
    describe_error,
    queue_email,
    retry_delay,
    send_pending,
    transport_from_config,
    waiting_count,
)

SENDER = "Portal ciudadano <no-responder@example.org>"
RECIPIENT = "maria.nunez@example.net"
SUBJECT = "Respuesta a su queja Q-2024-0001 — Atención"
BODY = "Estimada señora Núñez:\n\nSu queja fue atendida en 3 días hábiles.\nGracias.\n"


def free_port() -> int:
    """A local TCP port nobody listens on (bound and released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CollectingHandler:
    """An aiosmtpd handler that keeps every message and refuses the addresses in ``refuse``."""

    def __init__(self) -> None:
        self.envelopes = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [message_from_bytes(e.content, policy=default_policy) for e in self.envelopes]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 collecting what it receives."""
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.transport = SmtpTransport("127.0.0.1", controller.port, timeout=5)
    yield handler
    controller.stop()


@pytest.fixture
def smtp_down():
    """A transport pointed at a local port where nothing listens."""
    return SmtpTransport("127.0.0.1", free_port(), timeout=2)


def queue(recipient=RECIPIENT, subject=SUBJECT, body=BODY) -> int:
    message = queue_email(recipient, subject, body)
    db.session.commit()
    return message.id


def outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


class RecordingTransport:
    def __init__(self, error: Exception | None = None) -> None:
        self.sent = []
        self.error = error

    def send(self, message, sender):
        if self.error:
            raise self.error
        self.sent.append(message.id)


def test_a_committed_message_is_delivered_by_smtp_once(empty_app, smtp_server, caplog):
    caplog.set_level(logging.DEBUG, logger="app")
    number = queue()

    assert send_pending(smtp_server.transport, SENDER) == (1, 0)

    [envelope] = smtp_server.envelopes
    assert envelope.mail_from == "no-responder@example.org"
    assert envelope.rcpt_tos == [RECIPIENT]
    [mail] = smtp_server.messages()
    assert mail["Subject"] == SUBJECT
    assert mail["To"] == RECIPIENT
    assert mail["From"] == SENDER
    assert mail["Date"] and mail["Message-ID"].endswith("@example.org>")
    assert mail.get_content_charset() == "utf-8"
    assert mail.get_content().replace("\r\n", "\n") == BODY  # CRLF on the wire
    message = db.session.get(OutboxMessage, number)
    assert message.sent_at is not None and message.attempts == 1 and message.last_error is None
    # Delivered, the text (an access code, a citizen's words) is no longer kept.
    assert message.body == "" and message.subject == SUBJECT

    assert send_pending(smtp_server.transport, SENDER) == (0, 0)
    assert len(smtp_server.envelopes) == 1
    assert waiting_count() == 0
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("app.")]
    assert ours and not [line for line in ours if RECIPIENT in line or "Núñez" in line]


def test_an_address_with_an_apostrophe_is_queued_and_delivered(empty_app, smtp_server):
    # Forms accept o'neill@…: an address they take must reach the outbox, not end in a 500.
    queue("maria.o'neill@example.net")

    assert send_pending(smtp_server.transport, SENDER) == (1, 0)
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["maria.o'neill@example.net"]


def test_smtp_down_keeps_the_message_and_retries_it_after_the_backoff(
    empty_app, smtp_down, smtp_server, caplog
):
    caplog.set_level(logging.DEBUG, logger="app")
    number = queue()
    now = utcnow()

    assert send_pending(smtp_down, SENDER, now=now) == (0, 1)

    message = db.session.get(OutboxMessage, number)
    assert message.sent_at is None
    assert message.attempts == 1
    assert message.next_attempt_at == now + timedelta(minutes=1)
    assert message.last_error.startswith("ConnectionRefusedError")
    assert RECIPIENT not in message.last_error
    assert not [r for r in caplog.records if r.name.startswith("app.") and "@" in r.getMessage()]

    # Not due yet: the server is up again, but the message waits for its backoff.
    assert send_pending(smtp_server.transport, SENDER, now=now + timedelta(seconds=30)) == (0, 0)
    assert smtp_server.envelopes == []

    later = now + timedelta(minutes=2)
    assert send_pending(smtp_server.transport, SENDER, now=later) == (1, 0)
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [[RECIPIENT]]
    message = db.session.get(OutboxMessage, number)
    assert message.sent_at == later and message.attempts == 2


def test_an_unreachable_server_stops_the_run_instead_of_timing_out_per_message(
    empty_app, smtp_down
):
    first, second = queue(), queue("otra@example.net")

    assert send_pending(smtp_down, SENDER) == (0, 1)

    assert db.session.get(OutboxMessage, first).attempts == 1
    untouched = db.session.get(OutboxMessage, second)
    assert untouched.attempts == 0 and untouched.last_error is None
    assert waiting_count() == 2


def test_a_refused_recipient_fails_alone_and_its_address_is_not_stored(empty_app, smtp_server):
    smtp_server.refuse.add(RECIPIENT)
    refused, accepted = queue(), queue("otra@example.net")

    assert send_pending(smtp_server.transport, SENDER) == (1, 1)

    message = db.session.get(OutboxMessage, refused)
    assert message.sent_at is None and message.attempts == 1
    assert message.last_error.startswith("SMTPRecipientsRefused")
    assert "550" in message.last_error
    assert "@" not in message.last_error
    assert db.session.get(OutboxMessage, accepted).sent_at is not None
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [["otra@example.net"]]


def test_messages_not_yet_due_are_not_attempted(empty_app):
    number = queue()
    db.session.get(OutboxMessage, number).next_attempt_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    transport = RecordingTransport()

    assert send_pending(transport, SENDER) == (0, 0)
    assert transport.sent == []
    assert send_pending(transport, SENDER, now=utcnow() + timedelta(hours=2)) == (1, 0)
    assert transport.sent == [number]


def test_messages_go_out_oldest_first_and_a_batch_limits_a_run(empty_app):
    numbers = [queue(f"persona{i}@example.net") for i in range(3)]
    transport = RecordingTransport()

    assert send_pending(transport, SENDER, batch=2) == (2, 0)
    assert transport.sent == numbers[:2]
    assert waiting_count() == 1


def test_backoff_doubles_up_to_six_hours_and_a_message_is_never_dropped(empty_app):
    assert [retry_delay(n) for n in (1, 2, 3, 9)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=256),
    ]
    assert retry_delay(10) == retry_delay(10_000) == timedelta(hours=6)

    number = queue()
    transport = RecordingTransport(RuntimeError("template broke"))
    now = utcnow()
    for _ in range(15):
        assert send_pending(transport, SENDER, now=now) == (0, 1)
        now = db.session.get(OutboxMessage, number).next_attempt_at

    message = db.session.get(OutboxMessage, number)
    assert message.attempts == 15 and message.sent_at is None
    assert message.last_error == "RuntimeError: template broke"
    assert outbox_count() == 1


def test_last_error_is_short_and_has_no_address():
    error = OSError(f"{RECIPIENT.upper()} said no to <{RECIPIENT}> and x" * 50)
    text = describe_error(error, RECIPIENT)
    assert len(text) <= 500 and text.endswith("…")
    assert "@" not in text and "MARIA" not in text


def test_a_rolled_back_transaction_leaves_nothing_in_the_outbox(empty_app):
    queue_email(RECIPIENT, SUBJECT, BODY)
    db.session.rollback()
    assert outbox_count() == 0

    queue_email(RECIPIENT, SUBJECT, BODY)
    with db.engine.connect() as other:  # not committed: invisible to anyone else
        assert other.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    db.session.commit()
    assert outbox_count() == 1


@pytest.mark.parametrize(
    "recipient, subject",
    [
        ("not an address", SUBJECT),
        ("maria@example.net\nBcc: otro@example.net", SUBJECT),
        ("a" * 250 + "@example.net", SUBJECT),
        (RECIPIENT, "   "),
    ],
)
def test_mail_that_could_never_be_sent_is_refused_when_queued(empty_app, recipient, subject):
    with pytest.raises(ValueError) as error:
        queue_email(recipient, subject, BODY)
    assert "@" not in str(error.value)


def test_a_subject_too_long_is_cut_with_an_ellipsis_not_refused(empty_app):
    subject = queue_email(RECIPIENT, "x" * 301, BODY).subject
    assert len(subject) == 300 and subject == "x" * 299 + "…"


def test_line_breaks_in_a_subject_become_spaces(empty_app):
    assert queue_email(RECIPIENT, "Folio\r\nBcc: x", BODY).subject == "Folio Bcc: x"


def test_the_folder_transport_writes_a_parseable_eml_file(empty_app, tmp_path):
    number = queue()
    folder = tmp_path / "mail"

    assert send_pending(FolderTransport(folder), SENDER) == (1, 0)

    [path] = folder.iterdir()
    assert path.suffix == ".eml" and path.name.endswith(f"-{number}.eml")
    mail = message_from_bytes(path.read_bytes(), policy=default_policy)
    assert (mail["From"], mail["To"], mail["Subject"]) == (SENDER, RECIPIENT, SUBJECT)
    assert mail.get_content() == BODY


def test_the_console_transport_prints_the_message(empty_app, capsys):
    queue()
    assert send_pending(ConsoleTransport(), SENDER) == (1, 0)
    printed = capsys.readouterr().out
    assert f"To: {RECIPIENT}" in printed and BODY in printed


def test_the_transport_comes_from_the_configuration(tmp_path):
    smtp = transport_from_config(
        {
            "MAIL_TRANSPORT": "smtp",
            "MAIL_SERVER": "mail.example.org",
            "MAIL_PORT": 587,
            "MAIL_USERNAME": "portal",
            "MAIL_PASSWORD": "secret",
            "MAIL_USE_TLS": True,
        }
    )
    assert isinstance(smtp, SmtpTransport)
    assert (smtp.host, smtp.port, smtp.username, smtp.use_tls) == (
        "mail.example.org",
        587,
        "portal",
        True,
    )
    folder = transport_from_config({"MAIL_TRANSPORT": "folder", "MAIL_FOLDER": str(tmp_path)})
    assert isinstance(folder, FolderTransport) and folder.folder == tmp_path
    assert isinstance(transport_from_config({"MAIL_TRANSPORT": "console"}), ConsoleTransport)
    with pytest.raises(ValueError):
        transport_from_config({"MAIL_TRANSPORT": "pigeon"})


def test_a_row_locked_by_another_sender_is_skipped(empty_app):
    """Several hosts can drain one outbox: a message being sent elsewhere is not sent again."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks (FOR UPDATE SKIP LOCKED) exist on PostgreSQL only")
    first, second = queue(), queue("otra@example.net")
    transport = RecordingTransport()
    with db.engine.connect() as other_host:
        other_host.execute(
            select(OutboxMessage.id).where(OutboxMessage.id == first).with_for_update()
        )
        assert send_pending(transport, SENDER) == (1, 0)
        assert transport.sent == [second]
        other_host.rollback()
    assert send_pending(transport, SENDER) == (1, 0)
    assert transport.sent == [second, first]


def test_the_cli_sends_and_reports_what_is_left(empty_app, tmp_path, smtp_down):
    empty_app.cli.add_command(outbox)
    empty_app.config.update(MAIL_TRANSPORT="folder", MAIL_FOLDER=str(tmp_path))
    queue(), queue("otra@example.net")
    runner = empty_app.test_cli_runner()

    result = runner.invoke(args=["outbox", "send", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert result.output == "1 sent, 0 failed, 1 waiting\n"
    assert len(list(tmp_path.glob("*.eml"))) == 1

    # The mail server is down: the run fails softly, the message waits for a retry.
    empty_app.config.update(
        MAIL_TRANSPORT="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_down.port
    )
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 sent, 1 failed, 1 waiting\n")

    result = runner.invoke(args=["outbox", "send"])
    assert result.output.endswith("0 sent, 0 failed, 1 waiting\n")


def test_the_cli_refuses_an_unknown_transport(empty_app):
    empty_app.cli.add_command(outbox)
    empty_app.config["MAIL_TRANSPORT"] = "pigeon"
    result = empty_app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "MAIL_TRANSPORT must be smtp, folder or console" in result.output
    help_text = empty_app.test_cli_runner().invoke(args=["outbox", "--help"]).output
    assert "flask outbox send [--batch N]" in help_text
