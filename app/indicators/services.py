"""Recording indicator results and reading the latest ones."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from app.charters.models import (
    CharterStatus,
    CharterVersion,
    Commitment,
    Indicator,
    IndicatorKind,
    Source,
)
from app.core.types import Period
from app.extensions import db
from app.indicators.models import Measurement, MeasurementStatus

TWO_PLACES = Decimal("0.01")


def evaluate(
    indicator: Indicator, numerator, denominator
) -> tuple[Decimal | None, MeasurementStatus]:
    """The value of an indicator for a numerator and denominator, and whether it met its target.

    A share is a percentage of the denominator; a mean divides the numerator (a sum) by the
    denominator (the number of cases); a count is the numerator itself. No cases means no data.
    """
    if numerator is None or (indicator.kind is not IndicatorKind.COUNT and not denominator):
        return None, MeasurementStatus.NO_DATA
    numerator = Decimal(numerator)
    if indicator.kind is IndicatorKind.SHARE_WITHIN:
        value = 100 * numerator / Decimal(denominator)
    elif indicator.kind is IndicatorKind.MEAN:
        value = numerator / Decimal(denominator)
    else:
        value = numerator
    value = value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    met = indicator.comparator.holds(value, indicator.target)
    return value, MeasurementStatus.MET if met else MeasurementStatus.NOT_MET


def record_measurement(
    indicator: Indicator,
    period: Period,
    numerator,
    denominator,
    source: Source | None = None,
    note: dict | None = None,
) -> Measurement:
    """Add (or replace) an indicator's result for a period; the caller commits."""
    value, status = evaluate(indicator, numerator, denominator)
    measurement = db.session.scalar(
        select(Measurement).filter_by(indicator_id=indicator.id, period=period)
    ) or Measurement(indicator=indicator, period=period)
    measurement.numerator = None if numerator is None else Decimal(numerator)
    measurement.denominator = None if denominator is None else Decimal(denominator)
    measurement.value = value
    measurement.status = status
    measurement.source = source or indicator.source
    measurement.recorded_at = datetime.now(UTC).replace(tzinfo=None)
    measurement.note = note
    db.session.add(measurement)
    return measurement


def measurement_history(indicator_ids: list[int]) -> dict[int, list[Measurement]]:
    """Every measurement of each indicator, most recent first, in one query."""
    history: dict[int, list[Measurement]] = {i: [] for i in indicator_ids}
    if indicator_ids:
        rows = db.session.scalars(
            select(Measurement)
            .where(Measurement.indicator_id.in_(indicator_ids))
            .order_by(Measurement.indicator_id, Measurement.period.desc())
        )
        for measurement in rows:
            history[measurement.indicator_id].append(measurement)
    return history


def latest_results_overview() -> tuple[Period | None, list[tuple[MeasurementStatus, int]]]:
    """The latest quarter with results of published charters, and how many indicators met their
    target, did not, or had no data in it."""
    published = (
        select(Measurement)
        .join(Indicator)
        .join(Commitment)
        .join(CharterVersion)
        .where(CharterVersion.status == CharterStatus.PUBLISHED)
    )
    # Newest first with LIMIT 1 rather than max(): it walks the period index and stops at the
    # first published quarter instead of reading every measurement.
    period = db.session.scalar(
        published.with_only_columns(Measurement.period)
        .where(Measurement.period.like("%-T%"))
        .order_by(Measurement.period.desc())
        .limit(1)
    )
    if period is None:
        return None, []
    rows = db.session.execute(
        published.with_only_columns(Measurement.status, func.count())
        .where(Measurement.period == period)
        .group_by(Measurement.status)
    )
    counts = dict(rows.tuples().all())
    return period, [(status, counts[status]) for status in MeasurementStatus if status in counts]
