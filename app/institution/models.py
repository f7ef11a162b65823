"""Institution: the one row of the institution's identity and contacts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.core.types import Translated
from app.extensions import db

# The one row's id: there is a single institution per portal.
THE_INSTITUTION = 1


class Institution(db.Model):
    """Who publishes the portal. Until staff save it, the name comes from ``INSTITUTION_NAME``."""

    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[dict] = mapped_column(Translated)  # {"es": …, "en": …}; Spanish always
    short_name: Mapped[dict] = mapped_column(Translated, default=dict)
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    # The privacy notice: who is responsible for personal data, and how to reach them.
    privacy_controller: Mapped[str] = mapped_column(String(300), default="")
    privacy_email: Mapped[str] = mapped_column(String(254), default="")
    privacy_phone: Mapped[str] = mapped_column(String(40), default="")
    # Where to report an accessibility barrier (the accessibility statement).
    accessibility_email: Mapped[str] = mapped_column(String(254), default="")
    accessibility_phone: Mapped[str] = mapped_column(String(40), default="")
    # Where a citizen whose message is overdue can turn (e.g. the internal control body).
    escalation: Mapped[dict] = mapped_column(Translated, default=dict)
    # Social networks and other channels: [{"label": …, "url": …}, …]
    channels: Mapped[list] = mapped_column(JSON, default=list)
    # The logo (PNG or SVG, checked), kept in the database so every app server has it.
    logo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    logo_type: Mapped[str | None] = mapped_column(String(40))
    logo_digest: Mapped[str | None] = mapped_column(String(64))  # its address changes with it
    logo_alt: Mapped[dict] = mapped_column(Translated, default=dict)
    updated_at: Mapped[datetime | None]
