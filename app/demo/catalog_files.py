"""The demo institution's catalog, shipped as data in the import format in ``catalog/`` next to
this file: loaded by ``seed-demo`` through the importer, and read as plain structures by the
data generator (``app/dev``), which repeats it once per region."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.catalog.exchange.format import read_folder
from app.catalog.exchange.importing import import_catalog
from app.catalog.exchange.validating import validate
from app.core.tabular import ImportRefused, Problem

DEMO_CATALOG = Path(__file__).resolve().parent / "catalog"


def seed_demo_catalog() -> None:
    """Import the demo catalog into the session, without committing or auditing it."""
    problems: list[Problem] = []
    tables = read_folder(DEMO_CATALOG, problems)
    import_catalog(tables, problems, commit=False)


@dataclass(frozen=True)
class Specs:
    """The demo catalog as lists of dicts (references by slug, offices by ``key``), parents
    before their children."""

    dependencies: list[dict]
    topics: list[dict]
    offices: list[dict]
    services: list[dict]


@cache
def demo_specs() -> Specs:
    """The demo catalog's rows, checked (refused if the shipped files have a problem)."""
    problems: list[Problem] = []
    tables = read_folder(DEMO_CATALOG, problems)
    parsed = validate(tables, problems, stored=False)
    if problems:
        raise ImportRefused(problems)
    dependencies, placed = [], set()
    pending = dict(parsed.dependencies)
    while pending:  # parents first
        for slug, (values, parent, _check) in list(pending.items()):
            if parent is None or parent in placed:
                dependencies.append(dict(slug=slug, parent=parent, **values))
                placed.add(slug)
                del pending[slug]
    topics = [dict(slug=slug, **values) for slug, values in parsed.topics.items()]
    offices = [dict(key=key, **values) for key, values in parsed.offices.items()]
    children = parsed.children
    services = []
    for slug, values in parsed.services.items():
        lists = {
            name: [
                {k: v for k, v in item.items() if k != "position"}
                for item in children[file].get(slug, [])
            ]
            for name, file in (
                ("requirements", "service_requirements.csv"),
                ("request_formats", "service_forms.csv"),
            )
        }
        offices_of = children["service_offices.csv"].get(slug, [])
        services.append(dict(slug=slug, **values, **lists, offices=offices_of))
    return Specs(dependencies, topics, offices, services)
