"""The demo institution's charters, shipped as data in the import format in ``charters/`` next
to this file: loaded by ``seed-demo`` through the importer (after the catalog), and read as
plain structures by the data generator (``app/dev``), which repeats them once per region.

How many cases each indicator counts in a simulated quarter is not part of a charter: it comes
from ``data.py`` (``VOLUMES``, ``STANDARD_SAMPLES``, ``SAMPLES``, ``VISITS``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.charters.exchange.format import read_folder
from app.charters.exchange.importing import (
    INDICATOR_FIELDS,
    VERSION_FIELDS,
    import_charters,
    validate,
)
from app.charters.models import Charter, CharterStatus
from app.core.tabular import ImportRefused, Problem
from app.demo import data
from app.demo.catalog_files import demo_specs
from app.extensions import db

DEMO_CHARTERS = Path(__file__).resolve().parent / "charters"


def seed_demo_charters() -> list[Charter]:
    """Import the demo charters into the session, without committing or auditing them (the
    catalog must be there); the charters in the order the demo simulates them."""
    problems: list[Problem] = []
    tables = read_folder(DEMO_CHARTERS, problems)
    import_charters(tables, problems, commit=False)
    db.session.flush()
    charters = {
        c.slug: c
        for c in db.session.scalars(select(Charter).options(selectinload(Charter.services)))
    }
    return [charters[slug] for slug in data.VOLUMES]


def simulated_cases(charter: str, commitment: int, indicator) -> float:
    """How many cases the demo simulates for an indicator of a charter (by slug) in a quarter:
    a share of the charter's volume, or a fixed number of visits."""
    visits = data.VISITS.get(indicator.source)
    if visits:
        return visits
    if indicator.standard is not None:
        sample = data.STANDARD_SAMPLES[indicator.standard]
    else:
        sample = data.SAMPLES.get((charter, commitment), 1.0)
    return data.VOLUMES[charter] * sample


@cache
def demo_charter_specs() -> list[dict]:
    """The demo charters with the version in force, as plain dicts (references by slug),
    checked against the demo catalog (refused if the shipped files have a problem): ``slug``,
    ``title``, ``dependency``, ``services``, ``version`` (its fields) and ``commitments``
    (``text`` and ``indicators``, each with its fields and the ``cases`` to simulate)."""
    specs = demo_specs()
    services = {s["slug"]: s["slug"] for s in specs.services}
    services |= {s["code"]: s["slug"] for s in specs.services}
    catalog = ({d["slug"] for d in specs.dependencies}, services)
    problems: list[Problem] = []
    tables = read_folder(DEMO_CHARTERS, problems)
    parsed = validate(tables, problems, catalog=catalog)
    if problems:
        raise ImportRefused(problems)
    charters = []
    for slug in data.VOLUMES:
        values, _check = parsed.charters[slug]
        version = max(
            (wanted for key, wanted in parsed.wanted.items() if key[0] == slug),
            key=lambda wanted: (wanted.status is CharterStatus.PUBLISHED, wanted.number),
        )
        commitments = [
            dict(
                text=commitment.text,
                indicators=[
                    dict(
                        {name: getattr(indicator, name) for name in INDICATOR_FIELDS},
                        cases=simulated_cases(slug, commitment.position, indicator),
                    )
                    for indicator in commitment.indicators
                ],
            )
            for commitment in version.commitments
        ]
        fields = {name: getattr(version, name) for name in VERSION_FIELDS}
        charters.append(dict(slug=slug, **values, version=fields, commitments=commitments))
    return charters
