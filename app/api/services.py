"""Open data: the public rows of each resource and their serialization as plain dicts.

Only what the public site shows: published charter versions and the archived ones (which were
public), never drafts; published reports; aggregate measurements. Never feedback, survey answers,
staff, e-mail addresses, folios, evidence of measurements or audit data.

Each resource is described once in the registry (see ``registry.py``); the same dicts feed the
JSON pages and the CSV files.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from math import ceil

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from app.api.registry import (
    MAX_INTEGER,
    TEXT_SCHEMA,
    Field,
    Filter,
    Resource,
    choice_filter,
    parse_integer,
    parse_text,
    registry,
)
from app.catalog.models import Dependency, Modality, Service, ServiceKind, Silence, Topic
from app.charters.models import (
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Comparator,
    Indicator,
    IndicatorKind,
    Periodicity,
    Source,
    StandardIndicator,
    Unit,
)
from app.core.types import Period
from app.extensions import db
from app.indicators.models import Measurement, MeasurementStatus, Report

PUBLIC_STATUSES = (CharterStatus.PUBLISHED, CharterStatus.ARCHIVED)
CSV_BATCH = 500  # rows fetched at a time while a CSV file streams


def _values(enum) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def _value(member) -> str | None:
    return None if member is None else member.value


def parse_period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError:
        raise ValueError("must be a period code such as 2026, 2026-T3 or 2026-M07") from None


SLUG_SCHEMA = TEXT_SCHEMA
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_INTEGER}
PERIOD_SCHEMA = {"$ref": "#/components/schemas/Period"}


def _charter_filter(description: str = "Slug of the charter.") -> Filter:
    return Filter("charter", description, SLUG_SCHEMA, lambda s, v: s.where(Charter.slug == v))


def _version_status_filter() -> Filter:
    return choice_filter(
        "status",
        "Status of the charter version: in force (published) or replaced (archived).",
        _values(PUBLIC_STATUSES),
        lambda s, v: s.where(CharterVersion.status == CharterStatus(v)),
    )


# --- Dependencies ------------------------------------------------------------------------------


def dependency_rows(dependencies: Iterable[Dependency]) -> Iterator[dict]:
    """Dependencies (administrative units) as plain dicts."""
    for dependency in dependencies:
        parent = dependency.parent
        yield {
            "id": dependency.id,
            "slug": dependency.slug,
            "name": dependency.name,
            "acronym": dependency.acronym,
            "parent_id": dependency.parent_id,
            "parent": parent.slug if parent else None,
        }


registry.add(
    Resource(
        name="dependencies",
        schema_name="Dependency",
        title="Dependency",
        description="Dependencies and administrative units of the institution, hierarchical.",
        fields=(
            Field("id", "integer", "Identifier."),
            Field("slug", "string", "Stable name used in the site's addresses."),
            Field("name", "translated", "Name."),
            Field("acronym", "string", "Acronym.", nullable=True),
            Field("parent_id", "integer", "Identifier of the parent dependency.", nullable=True),
            Field("parent", "string", "Slug of the parent dependency.", nullable=True),
        ),
        statement=lambda: select(Dependency),
        options=lambda: (joinedload(Dependency.parent),),
        serialize=dependency_rows,
        id_column=Dependency.id,
        slug_column=Dependency.slug,
        filters=(
            Filter(
                "parent",
                "Slug of the parent dependency: only its direct children.",
                SLUG_SCHEMA,
                lambda s, v: s.where(Dependency.parent.has(Dependency.slug == v)),
            ),
        ),
    )
)


# --- Services ----------------------------------------------------------------------------------


def service_rows(services: Iterable[Service]) -> Iterator[dict]:
    """Procedures and services with the fields the law requires to publish, as plain dicts."""
    for service in services:
        yield {
            "id": service.id,
            "slug": service.slug,
            "code": service.code,
            "name": service.name,
            "kind": service.kind.value,
            "description": service.description,
            "applicants": service.applicants,
            "cases": service.cases,
            "modality": service.modality.value,
            "online_url": service.online_url,
            "response_days": int(service.response_days),
            "silence": service.silence.value,
            "cost_amount": service.cost_amount,
            "cost_basis": service.cost_basis,
            "result": service.result,
            "validity": service.validity,
            "legal_basis": service.legal_basis,
            "dependency_id": service.dependency_id,
            "dependency": service.dependency.slug,
            "topic": service.topic.slug,
            "languages": list(service.languages),
            "keywords": list(service.keywords),
            "updated_on": service.updated_on,
        }


registry.add(
    Resource(
        name="services",
        schema_name="Service",
        title="Service",
        description="The catalog of procedures and services (trámites y servicios).",
        fields=(
            Field("id", "integer", "Identifier."),
            Field("slug", "string", "Stable name used in the site's addresses."),
            Field("code", "string", "Official code (homoclave)."),
            Field("name", "translated", "Name."),
            Field("kind", "string", "Procedure (trámite) or service.", enum=_values(ServiceKind)),
            Field("description", "translated", "What it is."),
            Field("applicants", "translated", "Who may request it."),
            Field("cases", "translated", "When it must or may be requested.", nullable=True),
            Field("modality", "string", "How it is requested.", enum=_values(Modality)),
            Field("online_url", "string", "Where to request it online.", nullable=True),
            Field("response_days", "integer", "Maximum response time, in working days."),
            Field(
                "silence",
                "string",
                "What it means when the authority does not answer in time.",
                enum=_values(Silence),
            ),
            Field("cost_amount", "decimal", "Cost in MXN; null when free.", nullable=True),
            Field("cost_basis", "translated", "Legal basis of the cost.", nullable=True),
            Field("result", "translated", "What the applicant obtains.", nullable=True),
            Field("validity", "translated", "Validity of the result.", nullable=True),
            Field("legal_basis", "translated", "Legal basis."),
            Field("dependency_id", "integer", "Identifier of the responsible dependency."),
            Field("dependency", "string", "Slug of the responsible dependency."),
            Field("topic", "string", "Slug of its topic."),
            Field("languages", "strings", "Codes of the languages in which it is attended."),
            Field("keywords", "strings", "Search keywords."),
            Field("updated_on", "date", "Date of the last update of its information."),
        ),
        statement=lambda: select(Service),
        options=lambda: (selectinload(Service.dependency), selectinload(Service.topic)),
        serialize=service_rows,
        id_column=Service.id,
        slug_column=Service.slug,
        filters=(
            Filter(
                "dependency",
                "Slug of the responsible dependency (not its sub-dependencies).",
                SLUG_SCHEMA,
                lambda s, v: s.where(Service.dependency.has(Dependency.slug == v)),
            ),
            Filter(
                "topic",
                "Slug of the topic.",
                SLUG_SCHEMA,
                lambda s, v: s.where(Service.topic.has(Topic.slug == v)),
            ),
            choice_filter(
                "kind",
                "Procedure or service.",
                _values(ServiceKind),
                lambda s, v: s.where(Service.kind == ServiceKind(v)),
            ),
            choice_filter(
                "modality",
                "How it is requested.",
                _values(Modality),
                lambda s, v: s.where(Service.modality == Modality(v)),
            ),
        ),
    )
)


# --- Charters and their versions ---------------------------------------------------------------

VERSION_FIELDS = (
    Field("valid_from", "date", "First day of validity."),
    Field("valid_until", "date", "Last day of validity; null when open-ended.", nullable=True),
    Field("published_on", "date", "Date of publication.", nullable=True),
    Field("purpose", "translated", "Purpose of the charter."),
    Field("rights", "translated", "Rights of the users."),
    Field("obligations", "translated", "Obligations of the users."),
    Field("participation_channels", "translated", "How users take part and give feedback."),
    Field(
        "compensation_measures",
        "translated",
        "What the institution does when a commitment is not met.",
    ),
    Field("responsible_unit", "translated", "Unit responsible for the charter."),
    Field("certifier", "string", "UNE 93200 certification body.", nullable=True),
    Field("certified_on", "date", "Date of the certification.", nullable=True),
    Field("certification_expires", "date", "End of the certification.", nullable=True),
)


def _version_values(version: CharterVersion) -> dict:
    return {f.name: getattr(version, f.name) for f in VERSION_FIELDS}


def _public_versions():
    """Subquery: the number of each charter's public version, the latest published one or, for
    a charter no longer in force, the latest archived one."""
    published = CharterVersion.status == CharterStatus.PUBLISHED
    number = func.coalesce(
        func.max(case((published, CharterVersion.number))), func.max(CharterVersion.number)
    )
    return (
        select(CharterVersion.charter_id, number.label("number"))
        .where(CharterVersion.status.in_(PUBLIC_STATUSES))
        .group_by(CharterVersion.charter_id)
        .subquery()
    )


def _charters() -> Select:
    current = _public_versions()
    return (
        select(Charter, CharterVersion)
        .join(current, current.c.charter_id == Charter.id)
        .join(
            CharterVersion,
            (CharterVersion.charter_id == Charter.id) & (CharterVersion.number == current.c.number),
        )
    )


def charter_rows(rows: Iterable[tuple[Charter, CharterVersion]]) -> Iterator[dict]:
    """Charters with the texts of their public version, as plain dicts."""
    for charter, version in rows:
        yield {
            "id": charter.id,
            "slug": charter.slug,
            "title": charter.title,
            "dependency_id": charter.dependency_id,
            "dependency": charter.dependency.slug,
            "services": sorted(service.slug for service in charter.services),
            "version": version.number,
            "status": version.status.value,
            **_version_values(version),
        }


registry.add(
    Resource(
        name="charters",
        schema_name="Charter",
        title="Charter",
        description="Citizen charters (cartas compromiso) with the texts of their public "
        "version: the latest published one, or the latest archived one when none is in force. "
        "Drafts are never published.",
        fields=(
            Field("id", "integer", "Identifier."),
            Field("slug", "string", "Stable name used in the site's addresses."),
            Field("title", "translated", "Title."),
            Field("dependency_id", "integer", "Identifier of the responsible dependency."),
            Field("dependency", "string", "Slug of the responsible dependency."),
            Field("services", "strings", "Slugs of the services it covers, in order."),
            Field("version", "integer", "Number of the version described."),
            Field("status", "string", "Status of that version.", enum=_values(PUBLIC_STATUSES)),
            *VERSION_FIELDS,
        ),
        statement=_charters,
        options=lambda: (selectinload(Charter.dependency), selectinload(Charter.services)),
        serialize=charter_rows,
        id_column=Charter.id,
        slug_column=Charter.slug,
        filters=(
            Filter(
                "dependency",
                "Slug of the responsible dependency (not its sub-dependencies).",
                SLUG_SCHEMA,
                lambda s, v: s.where(Charter.dependency.has(Dependency.slug == v)),
            ),
            Filter(
                "service",
                "Slug of a service the charter covers.",
                SLUG_SCHEMA,
                lambda s, v: s.where(Charter.services.any(Service.slug == v)),
            ),
        ),
    )
)


def version_rows(versions: Iterable[CharterVersion]) -> Iterator[dict]:
    """Public charter versions (in force or archived) as plain dicts."""
    for version in versions:
        yield {
            "id": version.id,
            "charter_id": version.charter_id,
            "charter": version.charter.slug,
            "number": version.number,
            "status": version.status.value,
            **_version_values(version),
        }


registry.add(
    Resource(
        name="charter-versions",
        schema_name="CharterVersion",
        title="Charter version",
        description="Every public version of the charters: the one in force (published) and "
        "those it replaced (archived). Drafts are never published.",
        fields=(
            Field("id", "integer", "Identifier."),
            Field("charter_id", "integer", "Identifier of the charter."),
            Field("charter", "string", "Slug of the charter."),
            Field("number", "integer", "Version number within the charter."),
            Field("status", "string", "Status.", enum=_values(PUBLIC_STATUSES)),
            *VERSION_FIELDS,
        ),
        statement=lambda: select(CharterVersion)
        .join(CharterVersion.charter)
        .where(CharterVersion.status.in_(PUBLIC_STATUSES)),
        options=lambda: (contains_eager(CharterVersion.charter),),
        serialize=version_rows,
        id_column=CharterVersion.id,
        filters=(_charter_filter(), _version_status_filter()),
    )
)


# --- Commitments and indicators ----------------------------------------------------------------

PLACEMENT_FIELDS = (
    Field("charter_id", "integer", "Identifier of the charter."),
    Field("charter", "string", "Slug of the charter."),
    Field("version", "integer", "Number of the charter version."),
    Field("version_status", "string", "Status of that version.", enum=_values(PUBLIC_STATUSES)),
)


def _placement(version: CharterVersion) -> dict:
    return {
        "charter_id": version.charter_id,
        "charter": version.charter.slug,
        "version": version.number,
        "version_status": version.status.value,
    }


def _public(statement: Select) -> Select:
    """Narrow a statement joined down to commitments to those of public charter versions."""
    return (
        statement.join(Commitment.version)
        .join(CharterVersion.charter)
        .where(CharterVersion.status.in_(PUBLIC_STATUSES))
    )


def commitment_rows(commitments: Iterable[Commitment]) -> Iterator[dict]:
    """Commitments of public charter versions as plain dicts."""
    for commitment in commitments:
        yield {
            "id": commitment.id,
            **_placement(commitment.version),
            "position": commitment.position,
            "text": commitment.text,
        }


registry.add(
    Resource(
        name="commitments",
        schema_name="Commitment",
        title="Commitment",
        description="The measurable promises (compromisos) of every public charter version.",
        fields=(
            Field("id", "integer", "Identifier."),
            *PLACEMENT_FIELDS,
            Field("position", "integer", "Order within the charter version, from 1."),
            Field("text", "translated", "The promise."),
        ),
        statement=lambda: _public(select(Commitment)),
        options=lambda: (
            contains_eager(Commitment.version).contains_eager(CharterVersion.charter),
        ),
        serialize=commitment_rows,
        id_column=Commitment.id,
        filters=(_charter_filter(), _version_status_filter()),
    )
)


def indicator_rows(indicators: Iterable[Indicator]) -> Iterator[dict]:
    """Indicators of public charter versions with the definition in force now, as plain dicts."""
    for indicator in indicators:
        definition = indicator.current
        revised = definition is not indicator
        yield {
            "id": indicator.id,
            **_placement(indicator.commitment.version),
            "commitment_id": indicator.commitment_id,
            "position": indicator.position,
            "name": indicator.name,
            "standard": _value(indicator.standard),
            "kind": indicator.kind.value,
            "numerator": definition.numerator,
            "denominator": definition.denominator,
            "threshold": definition.threshold,
            "threshold_unit": _value(definition.threshold_unit),
            "target": definition.target,
            "comparator": definition.comparator.value,
            "unit": indicator.unit.value,
            "periodicity": indicator.periodicity.value,
            "source": indicator.source.value,
            "baseline": indicator.baseline,
            "revised_from": definition.starts if revised else None,
            "revision_note": definition.note if revised else None,
        }


registry.add(
    Resource(
        name="indicators",
        schema_name="Indicator",
        title="Indicator",
        description="How each commitment is measured, with the definition in force now; "
        "results of earlier periods were judged by the definition in force then (see the "
        "target of each measurement).",
        fields=(
            Field("id", "integer", "Identifier."),
            *PLACEMENT_FIELDS,
            Field("commitment_id", "integer", "Identifier of the commitment it measures."),
            Field("position", "integer", "Order within the commitment, from 1."),
            Field("name", "translated", "Name."),
            Field(
                "standard",
                "string",
                "Which of the five standard indicators it is; null for the charter's own.",
                nullable=True,
                enum=_values(StandardIndicator),
            ),
            Field("kind", "string", "How the value is computed.", enum=_values(IndicatorKind)),
            Field("numerator", "translated", "Numerator of the formula, in words."),
            Field("denominator", "translated", "Denominator, in words.", nullable=True),
            Field("threshold", "decimal", "Threshold a case must be within.", nullable=True),
            Field(
                "threshold_unit",
                "string",
                "Unit of the threshold.",
                nullable=True,
                enum=_values(Unit),
            ),
            Field("target", "decimal", "Target value."),
            Field(
                "comparator",
                "string",
                "How the value is compared with the target: at least (ge), at most (le), "
                "equal (eq).",
                enum=_values(Comparator),
            ),
            Field("unit", "string", "Unit of the value and the target.", enum=_values(Unit)),
            Field("periodicity", "string", "How often it is measured.", enum=_values(Periodicity)),
            Field("source", "string", "Where the data comes from.", enum=_values(Source)),
            Field("baseline", "decimal", "Value before the charter.", nullable=True),
            Field(
                "revised_from",
                "period",
                "First period of the current definition when it was revised; null otherwise.",
                nullable=True,
            ),
            Field("revision_note", "translated", "Why it was revised.", nullable=True),
        ),
        statement=lambda: _public(select(Indicator).join(Indicator.commitment)),
        options=lambda: (
            contains_eager(Indicator.commitment)
            .contains_eager(Commitment.version)
            .contains_eager(CharterVersion.charter),
            selectinload(Indicator.revisions),
        ),
        serialize=indicator_rows,
        id_column=Indicator.id,
        filters=(
            _charter_filter(),
            _version_status_filter(),
            Filter(
                "commitment",
                "Identifier of the commitment.",
                ID_SCHEMA,
                lambda s, v: s.where(Indicator.commitment_id == v),
                parse_integer,
            ),
        ),
    )
)


# --- Measurements ------------------------------------------------------------------------------


def measurement_rows(measurements: Iterable[Measurement]) -> Iterator[dict]:
    """Results of indicators per period (aggregates only), as plain dicts."""
    for measurement in measurements:
        indicator = measurement.indicator
        definition = indicator.in_force(measurement.period)
        yield {
            "id": measurement.id,
            "indicator_id": measurement.indicator_id,
            "commitment_id": indicator.commitment_id,
            **_placement(indicator.commitment.version),
            "period": measurement.period,
            "numerator": measurement.numerator,
            "denominator": measurement.denominator,
            "value": measurement.value,
            "mean": measurement.mean,
            "pending": measurement.pending,
            "status": measurement.status.value,
            "source": measurement.source.value,
            "target": definition.target,
            "comparator": definition.comparator.value,
            "unit": indicator.unit.value,
            "recorded_at": measurement.recorded_at,
            "note": measurement.note,
        }


registry.add(
    Resource(
        name="measurements",
        schema_name="Measurement",
        title="Measurement",
        description="Results of the indicators of public charter versions, one per indicator "
        "and period: aggregate figures only, judged against the target in force in that period.",
        fields=(
            Field("id", "integer", "Identifier."),
            Field("indicator_id", "integer", "Identifier of the indicator."),
            Field("commitment_id", "integer", "Identifier of the commitment."),
            *PLACEMENT_FIELDS,
            Field("period", "period", "Period measured."),
            Field("numerator", "decimal", "Numerator (cases within, or a sum).", nullable=True),
            Field("denominator", "decimal", "Denominator (cases counted).", nullable=True),
            Field("value", "decimal", "Value, in the indicator's unit.", nullable=True),
            Field(
                "mean",
                "decimal",
                "Mean beside a share (e.g. mean working days to answer).",
                nullable=True,
            ),
            Field(
                "pending",
                "integer",
                "Cases not decided yet (the value may still change).",
                nullable=True,
            ),
            Field(
                "status",
                "string",
                "Whether the target was met; provisional while the period is open or cases "
                "are pending.",
                enum=_values(MeasurementStatus),
            ),
            Field("source", "string", "Where the data came from.", enum=_values(Source)),
            Field("target", "decimal", "Target in force in the period."),
            Field(
                "comparator",
                "string",
                "Comparator in force in the period.",
                enum=_values(Comparator),
            ),
            Field("unit", "string", "Unit of the value and the target.", enum=_values(Unit)),
            Field("recorded_at", "datetime", "When the result was computed or entered (UTC)."),
            Field("note", "translated", "Public note on the result.", nullable=True),
        ),
        statement=lambda: _public(
            select(Measurement).join(Measurement.indicator).join(Indicator.commitment)
        ),
        options=lambda: (
            contains_eager(Measurement.indicator)
            .contains_eager(Indicator.commitment)
            .contains_eager(Commitment.version)
            .contains_eager(CharterVersion.charter),
            contains_eager(Measurement.indicator).selectinload(Indicator.revisions),
        ),
        serialize=measurement_rows,
        id_column=Measurement.id,
        filters=(
            Filter(
                "indicator",
                "Identifier of the indicator.",
                ID_SCHEMA,
                lambda s, v: s.where(Measurement.indicator_id == v),
                parse_integer,
            ),
            _charter_filter(),
            Filter(
                "period",
                "Period code: a year (2026), a quarter (2026-T3) or a month (2026-M07).",
                PERIOD_SCHEMA,
                lambda s, v: s.where(Measurement.period == v),
                parse_period,
            ),
            choice_filter(
                "status",
                "Whether the target was met.",
                _values(MeasurementStatus),
                lambda s, v: s.where(Measurement.status == MeasurementStatus(v)),
            ),
        ),
    )
)


# --- Reports -----------------------------------------------------------------------------------


def report_rows(reports: Iterable[Report]) -> Iterator[dict]:
    """Published quarterly reports, every revision, as plain dicts (the content is the
    snapshot frozen at publication, improvement actions included)."""
    for report in reports:
        yield {
            "id": report.id,
            "charter_id": report.charter_id,
            "charter": report.charter.slug,
            "period": report.period,
            "revision": report.revision,
            "note": report.note,
            "published_at": report.published_at,
            "content": report.content,
        }


registry.add(
    Resource(
        name="reports",
        schema_name="Report",
        title="Report",
        description="Published quarterly reports of the charters: immutable snapshots. A "
        "correction is a new revision with a note; earlier revisions stay published.",
        fields=(
            Field("id", "integer", "Identifier."),
            Field("charter_id", "integer", "Identifier of the charter."),
            Field("charter", "string", "Slug of the charter."),
            Field("period", "period", "Quarter reported."),
            Field("revision", "integer", "Revision number, from 1."),
            Field("note", "string", "What a correction changed.", nullable=True),
            Field("published_at", "datetime", "When this revision was published (UTC)."),
            Field(
                "content",
                "object",
                "The report as published: results, improvement actions and texts "
                "(a JSON text in CSV files).",
            ),
        ),
        statement=lambda: select(Report).join(Report.charter),
        options=lambda: (contains_eager(Report.charter),),
        serialize=report_rows,
        id_column=Report.id,
        filters=(
            _charter_filter(),
            Filter(
                "period",
                "Quarter code, e.g. 2026-T3.",
                PERIOD_SCHEMA,
                lambda s, v: s.where(Report.period == v),
                parse_period,
            ),
        ),
    )
)


# --- Reading -----------------------------------------------------------------------------------


@dataclass
class Page:
    """One page of a resource's rows, with what the links and ``meta`` need."""

    rows: list[dict]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return ceil(self.total / self.per_page)


def _filtered(resource: Resource, filters: dict) -> Select:
    statement = resource.statement()
    for f in resource.filters:
        if f.name in filters:
            statement = f.apply(statement, filters[f.name])
    return statement


def _rows(resource: Resource, statement: Select, **execution_options) -> Iterator[dict]:
    statement = statement.options(*resource.options()).order_by(resource.id_column)
    result = db.session.execute(statement, execution_options=execution_options)
    entities = result.tuples() if len(statement.column_descriptions) > 1 else result.scalars()
    return resource.serialize(entities)


def page_of(resource: Resource, filters: dict, page: int, per_page: int) -> Page:
    """A page of the public rows matching ``filters`` (parsed values by filter name), ordered
    by id, in a constant number of queries."""
    statement = _filtered(resource, filters)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = list(_rows(resource, statement.limit(per_page).offset((page - 1) * per_page)))
    return Page(rows, page, per_page, total)


def item(resource: Resource, key: str) -> dict | None:
    """One public row by id (or slug, for resources that have one); ``None`` when missing."""
    by_slug = resource.slug_column is not None and not key.isdigit()
    column = resource.slug_column if by_slug else resource.id_column
    try:
        value = parse_text(key) if by_slug else parse_integer(key)
    except ValueError:
        return None
    return next(_rows(resource, resource.statement().where(column == value)), None)


def csv_lines(resource: Resource, filters: dict) -> Iterator[str]:
    """The whole dataset matching ``filters`` as CSV text, a header and then one line per row,
    fetched in batches so that memory stays flat whatever the size."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield line(resource.columns())
    for row in _rows(resource, _filtered(resource, filters), yield_per=CSV_BATCH):
        yield line(resource.csv_row(row))


def csv_etag(resource: Resource, filters: dict) -> str:
    """A fingerprint of the CSV file: the hash of its lines, computed without keeping them."""
    digest = hashlib.sha256()
    for text in csv_lines(resource, filters):
        digest.update(text.encode())
    return digest.hexdigest()[:40]
