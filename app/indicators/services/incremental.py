"""The machinery behind ``engine.recompute``: what an incremental run recomputes (the months
that changes touched, the results still provisional and those never computed), the tallies of
only the charters and periods it plans, a plain read-once copy of each indicator's definitions
for the loop over results, and the single statement that inserts or replaces the computed
results, leaving unchanged ones untouched.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import (
    DateTime,
    Integer,
    Numeric,
    String,
    bindparam,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.charters.models import CharterVersion, Commitment, Comparator, charter_services
from app.core.types import Period
from app.extensions import db
from app.indicators.models import Measurement, MeasurementStatus
from app.indicators.services.tallies import Tallies, month_number, months_of, tally


@dataclass(frozen=True, slots=True)
class _Definition:
    threshold: Decimal | None
    target: Decimal | None
    comparator: Comparator


class Plain:
    """An indicator's fields and definitions as plain values: the loop over a hundred thousand
    results reads them several times each, and ORM objects are slow to build and to read.
    Built from a row of the indicator's columns and rows of its revisions, oldest first."""

    __slots__ = ("_original", "_revisions", "id", "kind", "source", "standard")

    def __init__(self, indicator, revisions=()) -> None:
        self.id, self.kind = indicator.id, indicator.kind
        self.source, self.standard = indicator.source, indicator.standard
        self._original = _Definition(indicator.threshold, indicator.target, indicator.comparator)
        self._revisions = [
            (r.starts.start, _Definition(r.threshold, r.target, r.comparator)) for r in revisions
        ]

    @property
    def definitions(self) -> list[_Definition]:
        """Every definition the indicator had: the original one and each revision."""
        return [self._original, *(definition for _start, definition in self._revisions)]

    def in_force(self, period: Period) -> _Definition:
        """As ``Indicator.in_force``: the latest revision started by then, or the original."""
        found = self._original
        for start, definition in self._revisions:
            if start <= period.start:
                found = definition
        return found


def tally_planned(planned: list[tuple], today: date, thresholds: dict) -> Tallies:
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
class Stale:
    """What an incremental run recomputes: the months of each charter that changes touched (as
    month numbers), the results that time alone may change, and the results never computed."""

    touched: dict[int, set[int]]
    provisional: set[tuple[int, Period]]
    missing: set[tuple[int, Period]] = field(default_factory=set)
    incomplete: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.provisional_ids = {indicator_id for indicator_id, _period in self.provisional}

    @classmethod
    def load(cls, changes: list, today: date) -> Stale:
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


def upsert(columns: dict[str, list], recorded_at: datetime) -> set[tuple[int, str]] | None:
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
