"""Reading the results for the public pages: every charter compared for a quarter and a
charter's latest compliance (the catalog shows it per service); what a charter's own page shows
besides is in ``outcomes``.

The pages read the results of every charter per quarter from ``QuarterCompliance``, counts kept
in step with the measurements by ``refresh_quarter_compliance``: in the same flush for results
written through the session (``register_listeners``), explicitly for results written in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import (
    Integer,
    Select,
    String,
    bindparam,
    case,
    cast,
    event,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session, joinedload, load_only

from app.catalog.models import Dependency
from app.catalog.services import dependency_subtree
from app.charters.models import (
    APPROVED_STATUSES,
    Charter,
    CharterVersion,
    Commitment,
    Indicator,
    Periodicity,
    charter_services,
)
from app.charters.services import published_charter_count, started
from app.core import clock
from app.core.clock import local_today
from app.core.lazy_text import lazy_gettext as _l
from app.core.loading import TODAY
from app.core.pagination import WrittenPagination
from app.core.types import LabeledEnum, Period
from app.extensions import db
from app.indicators.models import Measurement, MeasurementStatus, QuarterCompliance

# The statuses counted per charter and quarter, in the order of their columns.
COUNTED = (
    MeasurementStatus.MET,
    MeasurementStatus.NOT_MET,
    MeasurementStatus.NO_DATA,
    MeasurementStatus.PROVISIONAL,
)


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


# In ``Session.info``: the session changed what the home page's overview counts, which it counts
# again before it commits (``app.indicators.services.overview``).
OVERVIEW_STALE = "results_overview_stale"

# A charter's indicator counts once in a quarter, with the worst of its results there (a monthly
# indicator has three): a month not met makes the quarter's result not met, a month without data
# keeps it from being met.
SEVERITY = {
    MeasurementStatus.MET: 1,
    MeasurementStatus.NO_DATA: 2,
    MeasurementStatus.PROVISIONAL: 3,
    MeasurementStatus.NOT_MET: 4,
}


def _results_quarter(period):
    """SQL: ``Period.results_quarter`` of a period code (``2026-T3``, ``2026-M07``, ``2026``)."""
    month = cast(func.substr(period, func.length(period) - 1, 2), Integer)
    year = func.substr(period, 1, func.length(period) - 4, type_=String)
    return case(
        (period.like("%-T%"), period),
        (period.like("%-M%"), year + "-T" + cast((month + 2) // 3, String)),
        else_=cast(period, String) + "-T4",
    )


def refresh_quarter_compliance(
    version_ids: set[int] | None = None, quarters: set[str] | None = None
) -> None:
    """Count again the results of each quarter by status for these charter versions (all of
    them when ``None``), from the measurements, in these quarters (codes such as ``2026-T3``;
    every quarter when ``None``); the caller commits. Monthly and annual results count in their
    ``Period.results_quarter``; an indicator of the version without any result there (a manual
    one never recorded) counts as no data, an annual one only in the fourth quarter, and so does
    a monthly one missing a month's result. Runs on the
    session's connection, so that it may be called while the session flushes."""
    table = QuarterCompliance.__table__
    severity = case(
        *[(Measurement.status == status, rank) for status, rank in SEVERITY.items()], else_=0
    )
    quarter = _results_quarter(Measurement.period)
    # A monthly indicator is due every month: a month without a result keeps the quarter from
    # being met (it is no data; provisional while the quarter runs), whatever the others say.
    floor = case(
        (quarter >= str(Period.quarter_of(local_today())), SEVERITY[MeasurementStatus.PROVISIONAL]),
        else_=SEVERITY[MeasurementStatus.NO_DATA],
    )
    missing_months = (Indicator.periodicity == Periodicity.MONTHLY) & (func.count() < 3)
    worst = (
        select(
            Commitment.version_id,
            quarter.label("quarter"),
            case(
                (missing_months & (func.max(severity) < floor), floor),
                else_=func.max(severity),
            ).label("severity"),
        )
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .join(Commitment, Commitment.id == Indicator.commitment_id)
        .group_by(Commitment.version_id, "quarter", Measurement.indicator_id, Indicator.periodicity)
    )
    indicators = (
        select(
            Commitment.version_id,
            func.count().label("every"),
            func.count().filter(Indicator.periodicity == Periodicity.ANNUAL).label("annual"),
        )
        .join(Indicator, Indicator.commitment_id == Commitment.id)
        .group_by(Commitment.version_id)
    )
    remove = table.delete()
    if version_ids is not None:
        if not version_ids:
            return
        worst = worst.where(Commitment.version_id.in_(version_ids))
        indicators = indicators.where(Commitment.version_id.in_(version_ids))
        remove = remove.where(table.c.version_id.in_(version_ids))
    if quarters is not None:
        if not quarters:
            return
        counted_in = {str(p) for q in quarters for p in Period.parse(q).counted_in()}
        worst = worst.where(Measurement.period.in_(counted_in))
        remove = remove.where(table.c.period.in_(quarters))
    worst = worst.subquery()
    indicators = indicators.subquery()
    expected = indicators.c.every - case(
        (worst.c.quarter.like("%-T4"), 0), else_=indicators.c.annual
    )
    found = {
        status: func.count().filter(worst.c.severity == SEVERITY[status]) for status in COUNTED
    }
    found[MeasurementStatus.NO_DATA] += func.max(expected) - func.count()
    counted = (
        select(worst.c.version_id, worst.c.quarter, *found.values())
        .join(indicators, indicators.c.version_id == worst.c.version_id)
        .group_by(worst.c.version_id, worst.c.quarter)
    )
    connection = db.session.connection()
    db.session.info[OVERVIEW_STALE] = True
    connection.execute(remove)
    connection.execute(
        table.insert().from_select(
            ["version_id", "period", *[status.value for status in COUNTED]], counted
        )
    )


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


def register_listeners() -> None:
    """Keep the quarter figures in step with the measurements written through any session, from
    now on in this process. The application factory calls it; calling it again (every app a test
    builds) changes nothing."""
    if not event.contains(Session, "after_flush", _measurements_changed):
        event.listen(Session, "after_flush", _measurements_changed)


def _published_charter_ids(today=None):
    """SQL: the ids of charters that have a version in force (``today``: as in ``started``)."""
    return select(CharterVersion.charter_id).where(started(today=today))


def _compliance_columns(source) -> list:
    return [source.met, source.not_met, source.no_data, source.provisional]


def _approved_versions(charter_ids):
    """CTE: the approved versions' columns the counts rank and date (of these charters, a list
    or a subquery of their ids, or of all), read once per statement from an index that carries
    them, not from the versions' long texts. The database reads it whole before the statement
    filters it: a statement about some charters names them here."""
    statement = select(
        CharterVersion.id,
        CharterVersion.charter_id,
        CharterVersion.number,
        CharterVersion.valid_from,
        CharterVersion.valid_until,
    ).where(CharterVersion.status.in_(APPROVED_STATUSES))
    if charter_ids is not None:
        statement = statement.where(CharterVersion.charter_id.in_(charter_ids))
    return statement.cte("approved_versions")


def _compliance(period: Period | None = None, latest=None, charter_ids=None):
    """Subquery of each charter's results counted by status (``charter_id``, ``period`` and the
    counts): in ``period``, or in the period named per charter by the ``latest`` subquery
    (columns ``charter_id`` and ``period``); of the ``charter_ids`` only, when given.

    Only the latest version of a charter measured in that period counts, so that a version
    change in the middle of a quarter does not count both versions' indicators.
    """
    versions = _approved_versions(charter_ids)
    figures = select(QuarterCompliance)
    if latest is None:
        figures = figures.where(QuarterCompliance.period == period)
    figures = figures.subquery()
    measured = select(
        versions.c.charter_id,
        figures.c.period,
        *_compliance_columns(figures.c),
        func.row_number()
        .over(
            partition_by=(versions.c.charter_id, figures.c.period),
            order_by=versions.c.number.desc(),
        )
        .label("rank"),
    ).join(figures, figures.c.version_id == versions.c.id)
    if latest is not None:
        ranked = measured.join(
            latest,
            (latest.c.charter_id == versions.c.charter_id) & (latest.c.period == figures.c.period),
        )
    else:
        measured = measured.cte("measured")
        ranked = select(measured).union_all(_unmeasured(period, versions, measured))
    ranked = ranked.subquery()
    return (
        select(ranked.c.charter_id, ranked.c.period, *_compliance_columns(ranked.c))
        .where(ranked.c.rank == 1)
        .subquery()
    )


def _unmeasured(period: Period, versions, measured):
    """Rows shaped as ``_compliance``'s ranked ones for the charters in force in ``period``
    without a single result there (manual indicators nobody recorded): every indicator due
    then of the version in force counts as no data, rather than the charter counting nothing.
    The version is the latest approved one (of ``versions``) started before the quarter ends and
    not ended before its start; an annual indicator is due only in the fourth quarter. The
    charters ``measured`` are left out before their versions are ranked: at national scale,
    where every charter is measured, nothing is ranked."""
    in_force = (
        select(
            versions.c.id,
            versions.c.charter_id,
            func.row_number()
            .over(partition_by=versions.c.charter_id, order_by=versions.c.number.desc())
            .label("rank"),
        )
        .where(
            versions.c.valid_from < period.end,
            versions.c.valid_until.is_(None) | (versions.c.valid_until >= period.start),
            versions.c.charter_id.not_in(select(measured.c.charter_id)),
        )
        .subquery()
    )
    due = func.count(Indicator.id)
    if period.index != 4:
        due = due.filter(Indicator.periodicity != Periodicity.ANNUAL)
    return (
        select(
            in_force.c.charter_id,
            literal(period, QuarterCompliance.period.type).label("period"),
            literal(0),
            literal(0),
            # An integer like the quarter figures' columns (PostgreSQL's count is a bigint,
            # whose sum is a numeric: the totals would come back as decimals).
            cast(due, Integer),
            literal(0),
            literal(1),
        )
        .join(Commitment, Commitment.version_id == in_force.c.id)
        .join(Indicator, Indicator.commitment_id == Commitment.id)
        .where(in_force.c.rank == 1)
        .group_by(in_force.c.charter_id)
    )


def _counts(period, met, not_met, no_data, provisional) -> ComplianceCounts:
    return ComplianceCounts(period, met or 0, not_met or 0, no_data or 0, provisional or 0)


def result_periods() -> list[Period]:
    """The quarters in which charters have results, newest first.

    A DISTINCT would read every row (tens of thousands at national scale); this asks the
    period index for the latest one, then for the latest before it, and so on: one look-up
    per quarter."""
    return list(db.session.scalars(_RESULT_PERIODS))


def _result_periods() -> Select:
    period = QuarterCompliance.period
    periods = select(func.max(period).label("period")).cte("periods", recursive=True)
    before = select(func.max(period)).where(period < periods.c.period).scalar_subquery()
    periods = periods.union_all(select(before).where(periods.c.period.is_not(None)))
    return select(periods.c.period).where(periods.c.period.is_not(None))


_RESULT_PERIODS = _result_periods()  # read by every page of results: built once


def _judged(period_before: Period):
    """Conditions: quarter figures of a charter version in use, finished before
    ``period_before``, with some indicator judged (met or not met)."""
    return (
        CharterVersion.status.in_(APPROVED_STATUSES),
        QuarterCompliance.period < period_before,
        QuarterCompliance.met + QuarterCompliance.not_met > 0,
    )


# Read on every page of results, and on the home page and each service's: built once (see
# ``app.core.loading``), the quarter bound and the day written in when read, or once per quarter.
_CURRENT = bindparam("current")
_CHARTERS = bindparam("charters", expanding=True)
_PUBLISHED_TODAY = _published_charter_ids(TODAY)
_DEFAULT_PERIOD = (
    select(QuarterCompliance.period)
    .join(CharterVersion, CharterVersion.id == QuarterCompliance.version_id)
    .where(CharterVersion.charter_id.in_(_PUBLISHED_TODAY), *_judged(_CURRENT))
    .order_by(QuarterCompliance.period.desc())
    .limit(1)
)


def default_results_period(today: date | None = None) -> Period | None:
    """The latest finished quarter in which some indicator of a published charter was judged
    (met or not met); ``None`` when there is none yet."""
    today = today or local_today()
    return db.session.scalar(_DEFAULT_PERIOD, {"today": today, "current": Period.quarter_of(today)})


@lru_cache(maxsize=16)
def _counted_in(period: Period, charters) -> Select:
    """Each of ``charters``' results in ``period`` counted by status (rows of ``_compliance``'s
    columns), built once per quarter: ``charters`` is one of the statements' own, ``_CHARTERS``
    or the published charters of ``TODAY``."""
    counts = _compliance(period, charter_ids=charters)
    return select(counts.c.charter_id, *_compliance_columns(counts.c))


def count_results_overview(
    session: Session, today: date
) -> tuple[Period | None, tuple[int, int, int, int]]:
    """The quarter the results page opens on ``today`` (the latest finished one with judged
    results of published charters), and how many indicators met their target, did not, had no
    data or are still provisional in it (``COUNTED``'s order), counted from the quarter figures
    (``app.indicators.services.overview`` keeps them)."""
    current = Period.quarter_of(today)
    period = session.scalar(_DEFAULT_PERIOD, {"today": today, "current": current})
    if period is None:
        return None, (0, 0, 0, 0)
    # The results page's own figures, summed: each published charter's version measured then
    # (archived since, when a later version replaced it). The published charters are chosen
    # before their versions are ranked, not after: a quarter of the time in PostgreSQL.
    sums = session.execute(_overview(period), {"today": today}).one()
    return period, tuple(int(n or 0) for n in sums)


@lru_cache(maxsize=4)
def _overview(period: Period) -> Select:
    counts = _counted_in(period, _PUBLISHED_TODAY).subquery()
    return select(*[func.sum(column) for column in _compliance_columns(counts.c)])


def charters_with_results(
    period: Period, dependency_id: int | None = None, compliance: Compliance | None = None
):
    """Statement: the published charters (by slug), optionally only those of a dependency (and
    its children) and only those that met every indicator in ``period``, missed some, or have no
    judged result."""
    statement = (
        select(Charter)
        .where(Charter.id.in_(_published_charter_ids()))
        # What the page shows of them: their names and their dependency's, in one statement.
        .options(
            load_only(Charter.slug, Charter.title, Charter.dependency_id),
            joinedload(Charter.dependency).load_only(Dependency.slug, Dependency.name),
        )
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


def results_page(
    period: Period,
    page: int,
    per_page: int,
    dependency_id: int | None = None,
    compliance: Compliance | None = None,
) -> WrittenPagination:
    """A page of ``charters_with_results``. Unfiltered, they are counted as the list of charters
    counts them, by reading one index (``_LISTED_COUNT``), not by finding them all again."""
    unfiltered = dependency_id is None and compliance is None
    return db.paginate(
        charters_with_results(period, dependency_id, compliance),
        page=page,
        per_page=per_page,
        counting=published_charter_count() if unfiltered else None,
    )


def charter_results(period: Period, charters: list[Charter]) -> list[CharterResult]:
    """The charters with their results in ``period`` counted by status, in one query."""
    if not charters:
        return []
    rows = db.session.execute(
        _counted_in(period, _CHARTERS), {"charters": [charter.id for charter in charters]}
    )
    found = {charter_id: _counts(period, *figures) for charter_id, *figures in rows}
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
    rows = db.session.execute(_LATEST_COMPLIANCE, {"charters": charter_ids, "current": current})
    return {charter_id: _counts(period, *figures) for charter_id, period, *figures in rows}


def _latest_compliance() -> Select:
    """``latest_compliance``'s statement (bound: ``charters``, ``current``)."""
    latest = (
        select(
            CharterVersion.charter_id.label("charter_id"),
            func.max(QuarterCompliance.period).label("period"),
        )
        .join(CharterVersion, CharterVersion.id == QuarterCompliance.version_id)
        .where(CharterVersion.charter_id.in_(_CHARTERS), *_judged(_CURRENT))
        .group_by(CharterVersion.charter_id)
        .subquery()
    )
    counts = _compliance(latest=latest, charter_ids=_CHARTERS)
    return select(counts.c.charter_id, counts.c.period, *_compliance_columns(counts.c))


_LATEST_COMPLIANCE = _latest_compliance()


# Asked by every page of results: built once (see ``app.core.loading``), the day written in
# when read (``TODAY``).
_SERVICES_CHARTERS = (
    select(charter_services.c.service_id, Charter)
    .join(Charter, Charter.id == charter_services.c.charter_id)
    .where(charter_services.c.service_id.in_(bindparam("services", expanding=True)))
    .where(Charter.id.in_(_published_charter_ids(TODAY)))
    .order_by(charter_services.c.service_id, Charter.slug)
)


def service_charters(
    service_ids: list[int], today: date | None = None
) -> dict[int, list[tuple[Charter, ComplianceCounts | None]]]:
    """The published charters covering each service, with their latest compliance: two queries
    for any number of services."""
    result: dict[int, list] = {}
    if not service_ids:
        return result
    parameters = {"services": service_ids, "today": clock.local_today()}
    rows = db.session.execute(_SERVICES_CHARTERS, parameters).all()
    compliance = latest_compliance(sorted({charter.id for _s, charter in rows}), today)
    for service_id, charter in rows:
        result.setdefault(service_id, []).append((charter, compliance.get(charter.id)))
    return result
