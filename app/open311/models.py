"""Client applications of the Open311 API, their keys, and the items each one sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.feedback.models import Feedback
from app.staff.models import User


class ApiClient(db.Model):
    """An application allowed to create service requests (a call centre, a kiosk, a chat bot).

    Only the SHA-256 of its key is kept: keys are long random strings, not passwords, so a fast
    hash is enough and lets a request's key be found by an index."""

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(254))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_hint: Mapped[str] = mapped_column(String(12))  # its first characters, to recognise it
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    created_by: Mapped[User | None] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiSubmission(db.Model):
    """Which client application sent a feedback item through Open311."""

    __tablename__ = "api_submissions"

    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("api_clients.id"), index=True)

    feedback: Mapped[Feedback] = relationship()
    client: Mapped[ApiClient] = relationship()
