"""The recomputation engine: an indicator's result for a period, judged against the definition
then in force, and the automatic results recomputed from the system's own data.

Automatic results are SQL aggregates per charter and month (see ``tallies``: one query per
source for all charters and months at once, never a loop over rows); the months are then added
up into the periods each indicator is measured in (month, quarter or year), judged and stored
in one statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, partial

from sqlalchemy import (
    DateTime,
    Integer,
    Numeric,
    String,
    bindparam,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import load_only, selectinload

from app.charters.models import (
    APPROVED_STATUSES,
    CharterVersion,
    Commitment,
    Comparator,
    Indicator,
    IndicatorKind,
    Source,
    StandardIndicator,
    charter_services,
)
from app.core.calendar import WorkingCalendar
from app.core.clock import local_today, utcnow
from app.core.collector import without_collection
from app.core.types import Period
from app.extensions import db
from app.feedback.models import WaitingBracket
from app.indicators.models import IndicatorChange, Measurement, MeasurementStatus
from app.indicators.services.results import refresh_quarter_compliance
from app.indicators.services.tallies import (
    DEFAULT_GOOD_SCORE,
    Tallies,
    month_number,
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
    denominator (the number of cases); a count is the numerator itself. No cases means no data,
    unless cases are still pending; an unfinished period or pending cases make it provisional.
    The exact value is judged; the value returned (to store) has two decimals rounded toward
    the comparator, so that it never seems to meet a target it missed.
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
    measurement.mean = two_places(result.mean)
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


def two_places(value) -> Decimal | None:
    """A figure as results show it: two decimal places, halves rounded up."""
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
        .where(CharterVersion.status.in_(APPROVED_STATUSES))
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
    if changed or (period is None and charter_ids is None):
        taken = db.session.execute(
            delete(IndicatorChange).returning(
                IndicatorChange.service_id, IndicatorChange.commitment_id, IndicatorChange.month
            )
        ).all()
    stale = _Stale.load(taken, today) if changed else None
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
    for indicator, charter_id, valid_from, valid_until in _automatic_indicators(charter_ids):
        first, last = valid_from, min(valid_until or today, today)
        if period is not None:
            first, last = max(first, period.start), min(last, period.end - timedelta(days=1))
        if first > last:
            continue
        kind = indicator.periodicity.period_kind
        indicators.append((indicator, charter_id, spans(first, last, kind)))
    if stale is not None:
        stale.find_missing(indicators)
    for indicator, charter_id, periods in indicators:
        if stale is not None:
            if not stale.concerns(indicator.id, charter_id):
                continue
            periods = [p for p in periods if stale.includes(indicator.id, charter_id, p)]
            if not periods:
                continue
        plain = _Plain(indicator)
        planned.extend((plain, charter_id, p) for p in periods)
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
        if commit:
            db.session.commit()
        return 0
    first, last = min(starts), min(today, max(ends))
    if stale is None:
        tallies = tally(first, last, charter_ids, thresholds)
    else:
        tallies = _tally_planned(planned, today, thresholds)
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
        means.append(two_places(result.mean))
        pendings.append(result.pending or None)
        statuses.append(status.value)
        sources.append(indicator.source.value)
    rewritten = _upsert(columns, utcnow())
    if rewritten is not None:
        # Only the quarters whose results changed need their figures counted again (every
        # other writer of results keeps them in step: see ``refresh_quarter_compliance``).
        quarters = {(i, code) for i, code in rewritten if "-T" in code}
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


@dataclass(frozen=True, slots=True)
class _Definition:
    threshold: Decimal | None
    target: Decimal | None
    comparator: Comparator


class _Plain:
    """An indicator's fields and definitions, read once from the ORM: the loop over a hundred
    thousand results reads them several times each, and instrumented attributes are slow."""

    __slots__ = ("_original", "_revisions", "id", "kind", "source", "standard")

    def __init__(self, indicator: Indicator) -> None:
        self.id, self.kind = indicator.id, indicator.kind
        self.source, self.standard = indicator.source, indicator.standard
        self._original = _Definition(indicator.threshold, indicator.target, indicator.comparator)
        self._revisions = [
            (r.starts.start, _Definition(r.threshold, r.target, r.comparator))
            for r in indicator.revisions
        ]

    def in_force(self, period: Period) -> _Definition:
        """As ``Indicator.in_force``: the latest revision started by then, or the original."""
        found = self._original
        for start, definition in self._revisions:
            if start <= period.start:
                found = definition
        return found


def _tally_planned(planned: list[tuple], today: date, thresholds: dict) -> Tallies:
    """The tallies of only the charters and periods planned: the periods, merged where they
    overlap, are counted one stretch at a time for the charters that need them (an item moved
    years ago must not make the run count every month since)."""
    charters_by_period: dict[tuple[date, date], set[int]] = defaultdict(set)
    for _indicator, charter_id, p in planned:
        charters_by_period[p.start, p.end].add(charter_id)
    stretches: list[list] = []
    for (start, end), charters in sorted(charters_by_period.items()):
        if stretches and start < stretches[-1][1]:
            stretches[-1][1] = max(stretches[-1][1], end)
            stretches[-1][2] |= charters
        else:
            stretches.append([start, end, set(charters)])
    tallies = None
    for start, end, charters in stretches:
        part = tally(start, min(today, end - timedelta(days=1)), charters, thresholds)
        if tallies is None:
            tallies = part
        else:  # the stretches do not overlap: neither do their months
            tallies.counts.update(part.counts)
            tallies.open_items.update(part.open_items)
    return tallies


@dataclass
class _Stale:
    """What an incremental run recomputes: the months of each charter that changes touched (as
    month numbers), the results that time alone may change, and the results never computed."""

    touched: dict[int, set[int]]
    provisional: set[tuple[int, Period]]
    missing: set[tuple[int, Period]] = field(default_factory=set)
    incomplete: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.provisional_ids = {indicator_id for indicator_id, _period in self.provisional}

    @classmethod
    def load(cls, changes: list, today: date) -> _Stale:
        services = {service for service, _c, _m in changes if service is not None}
        commitments = {commitment for _s, commitment, _m in changes if commitment is not None}
        by_service, by_commitment = defaultdict(set), defaultdict(set)
        if services:
            for service, charter in db.session.execute(
                select(charter_services.c.service_id, charter_services.c.charter_id).where(
                    charter_services.c.service_id.in_(services)
                )
            ):
                by_service[service].add(charter)
        if commitments:
            for commitment, charter in db.session.execute(
                select(Commitment.id, CharterVersion.charter_id)
                .join(CharterVersion, CharterVersion.id == Commitment.version_id)
                .where(Commitment.id.in_(commitments))
            ):
                by_commitment[commitment].add(charter)
        touched: dict[int, set[int]] = defaultdict(set)
        for service, commitment, month in changes:
            for charter in by_service.get(service, set()) | by_commitment.get(commitment, set()):
                touched[charter].add(month_number(month.year, month.month))
        provisional = {
            (indicator_id, period)
            for indicator_id, period, pending in db.session.execute(
                select(Measurement.indicator_id, Measurement.period, Measurement.pending).where(
                    Measurement.status == MeasurementStatus.PROVISIONAL
                )
            )
            if pending or period.end <= today
        }
        return cls(touched, provisional)

    def find_missing(self, indicators: list[tuple]) -> None:
        """Note the results of ``indicators`` (indicator, charter, periods) never computed."""
        counts = dict(
            db.session.execute(
                select(Measurement.indicator_id, func.count()).group_by(Measurement.indicator_id)
            ).all()
        )
        self.incomplete = {
            indicator.id
            for indicator, _charter, periods in indicators
            if counts.get(indicator.id, 0) != len(periods)
        }
        stored = set()
        for start in range(0, len(ids := sorted(self.incomplete)), 5000):
            stored.update(
                db.session.execute(
                    select(Measurement.indicator_id, Measurement.period).where(
                        Measurement.indicator_id.in_(ids[start : start + 5000])
                    )
                ).tuples()
            )
        self.missing = {
            (indicator.id, p)
            for indicator, _charter, periods in indicators
            if indicator.id in self.incomplete
            for p in periods
            if (indicator.id, p) not in stored
        }

    def concerns(self, indicator_id: int, charter_id: int) -> bool:
        """Whether any period of the indicator may need recomputing (a quick test first)."""
        return (
            charter_id in self.touched
            or indicator_id in self.incomplete
            or indicator_id in self.provisional_ids
        )

    def includes(self, indicator_id: int, charter_id: int, period: Period) -> bool:
        months = self.touched.get(charter_id)
        return (
            (months is not None and not months.isdisjoint(months_of(period)))
            or (indicator_id, period) in self.provisional
            or (indicator_id in self.incomplete and (indicator_id, period) in self.missing)
        )


COMPUTED = ("numerator", "denominator", "value", "mean", "pending", "status", "source")
# The columns of a computed result as PostgreSQL arrays (enums and periods travel as codes).
ARRAY_TYPES = {"indicator_id": Integer, "period": String, "numerator": Numeric,
               "denominator": Numeric, "value": Numeric, "mean": Numeric, "pending": Integer,
               "status": String, "source": String}  # fmt: skip
UPSERT_BATCH = 5000


def _upsert(columns: dict[str, list], recorded_at: datetime) -> set[tuple[int, str]] | None:
    """Insert or replace computed results, given column by column (an indicator has one result
    per period), keeping the ids of the rows replaced, since open data links to them; a result
    whose figures did not change is left as it was, with the time it was recorded. Returns the
    (indicator, period code) of the results written, where the database says (PostgreSQL)."""
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
        values = {name: cast(arrays.c[name], table.c[name].type) for name in columns}
        # Results whose figures did not change are left out before they reach the table: an
        # upsert would lock (write) each of them only to find there is nothing to update.
        stored = table.alias("stored")
        changed = (
            select(*values.values(), literal(recorded_at, DateTime))
            .outerjoin(
                stored,
                (stored.c.indicator_id == values["indicator_id"])
                & (stored.c.period == values["period"]),
            )
            .where(
                or_(
                    stored.c.id.is_(None),
                    *[stored.c[name].is_distinct_from(values[name]) for name in COMPUTED],
                )
            )
        )
        statement = postgresql_insert(table).from_select([*columns, "recorded_at"], changed)
        written = db.session.execute(
            _replacing(statement).returning(table.c.indicator_id, table.c.period)
        ).all()
        db.session.expire_all()
        return {(indicator_id, str(period)) for indicator_id, period in written}
    else:
        statement = _replacing(sqlite_insert(table))  # Core: one executemany per batch
        rows = [
            {**dict(zip(columns, values, strict=True)), "recorded_at": recorded_at}
            for values in zip(*columns.values(), strict=True)
        ]
        for start in range(0, len(rows), UPSERT_BATCH):
            db.session.execute(statement, rows[start : start + UPSERT_BATCH])
    db.session.expire_all()
    return None


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
