"""The generated catalog: the demo institution's dependencies, offices, services and charters
repeated once per region, with a measurement of every indicator in every quarter."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from app.catalog.models import Topic, dependency_search_text
from app.charters.models import CharterStatus, Indicator
from app.core.clock import utcnow
from app.core.text import fold
from app.core.types import Period
from app.demo.catalog_files import demo_specs
from app.demo.charter_files import demo_charter_specs
from app.demo.seed import _simulate
from app.dev.bulk import CHUNK, Ids, Writer
from app.extensions import db
from app.indicators.services.engine import Result, evaluate
from app.staff.models import Role


def _regional(value: dict | None, region: int) -> dict | None:
    """A translated name of a region's copy: ``Tesorería (Región 12)``."""
    if value is None:
        return None
    labels = {"es": "Región", "en": "Region", "nah": "Altepetl"}
    return {code: f"{text} ({labels.get(code, 'Región')} {region})" for code, text in value.items()}


@dataclass
class Catalog:
    """What the feedback generator needs to know about the generated catalog."""

    service_ids: list[int] = field(default_factory=list)
    service_dependency: dict[int, int] = field(default_factory=dict)
    service_names: dict[int, str] = field(default_factory=dict)
    service_commitments: dict[int, list[int]] = field(default_factory=dict)
    dependency_staff: dict[int, int] = field(default_factory=dict)


def write_catalog(
    writer: Writer, ids: Ids, rng, today: date, *, regions: int, services: int, years: int
) -> Catalog:
    """Regions of dependencies, offices, services and charters with their measurements."""
    catalog = Catalog()
    specs = demo_specs()
    topics = {}
    rows = []
    for spec in specs.topics:
        topics[spec["slug"]] = ids("topics")
        rows.append(dict(id=topics[spec["slug"]], slug=spec["slug"], name=spec["name"]))
    writer.write(Topic.__table__, rows)

    quarters = _quarters(today, years)
    tables = {
        name: []
        for name in (
            "dependencies", "users", "offices", "services", "requirements", "request_formats",
            "service_offices", "charters", "charter_services", "charter_versions",
            "commitments", "indicators", "measurements",
        )
    }  # fmt: skip
    # Not an argon2 hash: no password matches it, so generated staff cannot sign in.
    unusable_hash = "!generated-account-that-cannot-sign-in"
    created = datetime.combine(today - timedelta(days=365 * years), time(12))
    service_count, made = services, 0
    for region in range(1, regions + 1):
        dependencies, offices, services = {}, {}, {}
        for spec in specs.dependencies:  # parents come first
            dependency_id = dependencies[spec["slug"]] = ids("dependencies")
            name = _regional(spec["name"], region)
            tables["dependencies"].append(
                dict(
                    id=dependency_id,
                    slug=f"{spec['slug']}-r{region}",
                    name=name,
                    acronym=spec.get("acronym"),
                    parent_id=dependencies[spec["parent"]] if spec["parent"] else None,
                    # Written without the ORM: what its event would store.
                    search_text=dependency_search_text(name, spec.get("acronym")),
                )
            )
            staff_id = catalog.dependency_staff[dependency_id] = ids("users")
            tables["users"].append(
                dict(
                    id=staff_id,
                    email=f"{spec['slug']}-r{region}@generated.example",
                    name=f"Atención {spec.get('acronym') or spec['slug']} R{region}",
                    password_hash=unusable_hash,
                    role=Role.RESPONDER,
                    dependency_id=dependency_id,
                    languages=["es", "nah"] if region % 7 == 0 else ["es"],
                    ui_language="es",
                    active=True,
                    failed_logins=0,
                    created_at=created,
                )
            )
        for spec in specs.offices:
            spec = dict(spec)
            key = spec.pop("key")
            office_id = offices[key] = ids("offices")
            spec["dependency_id"] = dependencies[spec.pop("dependency")]
            spec["name"] = _regional(spec["name"], region)
            tables["offices"].append(dict(id=office_id, **spec))
        for spec in specs.services:
            if made == service_count:
                break
            made += 1
            service_id = _service(tables, ids, spec, region, dependencies, topics, offices)
            services[spec["slug"]] = service_id
            catalog.service_ids.append(service_id)
            catalog.service_dependency[service_id] = dependencies[spec["dependency"]]
            catalog.service_names[service_id] = spec["name"]["es"]
        for spec in demo_charter_specs():
            covered = [services[slug] for slug in spec["services"] if slug in services]
            if covered:
                _charter(tables, ids, spec, region, covered, dependencies, quarters, rng, catalog)
        if len(tables["measurements"]) > CHUNK:
            _flush(writer, tables)
    _flush(writer, tables)
    return catalog


def _flush(writer: Writer, tables: dict[str, list[dict]]) -> None:
    """Write what is pending, parents before children."""
    for name, rows in tables.items():
        writer.write(db.metadata.tables[name], rows)
        rows.clear()


def _service(tables, ids: Ids, spec: dict, region: int, dependencies, topics, offices) -> int:
    spec = deepcopy(spec)
    service_id = ids("services")
    for position, requirement in enumerate(spec.pop("requirements"), 1):
        # The region's copy of the producing procedure may come later: the copies name none.
        requirement = {k: v for k, v in requirement.items() if k != "produced_by"}
        tables["requirements"].append(
            dict(id=ids("requirements"), service_id=service_id, position=position, **requirement)
        )
    for position, request_format in enumerate(spec.pop("request_formats"), 1):
        tables["request_formats"].append(
            dict(
                id=ids("request_formats"),
                service_id=service_id,
                position=position,
                **request_format,
            )
        )
    for key in spec.pop("offices"):
        tables["service_offices"].append(dict(service_id=service_id, office_id=offices[key]))
    dependency_slug = spec.pop("dependency")
    spec.pop("replaced_by", None)  # no demo service is retired: none has a replacement
    dependency_name = next(
        d["name"] for d in demo_specs().dependencies if d["slug"] == dependency_slug
    )
    spec["name"] = _regional(spec["name"], region)
    spec["code"] = f"{spec['code']}-R{region:03d}"
    spec["slug"] = f"{spec['slug']}-r{region}"
    # The same folded text as ``index_service``: names, code, keywords, description, dependency.
    parts = [spec["code"], *spec["name"].values(), *spec["keywords"]]
    parts += [*spec["description"].values(), *_regional(dependency_name, region).values()]
    tables["services"].append(
        dict(
            id=service_id,
            dependency_id=dependencies[dependency_slug],
            topic_id=topics[spec.pop("topic")],
            search_text=fold(" ".join(parts)),
            **spec,
        )
    )
    return service_id


def _charter(tables, ids: Ids, spec, region, covered, dependencies, quarters, rng, catalog):
    """A charter with one published version valid for the whole span, its commitments and
    indicators, and a measurement of every indicator in every quarter."""
    charter_id = ids("charters")
    tables["charters"].append(
        dict(
            id=charter_id,
            slug=f"{spec['slug']}-r{region}",
            title=_regional(spec["title"], region),
            dependency_id=dependencies[spec["dependency"]],
        )
    )
    for service_id in covered:
        tables["charter_services"].append(dict(charter_id=charter_id, service_id=service_id))
    version_id = ids("charter_versions")
    tables["charter_versions"].append(
        dict(
            spec["version"],
            id=version_id,
            charter_id=charter_id,
            number=1,
            status=CharterStatus.PUBLISHED,
            valid_from=quarters[0].start,
            valid_until=None,
            published_on=quarters[0].start + timedelta(days=rng.randrange(365)),
        )
    )
    recorded = utcnow()
    commitment_ids = []
    for position, promise in enumerate(spec["commitments"], 1):
        commitment_id = ids("commitments")
        commitment_ids.append(commitment_id)
        tables["commitments"].append(
            dict(id=commitment_id, version_id=version_id, position=position, text=promise["text"])
        )
        for number, fields in enumerate(deepcopy(promise["indicators"]), 1):
            volume = fields.pop("cases")
            indicator_id = ids("indicators")
            tables["indicators"].append(
                dict(id=indicator_id, commitment_id=commitment_id, position=number, **fields)
            )
            model = Indicator(**fields)  # transient: what evaluate and _simulate read
            for period in quarters:
                met_rate = 0.55 + 0.4 * rng.random()
                numerator, denominator = _simulate(model, volume, met_rate, rng)
                value, status = evaluate(model, period, Result(numerator, denominator))
                tables["measurements"].append(
                    dict(
                        id=ids("measurements"),
                        indicator_id=indicator_id,
                        period=period,
                        numerator=None if numerator is None else Decimal(numerator),
                        denominator=None if denominator is None else Decimal(denominator),
                        value=value,
                        status=status,
                        source=model.source,
                        recorded_at=recorded,
                        note=None,
                    )
                )
    for service_id in covered:
        catalog.service_commitments[service_id] = commitment_ids


def _quarters(today: date, years: int) -> list[Period]:
    """The last ``4 * years`` complete quarters, oldest first."""
    current = Period.quarter_of(today)
    quarters = []
    year, index = current.year, current.index
    for _n in range(4 * years):
        index -= 1
        if index == 0:
            year, index = year - 1, 4
        quarters.append(Period(year, "T", index))
    return quarters[::-1]
