"""The recomputation engine: an indicator's result for a period, judged against the definition
then in force, and the automatic results recomputed from the system's own data.

Automatic results are SQL aggregates per charter and month (see ``tallies``: one query per
source for all charters and months at once, never a loop over rows); the months are then added
up into the periods each indicator is measured in (month, quarter or year), judged and stored
in one statement.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, partial

from sqlalchemy import (
    delete,
    select,
    text,
)
from sqlalchemy.orm import contains_eager

from app.charters.models import (
    APPROVED_STATUSES,
    CharterVersion,
    Commitment,
    Indicator,
    IndicatorKind,
    IndicatorRevision,
    Source,
    StandardIndicator,
)
from app.core.calendar import WorkingCalendar
from app.core.clock import local_today, utcnow
from app.core.collector import without_collection
from app.core.types import Period
from app.extensions import db
from app.feedback.models import WaitingBracket
from app.indicators.models import IndicatorChange, Measurement, MeasurementStatus
from app.indicators.services.incremental import (
    ARRAY_TYPES,
    UPSERT_BATCH,
    Plain,
    Stale,
    tally_planned,
    upsert,
)
from app.indicators.services.results import OVERVIEW_STALE, refresh_quarter_compliance
from app.indicators.services.tallies import (
    DEFAULT_GOOD_SCORE,
    Tallies,
    months_of,
    tally,
)

TWO_PLACES = Decimal("0.01")
# The longest wait of each survey bracket; a bracket is within a threshold only when all of it
# is (a 10-minute threshold counts "less than 5" but not "5 to 15").
BRACKET_MINUTES = {
    WaitingBracket.UNDER_5: 5,
    WaitingBracket.UNDER_15: 15,
    WaitingBracket.UNDER_30: 30,
    WaitingBracket.OVER_30: None,
}


@dataclass
class Result:
    """An indicator's figures for one period, before they are judged against the target."""

    numerator: Decimal | None
    denominator: Decimal | None
    mean: Decimal | None = None
    pending: int = 0  # cases still undecided: the value may change
    provisional: bool = False


def evaluate(
    indicator: Indicator, period: Period, result: Result
) -> tuple[Decimal | None, MeasurementStatus]:
    """The value of an indicator for a period, and whether it met the target then in force.

    A share is a percentage of the denominator; a mean divides the numerator (a sum) by the
    denominator (the number of cases); a count or a deliverable is the numerator itself. No
    cases means no data
    once the period has ended and no case is pending; until then cases may still come, and an
    unfinished period or pending cases make the result provisional.
    The exact value is judged; the value returned (to store) has two decimals rounded toward
    the comparator, so that it never seems to meet a target it missed.
    """
    numerator, denominator = result.numerator, result.denominator
    if numerator is None or (not indicator.kind.counted and not denominator):
        return (
            None,
            MeasurementStatus.PROVISIONAL if result.provisional else MeasurementStatus.NO_DATA,
        )
    numerator = Decimal(numerator)
    if indicator.kind is IndicatorKind.SHARE_WITHIN:
        value = 100 * numerator / Decimal(denominator)
    elif indicator.kind is IndicatorKind.MEAN:
        value = numerator / Decimal(denominator)
    else:
        value = numerator
    definition = indicator.in_force(period)
    stored = definition.comparator.rounded(value, definition.target, 2)
    if result.provisional:
        return stored, MeasurementStatus.PROVISIONAL
    met = definition.comparator.holds(value, definition.target)
    return stored, MeasurementStatus.MET if met else MeasurementStatus.NOT_MET


def store(
    indicator: Indicator,
    period: Period,
    result: Result,
    source: Source | None = None,
    **fields,
) -> Measurement:
    """Add (or replace) an indicator's result for a period; the caller commits. ``fields`` are
    further columns (note, evidence, who recorded it)."""
    value, status = evaluate(indicator, period, result)
    measurement = db.session.scalar(
        select(Measurement).filter_by(indicator_id=indicator.id, period=period)
    ) or Measurement(indicator=indicator, period=period)
    measurement.numerator = None if result.numerator is None else Decimal(result.numerator)
    measurement.denominator = None if result.denominator is None else Decimal(result.denominator)
    measurement.value = value
    measurement.mean = published_mean(indicator, result, value)
    measurement.pending = result.pending or None
    measurement.status = status
    measurement.source = source or indicator.source
    measurement.recorded_at = utcnow()
    for name, content in fields.items():
        setattr(measurement, name, content)
    db.session.add(measurement)
    return measurement


def record_measurement(indicator, period, numerator, denominator, source=None, note=None):
    """A result measured outside the system (a sample, a visit); the caller commits."""
    return store(
        indicator, period, Result(_number(numerator), _number(denominator)), source, note=note
    )


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def published_mean(indicator: Indicator, result: Result, value: Decimal | None):
    """The mean published with a result: a mean indicator's is its value, rounded as the value
    is (toward the comparator), so that one average is never published as two figures."""
    if indicator.kind is IndicatorKind.MEAN and value is not None:
        return value
    return two_places(result.mean)


def two_places(value) -> Decimal | None:
    """A figure as results show it: two decimal places, halves rounded up."""
    if value is None:
        return None
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# --- Automatic sources -------------------------------------------------------------------------


SURVEYED = (
    StandardIndicator.SATISFACTION,
    StandardIndicator.WAITING_TIME,
    StandardIndicator.ATTENTION_TIME,
)


def is_automatic(indicator: Indicator) -> bool:
    """Whether the system computes the indicator from its own data."""
    if indicator.source is Source.FEEDBACK:
        return True
    return indicator.source is Source.SURVEY and (
        indicator.standard is None or indicator.standard in SURVEYED
    )


def automatic():
    """SQL: ``is_automatic`` of an indicator."""
    return (Indicator.source == Source.FEEDBACK) | (
        (Indicator.source == Source.SURVEY)
        & (Indicator.standard.is_(None) | Indicator.standard.in_(SURVEYED))
    )


def past_threshold(
    calendar: WorkingCalendar,
    today: date,
    received_on: date,
    due_on: date | None,
    due_days: int,
    days: int,
) -> bool:
    """Whether an unanswered item had run past ``days`` working days by ``today`` (for an item
    dismissed late, the day of its dismissal).

    The item's due date already includes the working days its clock stopped (prevenciones);
    the same extension applies to the threshold. An item whose clock is stopped now (no due
    date) has not run past it yet.
    """
    if due_on is None:
        return False
    stopped = calendar.working_days_between(
        calendar.add_working_days(received_on, due_days), due_on
    )
    return today > calendar.add_working_days(received_on, days + stopped)


def good_score(threshold: Decimal | None) -> int:
    """The lowest whole score (1–5) a satisfaction share counts as good, for a threshold "at
    least": 4.5 counts only fives (rounding it down to 4 would count fours as good)."""
    return math.ceil(threshold) if threshold else DEFAULT_GOOD_SCORE


def automatic_result(
    indicator: Indicator,
    charter_id: int,
    period: Period,
    tallies: Tallies,
    today: date,
    is_late: Callable[[date, date, date | None, int, int], bool],
) -> Result:
    """The figures of an automatic indicator for a period, from the tallies; ``is_late`` tells
    whether an unanswered item (as of a day: received on, due on, due days) had run past a
    threshold. An item dismissed after its due date is late if it had run past it when it was
    dismissed; otherwise it is not a case."""
    definition = indicator.in_force(period)
    unfinished = today < period.end
    share = indicator.kind is IndicatorKind.SHARE_WITHIN
    if indicator.source is Source.FEEDBACK:
        days = int(definition.threshold or 0)
        total = tallies.total(charter_id, "feedback", period)
        overdue = pending = 0
        for month in months_of(period):
            for received_on, due_on, due_days, dismissed_on, count in tallies.open_items.get(
                (charter_id, month), ()
            ):
                if share and is_late(dismissed_on or today, received_on, due_on, due_days, days):
                    overdue += count
                elif dismissed_on is None:
                    pending += count
        answered = total["answered"]
        mean = Decimal(total["days"]) / answered if answered else None
        if share:
            numerator, denominator = total[f"within_{days}"], answered + overdue
        else:
            numerator, denominator = total["days"], answered
        return Result(
            Decimal(numerator), Decimal(denominator), mean, pending, unfinished or pending > 0
        )
    if indicator.standard in (StandardIndicator.WAITING_TIME, StandardIndicator.ATTENTION_TIME):
        times = "waiting" if indicator.standard is StandardIndicator.WAITING_TIME else "attention"
        total = tallies.total(charter_id, "surveys", period)
        minutes = definition.threshold or 0
        counts = {bracket: total[f"{times}_{bracket.value}"] for bracket in BRACKET_MINUTES}
        within = sum(
            count
            for bracket, count in counts.items()
            if BRACKET_MINUTES[bracket] is not None and BRACKET_MINUTES[bracket] <= minutes
        )
        return Result(Decimal(within), Decimal(sum(counts.values())), provisional=unfinished)
    good = good_score(definition.threshold)
    total = tallies.total(charter_id, "surveys", period)
    count = total["count"]
    mean = Decimal(total["total"]) / count if count else None
    numerator = total[f"good_{good}"] if share else total["total"]
    return Result(Decimal(numerator), Decimal(count), mean, provisional=unfinished)


def _automatic_indicators(charter_ids: set[int] | None) -> list[tuple]:
    """The automatic indicators of every published or archived charter version, each as a plain
    copy (``Plain``) with its periodicity, its charter and the version's validity: thousands of
    them, read as columns, two queries, rather than built as ORM objects."""

    def approved(statement):
        statement = (
            statement.join(Commitment, Commitment.id == Indicator.commitment_id)
            .join(CharterVersion, CharterVersion.id == Commitment.version_id)
            .where(CharterVersion.status.in_(APPROVED_STATUSES), automatic())
        )
        if charter_ids is not None:
            statement = statement.where(CharterVersion.charter_id.in_(charter_ids))
        return statement

    revisions = defaultdict(list)
    for row in db.session.execute(
        approved(
            select(
                IndicatorRevision.indicator_id,
                IndicatorRevision.starts,
                IndicatorRevision.threshold,
                IndicatorRevision.target,
                IndicatorRevision.comparator,
            ).join(Indicator, Indicator.id == IndicatorRevision.indicator_id)
        ).order_by(IndicatorRevision.indicator_id, IndicatorRevision.starts)
    ):
        revisions[row.indicator_id].append(row)
    rows = db.session.execute(
        approved(
            select(
                Indicator.id,
                Indicator.kind,
                Indicator.source,
                Indicator.standard,
                Indicator.threshold,
                Indicator.target,
                Indicator.comparator,
                Indicator.periodicity,
                CharterVersion.charter_id,
                CharterVersion.valid_from,
                CharterVersion.valid_until,
            )
        )
    )
    return [(Plain(row, revisions.get(row.id, ())), row.periodicity, *row[-3:]) for row in rows]


@without_collection
def recompute(
    period: Period | None = None,
    today: date | None = None,
    charter_ids: set[int] | None = None,
    *,
    commit: bool = True,
    changed: bool = False,
) -> int:
    """Recompute the automatic indicators of every published or archived charter version, for
    ``period`` (the periods of each indicator's periodicity that overlap it) or for every period
    of each version's validity up to today; commit (unless the caller's change commits with it)
    and return how many results were computed.

    With ``changed``, only the periods that may differ from a full recomputation's: those of the
    months where feedback or surveys changed since the last run (``indicator_changes``), those
    still provisional that have ended or wait for open items (time alone may change them), and
    those never computed (a new period, a new version). A run over everything, or over only the
    changes, takes the changes it saw; if it fails they stay for the next run."""
    today = today or local_today()
    # The home page's overview is counted again with the results, for the date too may have
    # changed it (a new quarter, a version in force from today) since it was counted.
    db.session.info[OVERVIEW_STALE] = True
    if changed or (period is None and charter_ids is None):
        taken = db.session.execute(
            delete(IndicatorChange).returning(
                IndicatorChange.service_id, IndicatorChange.commitment_id, IndicatorChange.month
            )
        ).all()
    stale = Stale.load(taken, today) if changed else None
    if charter_ids is None:
        _judge_ended_manual_results(today)
    if db.engine.dialect.name == "postgresql":
        # The month-by-charter aggregates of a national institution outgrow the default memory
        # for sorting and hashing (4 MB) and would spill to disk; this transaction only.
        db.session.execute(text("SET LOCAL work_mem = '64MB'"))
        db.session.execute(text("SET LOCAL jit = off"))
    planned = []
    thresholds: dict[str, set[int]] = {"feedback": set(), "satisfaction": set()}
    spans = lru_cache(maxsize=None)(Period.span)  # versions share their dates
    starts, ends = set(), set()
    indicators = []
    for indicator, periodicity, charter_id, valid_from, valid_until in _automatic_indicators(
        charter_ids
    ):
        first, last = valid_from, min(valid_until or today, today)
        if period is not None:
            first, last = max(first, period.start), min(last, period.end - timedelta(days=1))
        if first > last:
            continue
        indicators.append((indicator, charter_id, spans(first, last, periodicity.period_kind)))
    if stale is not None:
        stale.find_missing(indicators)
    for indicator, charter_id, periods in indicators:
        if stale is not None:
            if not stale.concerns(indicator.id, charter_id):
                continue
            periods = [p for p in periods if stale.includes(indicator.id, charter_id, p)]
            if not periods:
                continue
        planned.extend((indicator, charter_id, p) for p in periods)
        starts.add(periods[0].start)
        ends.add(periods[-1].end)
        # Every definition the indicator ever had: at worst a threshold counted in vain.
        for definition in indicator.definitions:
            if indicator.source is Source.FEEDBACK:
                thresholds["feedback"].add(int(definition.threshold or 0))
            elif definition.threshold is not None and indicator.standard not in (
                StandardIndicator.WAITING_TIME,
                StandardIndicator.ATTENTION_TIME,
            ):
                thresholds["satisfaction"].add(good_score(definition.threshold))
    if not planned:
        if commit:
            db.session.commit()
        return 0
    first, last = min(starts), min(today, max(ends))
    if stale is None:
        tallies = tally(first, last, charter_ids, thresholds)
    else:
        tallies = tally_planned(planned, today, thresholds)
    # Many items share their dates: each combination is worked out on the calendar once.
    is_late = lru_cache(maxsize=None)(partial(past_threshold, WorkingCalendar.load()))
    columns: dict[str, list] = {name: [] for name in ARRAY_TYPES}
    ids, periods, numerators, denominators, values, means, pendings, statuses, sources = (
        columns.values()
    )
    for indicator, charter_id, p in planned:
        result = automatic_result(indicator, charter_id, p, tallies, today, is_late)
        value, status = evaluate(indicator, p, result)
        ids.append(indicator.id)
        periods.append(str(p))
        numerators.append(result.numerator)
        denominators.append(result.denominator)
        values.append(value)
        means.append(published_mean(indicator, result, value))
        pendings.append(result.pending or None)
        statuses.append(status.value)
        sources.append(indicator.source.value)
    rewritten = upsert(columns, utcnow())
    if rewritten is not None:
        # Only the quarters whose results changed need their figures counted again (every
        # other writer of results keeps them in step: see ``refresh_quarter_compliance``).
        quarters = {(i, str(Period.parse(code).results_quarter)) for i, code in rewritten}
        indicator_ids = {i for i, _code in quarters}
        version_ids = set()
        for start in range(0, len(ids := sorted(indicator_ids)), UPSERT_BATCH):
            version_ids.update(
                db.session.scalars(
                    select(Commitment.version_id)
                    .join(Indicator, Indicator.commitment_id == Commitment.id)
                    .where(Indicator.id.in_(ids[start : start + UPSERT_BATCH]))
                )
            )
        refresh_quarter_compliance(version_ids, {code for _i, code in quarters})
    else:
        refresh_quarter_compliance(
            None
            if charter_ids is None
            else set(
                db.session.scalars(
                    select(CharterVersion.id).where(CharterVersion.charter_id.in_(charter_ids))
                )
            )
        )
    if commit:
        db.session.commit()
    return len(planned)


def _judge_ended_manual_results(today: date) -> None:
    """Results recorded by hand while their period ran are provisional: once it has ended, they
    are judged as they stand (their figures do not change by themselves)."""
    for measurement in db.session.scalars(
        select(Measurement)
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .where(Measurement.status == MeasurementStatus.PROVISIONAL, ~automatic())
        .options(contains_eager(Measurement.indicator))
    ):
        if measurement.period.end <= today:
            result = Result(measurement.numerator, measurement.denominator)
            measurement.value, measurement.status = evaluate(
                measurement.indicator, measurement.period, result
            )
