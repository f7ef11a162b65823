"""The indicator engine: results computed from the system's own data (feedback and surveys),
results entered by staff, and the reading of results for the public pages.

Automatic results are SQL aggregates per charter and month (one query per source for all
charters and months at once, never a loop over rows); the months are then added up into the
periods each indicator is measured in (month, quarter or year) and judged against the
definition in force in that period. The public pages read the results of every charter per
quarter from ``QuarterCompliance``, kept in step with the measurements.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, partial

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    DateTime,
    Integer,
    Numeric,
    String,
    bindparam,
    case,
    cast,
    event,
    exists,
    extract,
    func,
    literal,
    or_,
    select,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, load_only, selectinload

from app.catalog.models import Dependency
from app.charters.models import (
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Indicator,
    IndicatorKind,
    IndicatorRevision,
    Source,
    StandardIndicator,
    charter_services,
)
from app.core.calendar import WorkingCalendar
from app.core.clock import local_now, local_today, utc_at, utcnow
from app.core.collector import without_collection
from app.core.i18n import tr_text
from app.core.templating import period_label
from app.core.types import LabeledEnum, Period
from app.extensions import db
from app.feedback import uploads
from app.feedback.models import (
    Feedback,
    FeedbackStatus,
    FeedbackType,
    SurveyResponse,
    WaitingBracket,
)
from app.feedback.uploads import StoredFile
from app.indicators.models import (
    ActionStatus,
    ImprovementAction,
    Measurement,
    MeasurementStatus,
    QuarterCompliance,
    Report,
)
from app.staff.models import User

TWO_PLACES = Decimal("0.01")
ANSWERED = (
    FeedbackStatus.ANSWERED,
    FeedbackStatus.CLOSED_RESOLVED,
    FeedbackStatus.CLOSED_UNRESOLVED,
)
# The longest wait of each survey bracket; a bracket is within a threshold only when all of it
# is (a 10-minute threshold counts "less than 5" but not "5 to 15").
BRACKET_MINUTES = {
    WaitingBracket.UNDER_5: 5,
    WaitingBracket.UNDER_15: 15,
    WaitingBracket.UNDER_30: 30,
    WaitingBracket.OVER_30: None,
}
DEFAULT_GOOD_SCORE = 4
# The statuses counted per charter and quarter, in the order of their columns.
COUNTED = (
    MeasurementStatus.MET,
    MeasurementStatus.NOT_MET,
    MeasurementStatus.NO_DATA,
    MeasurementStatus.PROVISIONAL,
)


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
    denominator (the number of cases); a count is the numerator itself. No cases means no data,
    unless cases are still pending; an unfinished period or pending cases make it provisional.
    """
    numerator, denominator = result.numerator, result.denominator
    if numerator is None or (indicator.kind is not IndicatorKind.COUNT and not denominator):
        has_pending = result.pending and result.provisional
        return None, MeasurementStatus.PROVISIONAL if has_pending else MeasurementStatus.NO_DATA
    numerator = Decimal(numerator)
    if indicator.kind is IndicatorKind.SHARE_WITHIN:
        value = 100 * numerator / Decimal(denominator)
    elif indicator.kind is IndicatorKind.MEAN:
        value = numerator / Decimal(denominator)
    else:
        value = numerator
    value = value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    if result.provisional:
        return value, MeasurementStatus.PROVISIONAL
    definition = indicator.in_force(period)
    met = definition.comparator.holds(value, definition.target)
    return value, MeasurementStatus.MET if met else MeasurementStatus.NOT_MET


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
    measurement.mean = _two_places(result.mean)
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


def _two_places(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# --- Automatic sources -------------------------------------------------------------------------


def is_automatic(indicator: Indicator) -> bool:
    """Whether the system computes the indicator from its own data."""
    if indicator.source is Source.FEEDBACK:
        return True
    return indicator.source is Source.SURVEY and indicator.standard in (
        StandardIndicator.SATISFACTION,
        StandardIndicator.WAITING_TIME,
        StandardIndicator.ATTENTION_TIME,
        None,
    )


def _charter_items(columns, *conditions):
    """The charter (``charter_id``) and ``columns`` of ``Feedback`` of each item that meets
    ``conditions``: an item counts for every charter that covers its service, and for the
    charter whose commitment it names when that charter does not cover the service. The
    conditions go inside each branch, so that the database reads only the items they select,
    and the columns come along, so that it does not read them again."""
    by_service = (
        select(charter_services.c.charter_id.label("charter_id"), *columns)
        .join(Feedback, Feedback.service_id == charter_services.c.service_id)
        .where(*conditions)
    )
    covered = exists().where(
        charter_services.c.charter_id == CharterVersion.charter_id,
        charter_services.c.service_id == Feedback.service_id,
    )
    by_commitment = (
        select(CharterVersion.charter_id, *columns)
        .join(Commitment, Commitment.version_id == CharterVersion.id)
        .join(Feedback, Feedback.commitment_id == Commitment.id)
        .where(~covered, *conditions)
    )
    return union_all(by_service, by_commitment).subquery()


def _month_of(moment, months: list[Period]):
    """SQL: the code of the month (of consecutive ``months``) in whose local time the UTC
    ``moment`` falls, found by halving the months: a few comparisons per row, on any engine."""
    if len(months) == 1:
        return literal(str(months[0]), String)
    middle = len(months) // 2
    return case(
        (moment < utc_at(months[middle].start), _month_of(moment, months[:middle])),
        else_=_month_of(moment, months[middle:]),
    )


@dataclass
class Tallies:
    """Additive counts per (charter, source, month), each a row of numbers named by
    ``layouts[source]``: months add up into quarters and years. Months are numbered (see
    ``month_number``) and counts kept as rows, not dictionaries: a national institution has
    hundreds of thousands of them to store, look up and add."""

    layouts: dict[str, tuple[str, ...]]
    counts: dict = field(default_factory=dict)
    # Open feedback items per (charter, month received): (received_on, due_on, due_days, how many).
    open_items: dict = field(default_factory=lambda: defaultdict(list))
    # Totals already added up: several indicators of a charter read the same period's.
    totals: dict = field(default_factory=dict)

    def add(self, charter_id: int, source: str, month: int, counts: Sequence[int]) -> None:
        key = (charter_id, source, month)
        found = self.counts.get(key)
        self.counts[key] = counts if found is None else list(map(operator.add, found, counts))

    def total(self, charter_id: int, source: str, period: Period) -> dict[str, int]:
        key = (charter_id, source, period)
        total = self.totals.get(key)
        if total is None:
            layout = self.layouts[source]
            rows = [self.counts.get((charter_id, source, m)) for m in months_of(period)]
            sums = [sum(column) for column in zip(*filter(None, rows), strict=True)]
            total = self.totals[key] = dict(zip(layout, sums or [0] * len(layout), strict=True))
        return total


def month_number(year: int, month: int) -> int:
    """Months counted from year 0: consecutive numbers, cheaper to hash than periods."""
    return 12 * year + month - 1


@lru_cache(maxsize=1024)
def months_of(period: Period) -> range:
    """The numbers of the months of a period."""
    last = period.end - timedelta(days=1)
    return range(
        month_number(period.start.year, period.start.month), month_number(last.year, last.month) + 1
    )


def tally(
    first: date, last: date, charter_ids: set[int] | None, thresholds: dict[str, set[int]]
) -> Tallies:
    """Count, per charter and month from ``first`` to ``last``, what the automatic indicators
    need. ``thresholds`` lists the working-day thresholds of feedback indicators ("feedback")
    and the good scores of satisfaction indicators ("satisfaction") to count within."""
    days = sorted(thresholds.get("feedback", ()))
    scores = sorted(thresholds.get("satisfaction", ()) | {DEFAULT_GOOD_SCORE})
    brackets = list(WaitingBracket)
    tallies = Tallies(
        {
            "feedback": ("answered", "days", *(f"within_{d}" for d in days)),
            "surveys": (
                "count",
                "total",
                *(f"good_{s}" for s in scores),
                *(f"waiting_{b.value}" for b in brackets),
                *(f"attention_{b.value}" for b in brackets),
            ),
        }
    )
    # Core rows, not ORM ones: hundreds of thousands of plain tuples, read once.
    connection = db.session.connection()
    counted = (
        Feedback.type != FeedbackType.COMPLIMENT,
        Feedback.status != FeedbackStatus.DISMISSED,
    )

    def of_charters(column) -> list:
        return [] if charter_ids is None else [column.in_(charter_ids)]

    months = Period.span(first, last, "M")
    by_code = {str(month): month_number(month.year, month.index) for month in months}

    # Feedback by the local day it was received: one query, grouped by charter and month.
    received = (Feedback.received_on >= months[0].start, Feedback.received_on <= last)
    items = _charter_items(
        (Feedback.received_on, Feedback.status, Feedback.response_days), *received, *counted
    )
    year, month_of_year = (
        extract("year", items.c.received_on),
        extract("month", items.c.received_on),
    )
    answered = items.c.status.in_(ANSWERED)
    rows = connection.execute(
        select(
            items.c.charter_id,
            year,
            month_of_year,
            func.count().filter(answered),
            func.coalesce(func.sum(items.c.response_days).filter(answered), 0),
            *[func.count().filter(answered & (items.c.response_days <= d)) for d in days],
        )
        .where(*of_charters(items.c.charter_id))
        .group_by(items.c.charter_id, year, month_of_year)
    ).all()
    for charter_id, y, m, *counts in rows:
        tallies.add(charter_id, "feedback", month_number(int(y), int(m)), counts)

    # Surveys and ratings by the local month of their UTC moment: one query per source.
    start, end = utc_at(months[0].start), utc_at(months[-1].end)
    month = _month_of(SurveyResponse.created_at, months).label("month")
    surveys = (
        select(
            charter_services.c.charter_id.label("charter_id"),
            month,
            func.count(),
            func.coalesce(func.sum(SurveyResponse.score), 0),
            *[func.count().filter(SurveyResponse.score >= s) for s in scores],
            *[func.count().filter(SurveyResponse.waiting == b) for b in brackets],
            *[func.count().filter(SurveyResponse.attention == b) for b in brackets],
        )
        .join(SurveyResponse, SurveyResponse.service_id == charter_services.c.service_id)
        .where(SurveyResponse.created_at >= start, SurveyResponse.created_at < end)
        .where(*of_charters(charter_services.c.charter_id))
        .group_by(charter_services.c.charter_id, month)
    )
    for charter_id, code, *counts in connection.execute(surveys).all():
        tallies.add(charter_id, "surveys", by_code[code], counts)
    rated = _charter_items(
        (Feedback.answered_at, Feedback.citizen_rating),
        Feedback.citizen_rating.is_not(None),
        Feedback.answered_at >= start,
        Feedback.answered_at < end,
    )
    month = _month_of(rated.c.answered_at, months).label("month")
    ratings = (
        select(
            rated.c.charter_id,
            month,
            func.count(),
            func.sum(rated.c.citizen_rating),
            *[func.count().filter(rated.c.citizen_rating >= s) for s in scores],
        )
        .where(*of_charters(rated.c.charter_id))
        .group_by(rated.c.charter_id, month)
    )
    no_times = [0] * 2 * len(brackets)  # ratings say nothing of waiting and attention times
    for charter_id, code, *counts in connection.execute(ratings).all():
        tallies.add(charter_id, "surveys", by_code[code], counts + no_times)

    unanswered = _charter_items(
        # Plain integers: a hundred thousand groups need no WorkingDays objects.
        (Feedback.received_on, Feedback.due_on, type_coerce(Feedback.due_days, Integer)),
        *received,
        *counted,
        Feedback.status.not_in(ANSWERED),
    )
    grouped = [unanswered.c[name] for name in ("charter_id", "received_on", "due_on", "due_days")]
    rows = connection.execute(
        select(*grouped, func.count())
        .where(*of_charters(unanswered.c.charter_id))
        .group_by(*grouped)
    ).all()
    for charter_id, received_on, due_on, due_days, count in rows:
        month = month_number(received_on.year, received_on.month)
        tallies.open_items[charter_id, month].append((received_on, due_on, due_days, count))
    return tallies


def past_threshold(
    calendar: WorkingCalendar,
    today: date,
    received_on: date,
    due_on: date | None,
    due_days: int,
    days: int,
) -> bool:
    """Whether an open item has run past ``days`` working days by now.

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


def automatic_result(
    indicator: Indicator,
    charter_id: int,
    period: Period,
    tallies: Tallies,
    today: date,
    is_late: Callable[[date, date | None, int, int], bool],
) -> Result:
    """The figures of an automatic indicator for a period, from the tallies; ``is_late`` tells
    whether an open item (received on, due on, due days) has run past a threshold by now."""
    definition = indicator.in_force(period)
    unfinished = today < period.end
    share = indicator.kind is IndicatorKind.SHARE_WITHIN
    if indicator.source is Source.FEEDBACK:
        days = int(definition.threshold or 0)
        total = tallies.total(charter_id, "feedback", period)
        overdue = pending = 0
        for month in months_of(period):
            for received_on, due_on, due_days, count in tallies.open_items.get(
                (charter_id, month), ()
            ):
                if share and is_late(received_on, due_on, due_days, days):
                    overdue += count
                else:
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
    good = int(definition.threshold or DEFAULT_GOOD_SCORE)
    total = tallies.total(charter_id, "surveys", period)
    count = total["count"]
    mean = Decimal(total["total"]) / count if count else None
    numerator = total[f"good_{good}"] if share else total["total"]
    return Result(Decimal(numerator), Decimal(count), mean, provisional=unfinished)


def _automatic_indicators(charter_ids: set[int] | None) -> list[tuple]:
    """The automatic indicators of every published or archived charter version, each with its
    charter and the version's validity; only the columns that compute and judge a result."""
    statement = (
        select(
            Indicator,
            CharterVersion.charter_id,
            CharterVersion.valid_from,
            CharterVersion.valid_until,
        )
        .join(Commitment, Commitment.id == Indicator.commitment_id)
        .join(CharterVersion, CharterVersion.id == Commitment.version_id)
        .where(CharterVersion.status != CharterStatus.DRAFT)
        .where(Indicator.source.in_((Source.FEEDBACK, Source.SURVEY)))
        .options(
            load_only(
                Indicator.kind,
                Indicator.standard,
                Indicator.source,
                Indicator.periodicity,
                Indicator.threshold,
                Indicator.target,
                Indicator.comparator,
            ),
            selectinload(Indicator.revisions),
        )
    )
    if charter_ids is not None:
        statement = statement.where(CharterVersion.charter_id.in_(charter_ids))
    return [row for row in db.session.execute(statement).tuples() if is_automatic(row[0])]


@without_collection
def recompute(
    period: Period | None = None,
    today: date | None = None,
    charter_ids: set[int] | None = None,
) -> int:
    """Recompute the automatic indicators of every published or archived charter version, for
    ``period`` (the periods of each indicator's periodicity that overlap it) or for every period
    of each version's validity up to today; commit and return how many results were stored."""
    today = today or local_today()
    if db.engine.dialect.name == "postgresql":
        # The month-by-charter aggregates of a national institution outgrow the default memory
        # for sorting and hashing (4 MB) and would spill to disk; this transaction only.
        db.session.execute(text("SET LOCAL work_mem = '64MB'"))
        db.session.execute(text("SET LOCAL jit = off"))
    planned = []
    thresholds: dict[str, set[int]] = {"feedback": set(), "satisfaction": set()}
    spans = lru_cache(maxsize=None)(Period.span)  # versions share their dates
    starts, ends = set(), set()
    for indicator, charter_id, valid_from, valid_until in _automatic_indicators(charter_ids):
        first, last = valid_from, min(valid_until or today, today)
        if period is not None:
            first, last = max(first, period.start), min(last, period.end - timedelta(days=1))
        if first > last:
            continue
        periods = spans(first, last, indicator.periodicity.period_kind)
        planned.extend((indicator, charter_id, p) for p in periods)
        starts.add(periods[0].start)
        ends.add(periods[-1].end)
        # Every definition the indicator ever had: at worst a threshold counted in vain.
        for definition in (indicator, *indicator.revisions):
            if indicator.source is Source.FEEDBACK:
                thresholds["feedback"].add(int(definition.threshold or 0))
            elif definition.threshold is not None and indicator.standard not in (
                StandardIndicator.WAITING_TIME,
                StandardIndicator.ATTENTION_TIME,
            ):
                thresholds["satisfaction"].add(int(definition.threshold))
    if not planned:
        return 0
    first, last = min(starts), min(today, max(ends))
    tallies = tally(first, last, charter_ids, thresholds)
    # Many items share their dates: each combination is worked out on the calendar once.
    is_late = lru_cache(maxsize=None)(partial(past_threshold, WorkingCalendar.load(), today))
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
        means.append(_two_places(result.mean))
        pendings.append(result.pending or None)
        statuses.append(status.value)
        sources.append(indicator.source.value)
    _upsert(columns, utcnow())
    refresh_quarter_compliance(
        None
        if charter_ids is None
        else set(
            db.session.scalars(
                select(CharterVersion.id).where(CharterVersion.charter_id.in_(charter_ids))
            )
        )
    )
    db.session.commit()
    return len(planned)


COMPUTED = ("numerator", "denominator", "value", "mean", "pending", "status", "source")
# The columns of a computed result as PostgreSQL arrays (enums and periods travel as codes).
ARRAY_TYPES = {"indicator_id": Integer, "period": String, "numerator": Numeric,
               "denominator": Numeric, "value": Numeric, "mean": Numeric, "pending": Integer,
               "status": String, "source": String}  # fmt: skip
UPSERT_BATCH = 5000


def _upsert(columns: dict[str, list], recorded_at: datetime) -> None:
    """Insert or replace computed results, given column by column (an indicator has one result
    per period), keeping the ids of the rows replaced, since open data links to them; a result
    whose figures did not change is left as it was, with the time it was recorded."""
    table = Measurement.__table__
    if db.engine.dialect.name == "postgresql":
        # One statement, each column sent as one array: row by row, the round trips and the
        # parameters of a hundred thousand results would cost more than computing them.
        arrays = (
            func.unnest(
                *[
                    cast(bindparam(name, _array_text(columns[name]), String), ARRAY(kind))
                    for name, kind in ARRAY_TYPES.items()
                ]
            )
            .table_valued(*columns)
            .render_derived()
        )
        statement = postgresql_insert(table).from_select(
            [*columns, "recorded_at"],
            select(
                *[cast(arrays.c[name], table.c[name].type) for name in columns],
                literal(recorded_at, DateTime),
            ),
        )
        db.session.execute(_replacing(statement))
    else:
        statement = _replacing(sqlite_insert(table))  # Core: one executemany per batch
        rows = [
            {**dict(zip(columns, values, strict=True)), "recorded_at": recorded_at}
            for values in zip(*columns.values(), strict=True)
        ]
        for start in range(0, len(rows), UPSERT_BATCH):
            db.session.execute(statement, rows[start : start + UPSERT_BATCH])
    db.session.expire_all()


def _array_text(values: list) -> str:
    """A PostgreSQL array literal of numbers and codes (no quoting needed): the driver's own
    adaptation walks a hundred thousand values in Python, one by one."""
    return "{" + ",".join("NULL" if value is None else str(value) for value in values) + "}"


def _replacing(statement):
    """``statement`` updating the result already stored for the indicator and period, if its
    figures differ."""
    table, excluded = Measurement.__table__, statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["indicator_id", "period"],
        set_={name: excluded[name] for name in (*COMPUTED, "recorded_at")},
        where=or_(*[table.c[name].is_distinct_from(excluded[name]) for name in COMPUTED]),
    )


# --- Staff: manual results, definitions, improvement actions -----------------------------------

MANUAL_SOURCES = (Source.MANUAL, Source.MYSTERY_SHOPPER, Source.ON_SITE_VISIT)


def entry_periods(indicator: Indicator, today: date) -> list[Period]:
    """The periods staff may record for an indicator, latest first: those of its periodicity
    within its charter version's validity, up to the current one (never the future)."""
    version = indicator.commitment.version
    last = min(version.valid_until or today, today)
    if version.valid_from > last:
        return []
    return Period.span(version.valid_from, last, indicator.periodicity.period_kind)[::-1]


def entry_problems(indicator: Indicator, numerator, denominator) -> dict[str, object]:
    """What is wrong with a manual result, by form field (the period is checked by its
    choices): a share or a mean needs cases; a share cannot count more cases than it has."""
    problems: dict[str, object] = {}
    if indicator.kind is IndicatorKind.COUNT:
        return problems
    if denominator is None or denominator <= 0:
        problems["denominador"] = _l("El denominador debe ser mayor que cero.")
    elif indicator.kind is IndicatorKind.SHARE_WITHIN and numerator > denominator:
        problems["numerador"] = _l("El numerador no puede ser mayor que el denominador.")
    return problems


@dataclass
class Evidence:
    note: str | None = None
    url: str | None = None
    file: StoredFile | None = None


def record_manual(
    indicator: Indicator,
    period: Period,
    numerator: Decimal,
    denominator: Decimal | None,
    source: Source,
    evidence: Evidence,
    by: User,
    today: date,
) -> Measurement:
    """Record (or correct) a result measured outside the system, with its evidence; a period
    that has not ended yet stays provisional. Commits."""
    result = Result(numerator, denominator, provisional=today < period.end)
    file = evidence.file
    measurement = store(
        indicator,
        period,
        result,
        source,
        recorded_by=by,
        evidence_note=evidence.note,
        evidence_url=evidence.url,
        evidence_file=file.stored_name if file else None,
        evidence_filename=file.original_name if file else None,
        evidence_content_type=file.content_type if file else None,
    )
    if file:
        uploads.keep(file)
    db.session.commit()
    return measurement


def revise_definition(indicator: Indicator, revision: IndicatorRevision, today: date) -> None:
    """Put a new definition in force from ``revision.starts`` on (replacing a revision that
    started then) and judge again the results of the periods it covers. Commits."""
    for existing in list(indicator.revisions):
        if existing.starts == revision.starts:
            indicator.revisions.remove(existing)
    db.session.flush()
    revision.created_at = utcnow()
    indicator.revisions.append(revision)
    indicator.revisions.sort(key=lambda r: r.starts.start)
    db.session.flush()
    if is_automatic(indicator):
        recompute(today=today, charter_ids={indicator.commitment.version.charter_id})
        return
    later = db.session.scalars(
        select(Measurement).where(Measurement.indicator_id == indicator.id)
    ).all()
    for measurement in later:
        if measurement.period.start >= revision.starts.start:
            measurement.value, measurement.status = evaluate(
                indicator,
                measurement.period,
                Result(
                    measurement.numerator,
                    measurement.denominator,
                    provisional=today < measurement.period.end,
                ),
            )
    db.session.commit()


def unmet_without_action(charter_id: int, period: Period) -> list[Measurement]:
    """The unmet results of a charter in a quarter (and in its months) that have no
    improvement action or justification yet: they block the quarter's report."""
    covered = ImprovementAction.indicator_id == Measurement.indicator_id
    return list(
        db.session.scalars(
            select(Measurement)
            .join(Indicator)
            .join(Commitment)
            .join(CharterVersion)
            .where(CharterVersion.charter_id == charter_id)
            .where(Measurement.status == MeasurementStatus.NOT_MET)
            .where(Measurement.period.in_(_periods_within(period)))
            .where(~exists().where(covered, ImprovementAction.period == Measurement.period))
            .options(selectinload(Measurement.indicator))
            .order_by(Measurement.period, Indicator.position)
        )
    )


def _periods_within(period: Period) -> list[Period]:
    """A quarter and its months (monthly indicators are reported in their quarter)."""
    return [period, *Period.span(period.start, period.end - timedelta(days=1), "M")]


def save_action(action: ImprovementAction, by: User) -> ImprovementAction:
    """Add or update an improvement action; a justification alone closes it as justified. The
    caller commits (after recording who did it)."""
    now = utcnow()
    if action.id is None:
        action.created_at, action.created_by = now, by
        db.session.add(action)
    if action.justification and not action.action:
        action.status = ActionStatus.JUSTIFIED
    action.updated_at = now
    db.session.flush()
    return action


# --- Quarterly reports ---------------------------------------------------------------------------


class ReportError(ValueError):
    """A report that cannot be published (yet), with the reasons staff read."""

    def __init__(self, problems: list):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def report_periods(period: Period) -> list[Period]:
    """What a quarter's report covers: the quarter, its months and, in the fourth quarter,
    the year."""
    periods = _periods_within(period)
    return periods + [Period(period.year)] if period.index == 4 else periods


def version_in(charter_id: int, period: Period) -> CharterVersion | None:
    """The charter version (published or archived) in force during a period, the latest one
    if two overlap it."""
    return db.session.scalar(
        select(CharterVersion)
        .where(
            CharterVersion.charter_id == charter_id,
            CharterVersion.status != CharterStatus.DRAFT,
            CharterVersion.valid_from < period.end,
            (CharterVersion.valid_until.is_(None)) | (CharterVersion.valid_until >= period.start),
        )
        .order_by(CharterVersion.number.desc())
        .limit(1)
        .options(
            selectinload(CharterVersion.commitments)
            .selectinload(Commitment.indicators)
            .selectinload(Indicator.revisions)
        )
    )


def feedback_figures(charter_id: int, period: Period) -> dict:
    """Feedback about a charter received in a period: by type, how many were answered, how many
    within their own deadline, and the mean working days to answer (one aggregate query)."""
    items = _charter_items(
        (Feedback.id,),
        Feedback.status != FeedbackStatus.DISMISSED,
        Feedback.received_on >= period.start,
        Feedback.received_on < period.end,
    )
    answered = Feedback.status.in_(ANSWERED)
    rows = db.session.execute(
        select(
            Feedback.type,
            func.count(),
            func.count().filter(answered),
            func.count().filter(answered & (Feedback.response_days <= Feedback.due_days)),
            func.sum(Feedback.response_days).filter(answered),
        )
        .join(items, items.c.id == Feedback.id)
        .where(items.c.charter_id == charter_id)
        .group_by(Feedback.type)
    )
    by_type = {kind.value: {"received": 0, "answered": 0, "on_time": 0} for kind in FeedbackType}
    days = 0
    for kind, received, count, on_time, total in rows:
        by_type[kind.value] = {"received": received, "answered": count, "on_time": on_time}
        days += total or 0
    totals = {
        key: sum(row[key] for row in by_type.values())
        for key in ("received", "answered", "on_time")
    }
    mean = _two_places(Decimal(days) / totals["answered"]) if totals["answered"] else None
    return {"by_type": by_type, **totals, "mean_days": None if mean is None else str(mean)}


def survey_figures(charter_id: int, period: Period) -> dict:
    """Survey responses about a charter's services in a period: how many, how many scored 4 or
    5, and the mean score."""
    count, good, total = db.session.execute(
        select(
            func.count(),
            func.count().filter(SurveyResponse.score >= DEFAULT_GOOD_SCORE),
            func.sum(SurveyResponse.score),
        )
        .join(charter_services, charter_services.c.service_id == SurveyResponse.service_id)
        .where(charter_services.c.charter_id == charter_id)
        .where(
            SurveyResponse.created_at >= utc_at(period.start),
            SurveyResponse.created_at < utc_at(period.end),
        )
    ).one()
    mean = _two_places(Decimal(total) / count) if count else None
    return {
        "responses": count,
        "satisfied": good,
        "mean_score": None if mean is None else str(mean),
    }


def remedy_figures(charter_id: int, first: date, last: date) -> dict[Period, dict[str, int]]:
    """Claims about the charter's commitments received per quarter between two days: how many,
    how many breaches staff confirmed, and how many were remedied (one aggregate query)."""
    year, month = extract("year", Feedback.received_on), extract("month", Feedback.received_on)
    rows = db.session.execute(
        select(
            year,
            month,
            func.count(),
            func.count().filter(Feedback.breach_confirmed.is_(True)),
            func.count().filter(Feedback.remedied_on.is_not(None)),
        )
        .join(Commitment, Commitment.id == Feedback.commitment_id)
        .join(CharterVersion, CharterVersion.id == Commitment.version_id)
        .where(CharterVersion.charter_id == charter_id, Feedback.type == FeedbackType.CLAIM)
        .where(Feedback.received_on >= first, Feedback.received_on <= last)
        .group_by(year, month)
    )
    figures: dict[Period, dict[str, int]] = {}
    for y, m, claimed, confirmed, remedied in rows:
        quarter = Period.quarter_of(date(int(y), int(m), 1))
        totals = figures.setdefault(quarter, {"claimed": 0, "confirmed": 0, "remedied": 0})
        totals["claimed"] += claimed
        totals["confirmed"] += confirmed
        totals["remedied"] += remedied
    return figures


def _decimal_text(value) -> str | None:
    return None if value is None else str(value)


def assemble_report(charter: Charter, period: Period) -> dict:
    """A quarter's report of a charter as it stands now (the draft): every result, the feedback,
    survey and remedy figures, and the improvement actions, as JSON-ready data."""
    version = version_in(charter.id, period)
    periods = report_periods(period)
    indicators = [i for c in version.commitments for i in c.indicators] if version else []
    measured = {
        (m.indicator_id, m.period): m
        for m in db.session.scalars(
            select(Measurement).where(
                Measurement.indicator_id.in_([i.id for i in indicators]),
                Measurement.period.in_(periods),
            )
        )
    }
    results = []
    for indicator in indicators:
        for p in periods:
            if p.kind != indicator.periodicity.period_kind:
                continue
            measurement = measured.get((indicator.id, p))
            definition = indicator.in_force(p)
            results.append({
                "indicator_id": indicator.id,
                "commitment": indicator.commitment.text,
                "name": indicator.name,
                "period": str(p),
                "unit": indicator.unit.value,
                "comparator": definition.comparator.value,
                "target": _decimal_text(definition.target),
                "revised": definition is not indicator,
                "source": (measurement.source if measurement else indicator.source).value,
                "numerator": _decimal_text(measurement and measurement.numerator),
                "denominator": _decimal_text(measurement and measurement.denominator),
                "value": _decimal_text(measurement and measurement.value),
                "mean": _decimal_text(measurement and measurement.mean),
                "status": (measurement.status if measurement else MeasurementStatus.NO_DATA).value,
            })  # fmt: skip
    actions = db.session.scalars(
        select(ImprovementAction)
        .where(ImprovementAction.charter_id == charter.id)
        .where((ImprovementAction.period.in_(periods)) | (ImprovementAction.period.is_(None)))
        .order_by(ImprovementAction.id)
    )
    remedies = remedy_figures(charter.id, period.start, period.end - timedelta(days=1))
    return {
        "charter": {"slug": charter.slug, "title": charter.title},
        "version": version.number if version else None,
        "period": str(period),
        "results": results,
        "feedback": feedback_figures(charter.id, period),
        "surveys": survey_figures(charter.id, period),
        "remedies": remedies.get(period, {"claimed": 0, "confirmed": 0, "remedied": 0}),
        "actions": [
            {
                "origin": a.origin.value,
                "indicator": a.indicator.name if a.indicator else None,
                "period": _decimal_text(a.period),
                "cause": a.cause,
                "action": a.action,
                "justification": a.justification,
                "responsible": a.responsible,
                "due_on": a.due_on.isoformat() if a.due_on else None,
                "status": a.status.value,
            }
            for a in actions
        ],
    }


def publication_problems(charter: Charter, period: Period, content: dict, today: date) -> list:
    """Why a quarter's report cannot be published yet: the quarter has not ended, a result is
    still provisional, or an unmet result has no improvement action nor justification."""
    problems = []
    if today < period.end:
        problems.append(_l("El trimestre todavía no termina."))
    if any(r["status"] == MeasurementStatus.PROVISIONAL.value for r in content["results"]):
        problems.append(
            _l("Hay resultados provisionales: faltan casos por decidir. Recalcule cuando terminen.")
        )
    for measurement in unmet_without_action(charter.id, period):
        problems.append(
            _l(
                "«%(indicator)s» no cumplió su meta en %(period)s y no tiene acción de mejora "
                "ni justificación.",
                indicator=tr_text(measurement.indicator.name),
                period=period_label(measurement.period),
            )
        )
    return problems


def report_revisions(charter_id: int, period: Period) -> list[Report]:
    """The published revisions of a charter's report for a quarter, latest first."""
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.charter_id == charter_id, Report.period == period)
            .order_by(Report.revision.desc())
        )
    )


def publish_report(
    charter: Charter, period: Period, by: User, note: str | None, today: date
) -> Report:
    """Freeze the quarter's report as published; a later publication of the same quarter is a
    correction and needs a note saying what changed. Raises ``ReportError``; commits."""
    content = assemble_report(charter, period)
    problems = publication_problems(charter, period, content, today)
    earlier = report_revisions(charter.id, period)
    if earlier and not note:
        problems.append(_l("Una corrección necesita una nota que diga qué cambió."))
    if problems:
        raise ReportError(problems)
    report = Report(
        charter=charter,
        period=period,
        revision=earlier[0].revision + 1 if earlier else 1,
        content=content,
        note=note if earlier else None,
        published_at=utcnow(),
        published_by=by,
    )
    db.session.add(report)
    db.session.commit()
    return report


# --- Reading results ---------------------------------------------------------------------------


@dataclass
class CharterOutcomes:
    """What the public page of a charter shows besides its text."""

    history: dict[int, list[Measurement]]
    remedies: dict[Period, dict[str, int]]
    reports: list[Report]


def charter_outcomes(version: CharterVersion) -> CharterOutcomes:
    """The results of a charter version's indicators, the breaches claimed and remedied per
    quarter of its validity and its published reports (latest revision of each quarter), in a
    fixed number of queries."""
    charter_id = version.charter_id
    indicator_ids = [i.id for c in version.commitments for i in c.indicators]
    last = min(version.valid_until or local_today(), local_today())
    latest = (
        select(Report.period, func.max(Report.revision).label("revision"))
        .where(Report.charter_id == charter_id)
        .group_by(Report.period)
        .subquery()
    )
    reports = db.session.scalars(
        select(Report)
        .join(latest, (Report.period == latest.c.period) & (Report.revision == latest.c.revision))
        .where(Report.charter_id == charter_id)
        .order_by(Report.period.desc())
    ).all()
    return CharterOutcomes(
        history=measurement_history(indicator_ids),
        remedies=remedy_figures(charter_id, version.valid_from, last),
        reports=reports,
    )


def latest_reports(limit: int) -> list[Report]:
    """The latest publications (reports and corrections) of every charter, newest first."""
    return list(
        db.session.scalars(
            select(Report)
            .options(selectinload(Report.charter))
            .order_by(Report.published_at.desc(), Report.id.desc())
            .limit(limit)
        )
    )


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
    """The quarter the results page opens on (the latest finished one with judged results of
    published charters), and how many indicators met their target, did not, had no data or are
    still provisional in it."""
    period = default_results_period()
    if period is None:
        return None, []
    sums = db.session.execute(
        select(*[func.sum(column) for column in _compliance_columns(QuarterCompliance)])
        .join(CharterVersion, CharterVersion.id == QuarterCompliance.version_id)
        .where(CharterVersion.status == CharterStatus.PUBLISHED)
        .where(QuarterCompliance.period == period)
    ).one()
    return period, [(status, n) for status, n in zip(COUNTED, sums, strict=True) if n]


def refresh_quarter_compliance(version_ids: set[int] | None = None) -> None:
    """Count again the results of each quarter by status for these charter versions (all of
    them when ``None``), from the measurements; the caller commits. Runs on the session's
    connection, so that it may be called while the session flushes."""
    table = QuarterCompliance.__table__
    counted = (
        select(
            Commitment.version_id,
            Measurement.period,
            *[func.count().filter(Measurement.status == status) for status in COUNTED],
        )
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .join(Commitment, Commitment.id == Indicator.commitment_id)
        .where(Measurement.period.like("%-T%"))
        .group_by(Commitment.version_id, Measurement.period)
    )
    remove = table.delete()
    if version_ids is not None:
        if not version_ids:
            return
        counted = counted.where(Commitment.version_id.in_(version_ids))
        remove = remove.where(table.c.version_id.in_(version_ids))
    connection = db.session.connection()
    connection.execute(remove)
    connection.execute(
        table.insert().from_select(
            ["version_id", "period", *[status.value for status in COUNTED]], counted
        )
    )


@event.listens_for(Session, "after_flush")
def _measurements_changed(session, _context) -> None:
    """Keep the quarter figures in step with every measurement written through the session."""
    indicator_ids = {
        item.indicator_id
        for item in (*session.new, *session.dirty, *session.deleted)
        if isinstance(item, Measurement) and item.indicator_id is not None
    }
    if not indicator_ids:
        return
    versions = session.connection().scalars(
        select(Commitment.version_id)
        .join(Indicator, Indicator.commitment_id == Commitment.id)
        .where(Indicator.id.in_(indicator_ids))
    )
    refresh_quarter_compliance(set(versions))


# --- Dashboard and results overview ---

# Not counted in response times: a compliment needs no answer within a deadline, and a
# dismissed item (a duplicate, an abuse) is not a case to answer. Both count as received.
TIMED_EXCLUDED_TYPES = (FeedbackType.COMPLIMENT,)


class Compliance(LabeledEnum):
    """How a charter did in a period, as the results page filters it."""

    ALL_MET = "todos_cumplidos", _l("Todos los indicadores cumplidos")
    SOME_NOT_MET = "alguno_incumplido", _l("Algún indicador no cumplido")
    NO_DATA = "sin_datos", _l("Sin datos")


@dataclass
class ComplianceCounts:
    """How many of a charter's indicators met, did not meet, had no data or are provisional in
    a period (counted over its results of that period)."""

    period: Period | None = None
    met: int = 0
    not_met: int = 0
    no_data: int = 0
    provisional: int = 0

    @property
    def total(self) -> int:
        return self.met + self.not_met + self.no_data + self.provisional


@dataclass
class CharterResult:
    charter: Charter
    counts: ComplianceCounts


def dependency_subtree(dependency_id: int):
    """SQL: the ids of a dependency and of its children at any depth (a recursive query, run
    as part of the statement that uses it)."""
    tree = (
        select(Dependency.id)
        .where(Dependency.id == dependency_id)
        .cte("dependency_subtree", recursive=True)
    )
    tree = tree.union_all(select(Dependency.id).where(Dependency.parent_id == tree.c.id))
    return select(tree.c.id)


def _published_charter_ids():
    """SQL: the ids of charters that have a published version."""
    return select(CharterVersion.charter_id).where(CharterVersion.status == CharterStatus.PUBLISHED)


def _compliance_columns(source) -> list:
    return [source.met, source.not_met, source.no_data, source.provisional]


def _compliance(period: Period | None = None, latest=None):
    """Subquery of each charter's results counted by status (``charter_id``, ``period`` and the
    counts): in ``period``, or in the period named per charter by the ``latest`` subquery
    (columns ``charter_id`` and ``period``).

    Only the latest version of a charter measured in that period counts, so that a version
    change in the middle of a quarter does not count both versions' indicators.
    """
    ranked = (
        select(
            CharterVersion.charter_id.label("charter_id"),
            QuarterCompliance.period.label("period"),
            *_compliance_columns(QuarterCompliance),
            func.row_number()
            .over(
                partition_by=(CharterVersion.charter_id, QuarterCompliance.period),
                order_by=CharterVersion.number.desc(),
            )
            .label("rank"),
        )
        .join(CharterVersion, CharterVersion.id == QuarterCompliance.version_id)
        .where(CharterVersion.status != CharterStatus.DRAFT)
    )
    if latest is not None:
        ranked = ranked.join(
            latest,
            (latest.c.charter_id == CharterVersion.charter_id)
            & (latest.c.period == QuarterCompliance.period),
        )
    else:
        ranked = ranked.where(QuarterCompliance.period == period)
    ranked = ranked.subquery()
    return (
        select(ranked.c.charter_id, ranked.c.period, *_compliance_columns(ranked.c))
        .where(ranked.c.rank == 1)
        .subquery()
    )


def _counts(period, met, not_met, no_data, provisional) -> ComplianceCounts:
    return ComplianceCounts(period, met or 0, not_met or 0, no_data or 0, provisional or 0)


def result_periods() -> list[Period]:
    """The quarters in which charters have results, newest first."""
    return list(
        db.session.scalars(
            select(QuarterCompliance.period).distinct().order_by(QuarterCompliance.period.desc())
        )
    )


def _judged(period_before: Period):
    """Conditions: quarter figures of a charter version in use, finished before
    ``period_before``, with some indicator judged (met or not met)."""
    return (
        CharterVersion.status != CharterStatus.DRAFT,
        QuarterCompliance.period < period_before,
        QuarterCompliance.met + QuarterCompliance.not_met > 0,
    )


def default_results_period(today: date | None = None) -> Period | None:
    """The latest finished quarter in which some indicator of a published charter was judged
    (met or not met); ``None`` when there is none yet."""
    current = Period.quarter_of(today or local_today())
    return db.session.scalar(
        select(QuarterCompliance.period)
        .join(CharterVersion, CharterVersion.id == QuarterCompliance.version_id)
        .where(CharterVersion.charter_id.in_(_published_charter_ids()), *_judged(current))
        .order_by(QuarterCompliance.period.desc())
        .limit(1)
    )


def charters_with_results(
    period: Period, dependency_id: int | None = None, compliance: Compliance | None = None
):
    """Statement: the published charters (by slug), optionally only those of a dependency (and
    its children) and only those that met every indicator in ``period``, missed some, or have no
    judged result."""
    statement = (
        select(Charter)
        .where(Charter.id.in_(_published_charter_ids()))
        .options(selectinload(Charter.dependency))
        .order_by(Charter.slug)
    )
    if dependency_id is not None:
        statement = statement.where(Charter.dependency_id.in_(dependency_subtree(dependency_id)))
    if compliance is not None:
        counts = _compliance(period)
        met, not_met, no_data, provisional = (
            func.coalesce(column, 0) for column in _compliance_columns(counts.c)
        )
        statement = statement.outerjoin(counts, counts.c.charter_id == Charter.id)
        statement = statement.where(
            {
                Compliance.ALL_MET: (met > 0) & (not_met + no_data + provisional == 0),
                Compliance.SOME_NOT_MET: not_met > 0,
                Compliance.NO_DATA: met + not_met + provisional == 0,
            }[compliance]
        )
    return statement


def charter_results(period: Period, charters: list[Charter]) -> list[CharterResult]:
    """The charters with their results in ``period`` counted by status, in one query."""
    if not charters:
        return []
    counts = _compliance(period)
    found = {
        charter_id: _counts(period, *figures)
        for charter_id, *figures in db.session.execute(
            select(counts.c.charter_id, *_compliance_columns(counts.c)).where(
                counts.c.charter_id.in_([charter.id for charter in charters])
            )
        )
    }
    return [
        CharterResult(charter, found.get(charter.id, ComplianceCounts(period)))
        for charter in charters
    ]


def latest_compliance(
    charter_ids: list[int], today: date | None = None
) -> dict[int, ComplianceCounts]:
    """Each charter's results in its latest finished quarter with a judged result, counted by
    status, in one query for all the charters; charters without one are left out."""
    if not charter_ids:
        return {}
    current = Period.quarter_of(today or local_today())
    latest = (
        select(
            CharterVersion.charter_id.label("charter_id"),
            func.max(QuarterCompliance.period).label("period"),
        )
        .join(CharterVersion, CharterVersion.id == QuarterCompliance.version_id)
        .where(CharterVersion.charter_id.in_(charter_ids), *_judged(current))
        .group_by(CharterVersion.charter_id)
        .subquery()
    )
    counts = _compliance(latest=latest)
    rows = db.session.execute(
        select(counts.c.charter_id, counts.c.period, *_compliance_columns(counts.c))
    )
    return {charter_id: _counts(period, *figures) for charter_id, period, *figures in rows}


def service_charters(
    service_ids: list[int], today: date | None = None
) -> dict[int, list[tuple[Charter, ComplianceCounts | None]]]:
    """The published charters covering each service, with their latest compliance: two queries
    for any number of services."""
    result: dict[int, list] = {}
    if not service_ids:
        return result
    rows = db.session.execute(
        select(charter_services.c.service_id, Charter)
        .join(Charter, Charter.id == charter_services.c.charter_id)
        .where(charter_services.c.service_id.in_(service_ids))
        .where(Charter.id.in_(_published_charter_ids()))
        .order_by(charter_services.c.service_id, Charter.slug)
    ).all()
    compliance = latest_compliance(sorted({charter.id for _s, charter in rows}), today)
    for service_id, charter in rows:
        result.setdefault(service_id, []).append((charter, compliance.get(charter.id)))
    return result


@dataclass
class Figures:
    """Feedback figures of a group: received, and how the answers kept their deadlines.

    ``answered``, ``on_time``, ``overdue``, ``open`` and ``mean_days`` leave out compliments and
    dismissed items. ``overdue`` counts open items past their due date and items answered
    later than their deadline.
    """

    received: int = 0
    answered: int = 0
    on_time: int = 0
    overdue: int = 0
    open: int = 0
    mean_days: Decimal | None = None
    timed: bool = True  # False for compliments: deadlines do not apply to them

    @property
    def on_time_share(self) -> Decimal | None:
        """Percent of the decided cases (answered, or open past their due date) answered on
        time."""
        decided = self.on_time + self.overdue
        if not decided:
            return None
        return _two_places(Decimal(100 * self.on_time) / decided)


@dataclass
class Dashboard:
    today: date
    first: date  # the first day counted: the start of the month eleven months ago
    updated_at: datetime  # local time of the institution
    total: Figures
    by_type: list[tuple[FeedbackType, Figures]]
    by_dependency: list[tuple[Dependency | None, Figures]]  # those with most items first
    by_month: list[tuple[Period, Figures]]
    # How many dependencies are left out of ``by_dependency`` (beyond its ``limit``), and
    # their figures added up.
    other_dependencies: tuple[int, Figures] | None = None


def _figure_columns(today: date) -> list:
    """Additive figures of a group of items: received, answered, on time, overdue, open, and
    the working days the answered ones took in all."""
    timed = Feedback.type.not_in(TIMED_EXCLUDED_TYPES) & (
        Feedback.status != FeedbackStatus.DISMISSED
    )
    answered = timed & Feedback.status.in_(ANSWERED)
    is_open = timed & Feedback.status.not_in(ANSWERED)
    late = answered & (Feedback.response_days > Feedback.due_days)
    return [
        func.count(),
        func.count().filter(answered),
        func.count().filter(answered & (Feedback.response_days <= Feedback.due_days)),
        func.count().filter((is_open & (Feedback.due_on < today)) | late),
        func.count().filter(is_open),
        func.coalesce(func.sum(Feedback.response_days).filter(answered), 0),
    ]


def _figures(counts: list[int]) -> Figures:
    received, answered, on_time, overdue, pending, days = counts
    mean = _two_places(Decimal(int(days)) / answered) if answered else None
    return Figures(received, answered, on_time, overdue, pending, mean)


def dashboard(
    today: date | None = None, dependency_id: int | None = None, limit: int | None = None
) -> Dashboard:
    """Feedback received in the last twelve months (this one included) and how it was answered:
    in total, by type, by dependency and by month, from two SQL aggregates: one by type and
    month, one by dependency. (One aggregate by all three returns a row per type, month and
    dependency: tens of thousands at national scale, slower to group and to add up in Python.)

    ``dependency_id`` keeps the items assigned to that dependency and its children; ``today``
    decides which open items are overdue (the institution's date by default); ``limit`` lists
    only that many dependencies, the others added up.
    """
    today = today or local_today()
    months = Period.span(date(today.year - (today.month < 12), today.month % 12 + 1, 1), today, "M")
    first = months[0].start
    scope = [Feedback.received_on >= first, Feedback.received_on <= today]
    if dependency_id is not None:
        scope.append(Feedback.dependency_id.in_(dependency_subtree(dependency_id)))
    figures = _figure_columns(today)
    year, month = extract("year", Feedback.received_on), extract("month", Feedback.received_on)
    total: list[int] = [0] * 6
    by_type: dict = defaultdict(lambda: [0] * 6)
    by_month: dict = defaultdict(lambda: [0] * 6)
    for kind, y, m, *counts in db.session.execute(
        select(Feedback.type, year, month, *figures)
        .where(*scope)
        .group_by(Feedback.type, year, month)
    ):
        for sums in (total, by_type[kind], by_month[Period(int(y), "M", int(m))]):
            sums[:] = [a + b for a, b in zip(sums, counts, strict=True)]
    by_dependency = {
        owner: counts
        for owner, *counts in db.session.execute(
            select(Feedback.dependency_id, *figures).where(*scope).group_by(Feedback.dependency_id)
        )
    }
    ranked = sorted(by_dependency.items(), key=lambda item: (-item[1][0], item[0] or 0))
    ranked, rest = ranked[:limit], ranked[limit:] if limit is not None else []
    ids = [owner for owner, _counts in ranked if owner is not None]
    dependencies = (
        {d.id: d for d in db.session.scalars(select(Dependency).where(Dependency.id.in_(ids)))}
        if ids
        else {}
    )
    others = [sum(column) for column in zip(*(counts for _owner, counts in rest), strict=True)]
    return Dashboard(
        today=today,
        first=first,
        updated_at=local_now(),
        total=_figures(total),
        by_type=[
            (kind, replace(_figures(by_type[kind]), timed=kind not in TIMED_EXCLUDED_TYPES))
            for kind in FeedbackType
        ],
        by_dependency=[(dependencies.get(owner), _figures(counts)) for owner, counts in ranked],
        by_month=[(m, _figures(by_month[m])) for m in months],
        other_dependencies=(len(rest), _figures(others)) if rest else None,
    )
