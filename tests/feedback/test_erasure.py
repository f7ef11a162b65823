"""``flask feedback erase``: a person's right to cancel their data (ARCO) is honoured in the
product, the case and its figures staying."""

from sqlalchemy import select

from app.extensions import db
from app.feedback import uploads
from app.feedback.models import EventKind, FeedbackStatus
from app.feedback.services import workflow
from app.outbox.models import OutboxMessage
from app.outbox.services import queue_email
from app.staff.models import AuditLog, Role
from tests.factories import make_user
from tests.feedback.conftest import PDF
from tests.feedback.test_recourse import inform, item


def test_erasing_an_items_personal_data_keeps_the_case(journey):
    folio, _code = journey.submit(
        nombre="Marta Ríos", correo="marta@example.com", telefono="5512345678"
    )
    staff = make_user(Role.COORDINATOR)
    workflow.request_information(item(folio), "¿Tiene el recibo de pago?", staff)
    sent = inform(journey, folio, [("ine.pdf", PDF)], respuesta="Mi INE dice Marta Ríos.")
    assert sent.status_code == 303
    feedback = item(folio)
    stored = uploads.path_of(feedback.attachments[0].stored_name)
    assert stored.is_file()
    queue_email("marta@example.com", "Aviso pendiente", "Texto")
    db.session.commit()
    runner = journey.client.application.test_cli_runner()

    result = runner.invoke(args=["feedback", "erase", folio.lower()])
    assert result.exit_code == 0, result.output
    assert f"Personal data of {folio} erased (1 files deleted)." in result.output
    feedback = item(folio)
    assert (feedback.contact_name, feedback.contact_email, feedback.contact_phone) == (None,) * 3
    assert feedback.attachments == [] and not stored.exists()
    assert feedback.status is FeedbackStatus.IN_REVIEW and feedback.text  # the case stays
    recipients = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert "marta@example.com" not in recipients
    audit = db.session.scalar(
        select(AuditLog).where(AuditLog.action == "feedback.personal_data_erased")
    )
    assert audit.target_id == str(feedback.id) and "marta" not in str(audit.detail).lower()

    # With --text, their words go too: the message and what they wrote in its history.
    assert runner.invoke(args=["feedback", "erase", folio, "--text"]).exit_code == 0
    feedback = item(folio)
    assert feedback.text == "[Eliminado a petición de la persona]"
    provided = [e for e in feedback.events if e.kind is EventKind.INFORMATION_PROVIDED]
    assert provided[0].note == "[Eliminado a petición de la persona]"
    asked_note = [e for e in feedback.events if e.kind is EventKind.INFORMATION_REQUESTED]
    assert asked_note[0].note == "¿Tiene el recibo de pago?"  # staff's words stay
    workflow.answer(feedback, "Atendido.", staff)
    assert item(folio).status is FeedbackStatus.ANSWERED  # still a case to answer and count


def test_erasing_an_unknown_folio_says_so(journey):
    result = journey.client.application.test_cli_runner().invoke(
        args=["feedback", "erase", "SQR-2026-999999"]
    )
    assert result.exit_code == 1 and "no item with folio SQR-2026-999999" in result.output
