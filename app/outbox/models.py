"""OutboxMessage: an e-mail waiting to be sent, or already sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class OutboxMessage(db.Model):
    """One e-mail, written in the same transaction as the event that causes it.

    ``flask outbox send`` delivers due messages (``sent_at`` unset and ``next_attempt_at``
    reached). A failed delivery is retried with exponential backoff; a message is never deleted.
    Datetimes are naive UTC. ``last_error`` never contains an e-mail address; ``body`` is
    emptied once the message is sent (it may hold an access code or a citizen's words).
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    # Delivery attempts made so far; when sent_at is set, the last one succeeded.
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(index=True)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))

    def __repr__(self) -> str:
        # No recipient or subject: reprs end up in logs.
        state = "sent" if self.sent_at else f"waiting, {self.attempts} attempts"
        return f"<OutboxMessage {self.id} ({state})>"
