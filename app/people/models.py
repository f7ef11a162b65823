"""The single-use links of invitations and password resets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.lazy_text import lazy_gettext as _l
from app.core.types import LabeledEnum, enum_type
from app.extensions import db
from app.staff.models import User


class Purpose(LabeledEnum):
    INVITATION = "invitation", _l("Invitación")
    RESET = "reset", _l("Nueva contraseña")


class AccountToken(db.Model):
    """A link sent by e-mail that lets a person set their password once, until it expires.
    Only the SHA-256 of the random token is kept: the database never holds a usable link."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[Purpose] = mapped_column(enum_type(Purpose))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
