"""Load the demo institution into the database (``flask seed-demo``): its catalog from the files
in ``catalog/`` through the importer, its charters and activity from ``data.py``."""

from __future__ import annotations

import math
import random
from copy import deepcopy
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.calendar import ical
from app.calendar import services as calendar_services
from app.catalog.models import Dependency, Service
from app.charters.models import (
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Comparator,
    Indicator,
    IndicatorKind,
    Unit,
)
from app.core.calendar import NonWorkingPeriod
from app.core.clock import utcnow
from app.core.types import Period
from app.demo import data
from app.demo.activity import add_activity
from app.demo.catalog_files import seed_demo_catalog
from app.demo.charter_workflow import seed_demo_charter_workflow
from app.demo.evaluation import seed_demo_evaluation
from app.extensions import db
from app.indicators.models import ActionOrigin, ActionStatus, ImprovementAction
from app.indicators.services.engine import is_automatic, recompute, record_measurement
from app.indicators.services.manual import unmet_without_action
from app.indicators.services.reports import publish_report
from app.institution.services import current_institution, save_institution
from app.programs.services.demo import seed_demo_programs

# An indicator to simulate: how many cases it counts in a quarter and which quarters.
Plan = tuple[Indicator, float, list[Period]]
CALENDAR_FILE = Path(__file__).with_name("calendario.ics")


def seed_demo() -> bool:
    """Add the demo institution with its calendar of non-working days, catalog, charters and
    four quarters of results, a published yearly evaluation, and the demo work programs, and
    commit. Returns False when everything was already there."""
    calendar_added = seed_demo_calendar()
    if db.session.scalar(select(Dependency.id).limit(1)) is not None:
        return seed_demo_programs() | _seed_institution() | calendar_added
    seed_demo_catalog()
    db.session.flush()
    dependencies = {d.slug: d for d in db.session.scalars(select(Dependency))}
    services = {s.code: s for s in db.session.scalars(select(Service))}
    plans: list[Plan] = []
    charters = []
    for spec in deepcopy(data.CHARTERS):
        charter, charter_plans = _charter(spec, dependencies, services)
        plans += charter_plans
        charters.append((charter, spec["volume"]))
    db.session.flush()  # measurements look their indicator up by id

    # Reproducible demo figures, not security (bandit B311).
    rng = random.Random(data.SEED)  # nosec B311
    for indicator, cases, periods in plans:
        if is_automatic(indicator):
            continue  # computed below from the demo's feedback and surveys
        for period, met_rate in zip(periods, data.MET_RATE, strict=True):
            record_measurement(indicator, period, *_simulate(indicator, cases, met_rate, rng))
    add_activity(charters, data.CURRENT_TERM["valid_from"], rng)
    db.session.flush()
    recompute()  # commits
    for charter, _volume in charters:
        for period in data.REPORTED_PERIODS:
            _report(charter, period)
    seed_demo_charter_workflow()
    seed_demo_evaluation(charters[0][0])
    seed_demo_programs()
    _seed_institution()
    return True


def _seed_institution() -> bool:
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


def _charter(spec: dict, dependencies, services) -> tuple[Charter, list[Plan]]:
    """Add a charter with its published version (and the archived one it replaced, if any);
    return it with its indicators and the cases and quarters to simulate."""
    charter = Charter(
        slug=spec["slug"],
        title=spec["title"],
        dependency=dependencies[spec["dependency"]],
        services=[services[code] for code in spec["services"]],
    )
    db.session.add(charter)
    texts = {
        **data.CHARTER_TEXT,
        "purpose": spec["purpose"],
        "responsible_unit": spec["responsible_unit"],
    }
    versions = [(CharterStatus.PUBLISHED, data.CURRENT_TERM, spec, data.PUBLISHED_PERIODS)]
    if "previous" in spec:
        versions.insert(
            0, (CharterStatus.ARCHIVED, data.PREVIOUS_TERM, spec["previous"], data.ARCHIVED_PERIODS)
        )
    plans: list[Plan] = []
    for number, (status, term, content, periods) in enumerate(versions, 1):
        version = CharterVersion(
            number=number, status=status, **term, **texts, **(content.get("certification") or {})
        )
        charter.versions.append(version)
        for position, promise in enumerate(content["commitments"], 1):
            commitment = Commitment(position=position, text=promise["text"])
            version.commitments.append(commitment)
            for fields in promise["indicators"]:
                sample, cases = fields.pop("sample"), fields.pop("cases")
                indicator = Indicator(position=len(commitment.indicators) + 1, **fields)
                commitment.indicators.append(indicator)
                plans.append((indicator, cases or spec["volume"] * sample, periods))
    return charter, plans


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
