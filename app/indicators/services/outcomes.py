"""What a charter's own page shows besides its text: its indicators' results, the breaches
claimed and remedied, the ratings of the answers to its feedback and its published reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, extract, func, select

from app.charters.models import CharterVersion, Commitment
from app.core.charts import CHART_PERIODS
from app.core.clock import local_today
from app.core.loading import latest_revisions, one_of
from app.core.types import Period
from app.extensions import db
from app.feedback.models import Feedback, FeedbackType
from app.indicators.models import Measurement, Report
from app.indicators.services.tallies import Ratings, rating_tallies


@dataclass
class CharterOutcomes:
    """What the public page of a charter shows besides its text."""

    history: dict[int, list[Measurement]]
    remedies: dict[Period, dict[str, int]]
    reports: list[Report]
    # Per quarter of the answers rated: how people rated the answers to their feedback.
    ratings: dict[Period, Ratings]


def charter_outcomes(version: CharterVersion) -> CharterOutcomes:
    """The results of a charter version's indicators, the breaches claimed and remedied and
    the ratings of answers per quarter of its validity, and its published reports (latest
    revision of each quarter), in a fixed number of queries."""
    charter_id = version.charter_id
    indicator_ids = [i.id for c in version.commitments for i in c.indicators]
    last = min(version.valid_until or local_today(), local_today())
    reports = db.session.scalars(_REPORTS, {"charter": charter_id}).all()
    return CharterOutcomes(
        # One more than a chart shows: the page says when there are earlier results.
        history=measurement_history(indicator_ids, latest=CHART_PERIODS + 1),
        remedies=remedy_figures(charter_id, version.valid_from, last),
        reports=reports,
        ratings=rating_figures(charter_id, version.valid_from, last),
    )


# A charter's page reads these on every request: built once, with bound parameters (see
# ``app.core.loading``).
_REPORTS = latest_revisions(Report, "period")
_MEASUREMENTS = select(Measurement).where(one_of(Measurement.indicator_id, "indicators"))
_NEWEST_FIRST = (Measurement.indicator_id, Measurement.period.desc())
_RANKED = (
    select(
        Measurement.id,
        func.row_number()
        .over(partition_by=Measurement.indicator_id, order_by=Measurement.period.desc())
        .label("rank"),
    )
    .where(one_of(Measurement.indicator_id, "indicators"))
    .subquery()
)
_HISTORY = _MEASUREMENTS.order_by(*_NEWEST_FIRST)
_LATEST_HISTORY = (
    _MEASUREMENTS.join(_RANKED, _RANKED.c.id == Measurement.id)
    .where(_RANKED.c.rank <= bindparam("latest"))
    .order_by(*_NEWEST_FIRST)
)


def rating_figures(charter_id: int, first: date, last: date) -> dict[Period, Ratings]:
    """The ratings of the answers to the charter's feedback per quarter of the answer they
    rate, between two days (one aggregate query)."""
    return {} if first > last else rating_tallies(first, last, charter_id)


def measurement_history(
    indicator_ids: list[int], latest: int | None = None
) -> dict[int, list[Measurement]]:
    """Every measurement of each indicator (or the ``latest`` ones), most recent first, in one
    query: a page that shows the latest results reads as many rows after years of them."""
    history: dict[int, list[Measurement]] = {i: [] for i in indicator_ids}
    if indicator_ids:
        if latest is None:
            rows = db.session.scalars(_HISTORY, {"indicators": indicator_ids})
        else:
            rows = db.session.scalars(
                _LATEST_HISTORY, {"indicators": indicator_ids, "latest": latest}
            )
        for measurement in rows:
            history[measurement.indicator_id].append(measurement)
    return history


def _claims_statement(*keys):
    """Claims about a charter's commitments (bound: ``charter``) received between two days
    (``first``, ``last``), counted per ``keys`` and month: rows of the keys, year, month,
    claims, confirmed breaches and remedies."""
    year, month = extract("year", Feedback.received_on), extract("month", Feedback.received_on)
    return (
        select(
            *keys,
            year,
            month,
            func.count(),
            func.count().filter(Feedback.breach_confirmed.is_(True)),
            func.count().filter(Feedback.remedied_on.is_not(None)),
        )
        .join(Commitment, Commitment.id == Feedback.commitment_id)
        .join(CharterVersion, CharterVersion.id == Commitment.version_id)
        .where(
            CharterVersion.charter_id == bindparam("charter"), Feedback.type == FeedbackType.CLAIM
        )
        .where(Feedback.received_on.between(bindparam("first"), bindparam("last")))
        .group_by(*keys, year, month)
    )


_CLAIMS = _claims_statement()
_CLAIMS_BY_COMMITMENT = _claims_statement(Feedback.commitment_id)


def _claims(statement, charter_id: int, first: date, last: date):
    return db.session.execute(statement, {"charter": charter_id, "first": first, "last": last})


def _add_claims(figures: dict, y, m, claimed: int, confirmed: int, remedied: int) -> None:
    quarter = Period.quarter_of(date(int(y), int(m), 1))
    totals = figures.setdefault(quarter, {"claimed": 0, "confirmed": 0, "remedied": 0})
    totals["claimed"] += claimed
    totals["confirmed"] += confirmed
    totals["remedied"] += remedied


def remedy_figures(charter_id: int, first: date, last: date) -> dict[Period, dict[str, int]]:
    """Claims about the charter's commitments received per quarter between two days: how many,
    how many breaches staff confirmed, and how many were remedied (one aggregate query)."""
    figures: dict[Period, dict[str, int]] = {}
    for row in _claims(_CLAIMS, charter_id, first, last):
        _add_claims(figures, *row)
    return figures


def commitment_remedies(
    charter_id: int, first: date, last: date
) -> dict[int, dict[Period, dict[str, int]]]:
    """``remedy_figures`` per commitment (by id): the claims about each commitment of the
    charter received per quarter between two days (one aggregate query)."""
    figures: dict[int, dict[Period, dict[str, int]]] = {}
    for commitment_id, *row in _claims(_CLAIMS_BY_COMMITMENT, charter_id, first, last):
        _add_claims(figures.setdefault(commitment_id, {}), *row)
    return figures
