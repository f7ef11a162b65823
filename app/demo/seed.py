"""Load the demo institution into the database (``flask seed-demo``): its catalog and charters
from the files in ``catalog/`` and ``charters/`` through the importers, then the activity that
``data.py`` and ``activity.py`` simulate."""

from __future__ import annotations

import math
import random
from copy import deepcopy
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.calendar import ical
from app.calendar import services as calendar_services
from app.catalog.models import Dependency
from app.charters.models import Charter, CharterStatus, Comparator, Indicator, IndicatorKind, Unit
from app.core.calendar import NonWorkingPeriod
from app.core.clock import utcnow
from app.core.types import Period
from app.demo import data
from app.demo.activity import add_activity
from app.demo.catalog_files import seed_demo_catalog
from app.demo.charter_files import seed_demo_charters, simulated_cases
from app.demo.charter_workflow import seed_demo_charter_workflow
from app.demo.evaluation import seed_demo_evaluation
from app.extensions import db
from app.indicators.models import ActionOrigin, ActionStatus, ImprovementAction
from app.indicators.services import dashboard_counts
from app.indicators.services.engine import is_automatic, recompute, record_measurement
from app.indicators.services.manual import unmet_without_action
from app.indicators.services.reports import publish_report
from app.institution.services import current_institution, save_institution
from app.programs.services.demo import seed_demo_programs

CALENDAR_FILE = Path(__file__).with_name("calendario.ics")


def seed_demo() -> bool:
    """Add the demo institution with its calendar of non-working days, catalog, charters and
    four quarters of results, a published yearly evaluation, and the demo work programs, and
    commit. Returns False when everything was already there."""
    calendar_added = seed_demo_calendar()
    if db.session.scalar(select(Dependency.id).limit(1)) is not None:
        return seed_demo_programs() | seed_demo_institution() | calendar_added
    seed_demo_catalog()
    charters = seed_demo_charters()
    # Reproducible demo figures, not security (bandit B311).
    rng = random.Random(data.SEED)  # nosec B311
    _simulate_measurements(charters, rng)
    add_activity([(c, data.VOLUMES[c.slug]) for c in charters], data.ACTIVITY_SINCE, rng)
    db.session.flush()
    recompute()  # commits
    for charter in charters:
        for period in data.REPORTED_PERIODS:
            _report(charter, period)
    seed_demo_charter_workflow()
    seed_demo_evaluation(charters[0])
    seed_demo_programs()
    seed_demo_institution()
    dashboard_counts.recount()  # the activity was loaded in bulk
    return True


def seed_demo_institution() -> bool:
    """The demo institution's name, contacts and logo, saved as staff would save them (once)."""
    if current_institution() is not None:
        return False
    logo = (Path(data.__file__).parent / data.INSTITUTION_LOGO).read_bytes()
    save_institution(deepcopy(data.INSTITUTION), by=None, logo=logo)
    return True


def seed_demo_calendar() -> bool:
    """Declare the demo municipality's non-working days and vacation periods (2024–2026) from
    its iCalendar file, through the import staff use; False when some are already declared."""
    if db.session.scalar(select(NonWorkingPeriod.id).limit(1)) is not None:
        return False
    periods = ical.parse(CALENDAR_FILE.read_text(encoding="utf-8"))
    calendar_services.declare_many(periods, None)
    return True


def _report(charter: Charter, period: Period) -> None:
    """What the quality team does at the end of a quarter: an improvement action for each unmet
    result, then the published report."""
    now = utcnow()
    for measurement in unmet_without_action(charter.id, period):
        db.session.add(
            ImprovementAction(
                charter=charter,
                origin=ActionOrigin.UNMET_INDICATOR,
                indicator=measurement.indicator,
                period=measurement.period,
                status=ActionStatus.IN_PROGRESS,
                created_at=now,
                updated_at=now,
                due_on=period.end + timedelta(days=90),
                **data.IMPROVEMENT,
            )  # fmt: skip
        )
    db.session.flush()
    publish_report(charter, period, None, None, today=period.end)


def _simulate_measurements(charters: list[Charter], rng: random.Random) -> None:
    """Record four quarters of results of every indicator measured by hand (the others are
    computed from the demo's feedback and surveys), for the published versions and the
    archived ones they replaced."""
    periods = {
        CharterStatus.PUBLISHED: data.PUBLISHED_PERIODS,
        CharterStatus.ARCHIVED: data.ARCHIVED_PERIODS,
    }
    for charter in charters:
        for version in charter.versions:
            if version.status not in periods:
                continue
            for commitment in version.commitments:
                for indicator in commitment.indicators:
                    if is_automatic(indicator):
                        continue
                    cases = simulated_cases(charter.slug, commitment.position, indicator)
                    quarters = periods[version.status]
                    for period, met_rate in zip(quarters, data.MET_RATE, strict=True):
                        result = _simulate(indicator, cases, met_rate, rng)
                        record_measurement(indicator, period, *result)


def _simulate(
    indicator: Indicator, cases: float, met_rate: float, rng: random.Random
) -> tuple[int | None, int | None]:
    """A plausible numerator and denominator for one quarter, meeting the indicator's target
    with probability ``met_rate``; rounding always goes the intended way, so the status that
    ``record_measurement`` computes is the one drawn here."""
    if rng.random() < data.NO_DATA_RATE:
        return None, None
    met = rng.random() < met_rate
    target = float(indicator.target)
    better = 1 if indicator.comparator is Comparator.AT_LEAST else -1
    if indicator.kind is IndicatorKind.COUNT:
        step = rng.randint(0, 3) if met else -rng.randint(1, 3)
        return max(0, round(target + better * step)), None

    denominator = max(1, round(cases * rng.uniform(0.8, 1.2)))
    if indicator.kind is IndicatorKind.SHARE_WITHIN:
        scale, spread, ceiling = 100, 10.0, 100.0
    else:  # a mean of durations or scores
        scale, spread = 1, 0.25 * target
        ceiling = 5.0 if indicator.unit is Unit.SCORE else math.inf
    room = ceiling - target if better > 0 else target  # how far a met value can go
    offset = rng.uniform(0, min(spread, room)) if met else -rng.uniform(spread / 20, spread)
    value = min(ceiling, max(0.0, target + better * offset))
    exact = value * denominator / scale
    numerator = math.ceil(exact) if (better > 0) == met else math.floor(exact)
    return numerator, denominator
