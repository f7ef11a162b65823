"""Measurement: an indicator's result for one period."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Numeric, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.charters.models import Indicator, Source
from app.core.types import LabeledEnum, Period, PeriodType, Translated, enum_type
from app.extensions import db


class MeasurementStatus(LabeledEnum):
    MET = "met", _l("Cumplido")
    NOT_MET = "not_met", _l("No cumplido")
    NO_DATA = "no_data", _l("Sin datos")
    PROVISIONAL = "provisional", _l("Provisional")


class Measurement(db.Model):
    """An indicator's numerator, denominator, value and status for one period."""

    __tablename__ = "measurements"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period"),
        # The results of one period across all charters (home page, results overview), read
        # from the index alone.
        Index("ix_measurements_period_indicator_status", "period", "indicator_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    period: Mapped[Period] = mapped_column(PeriodType)
    numerator: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    denominator: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    status: Mapped[MeasurementStatus] = mapped_column(enum_type(MeasurementStatus))
    source: Mapped[Source] = mapped_column(enum_type(Source))
    recorded_at: Mapped[datetime]
    note: Mapped[dict | None] = mapped_column(Translated)

    indicator: Mapped[Indicator] = relationship()
