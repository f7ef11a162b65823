"""Erasing a citizen's personal data from an item, when the person exercises their right to
cancel it (ARCO) before the Transparency Unit: ``flask feedback erase``.

The case stays (its folio, type, service, dates, status, answer and history count in the
published figures); what identifies the person goes: their contact data, the place, their
files and voice message, the e-mails still waiting for their address and the address in those
sent. With ``text``, their words too: the message and what they wrote in its history."""

from __future__ import annotations

from sqlalchemy import delete, update

from app.extensions import db
from app.feedback import uploads
from app.feedback.models import Feedback
from app.outbox.models import OutboxMessage
from app.staff.services import audit

ERASED = "[Eliminado a petición de la persona]"


def erase_personal_data(feedback: Feedback, *, text: bool = False) -> int:
    """Erase what identifies the person who wrote ``feedback`` (``text``: and their words);
    audits and commits. Returns how many files were deleted."""
    email = feedback.contact_email
    feedback.contact_name = feedback.contact_email = feedback.contact_phone = None
    feedback.incident_place = feedback.incident_latitude = feedback.incident_longitude = None
    files = [uploads.path_of(file.stored_name) for file in feedback.attachments]
    feedback.attachments.clear()
    if text:
        feedback.text = ERASED
        for event in feedback.events:
            if event.actor == "citizen" and event.note:
                event.note = ERASED
    if email:
        waiting = OutboxMessage.sent_at.is_(None)
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == email, waiting))
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.recipient == email)
            .values(recipient="", body="")
        )
    audit(
        "feedback.personal_data_erased",
        None,
        target=feedback,
        detail={"text": text, "files": len(files)},
    )
    db.session.commit()
    # The files once the rows are gone: a failed commit leaves both.
    for path in files:
        if path is not None:
            path.unlink(missing_ok=True)
    return len(files)
