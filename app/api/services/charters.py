"""The charters as open data: charters, their public versions, commitments and indicators."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import contains_eager, selectinload

from app.api.registry import Field, Filter, Resource, parse_integer
from app.api.services.shared import (
    ID_SCHEMA,
    PLACEMENT_FIELDS,
    PUBLIC_STATUSES,
    SLUG_SCHEMA,
    charter_filter,
    enum_value,
    enum_values,
    in_force_numbers,
    in_public_versions,
    placement,
    public_status,
    version_status_filter,
)
from app.catalog.models import Dependency, Service
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
from app.charters.services import expired_on, public, started

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
    Field(
        "complaint_procedure",
        "translated",
        "How to complain about the service; null when the charter does not say.",
        nullable=True,
    ),
    Field("certifier", "string", "UNE 93200 certification body.", nullable=True),
    Field("certified_on", "date", "Date of the certification.", nullable=True),
    Field("certification_expires", "date", "End of the certification.", nullable=True),
)


def _version_values(version: CharterVersion) -> dict:
    return {f.name: getattr(version, f.name) for f in VERSION_FIELDS}


def _public_versions():
    """Subquery: the number of each charter's public version, the latest published one or, for
    a charter no longer in force, the latest archived one (scheduled versions are not public
    yet)."""
    published = started()
    number = func.coalesce(
        func.max(case((published, CharterVersion.number))), func.max(CharterVersion.number)
    )
    return (
        select(CharterVersion.charter_id, number.label("number"))
        .where(public())
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


CHARTER_STATES = ("in_force", "expired", "withdrawn")


def charter_state(version: CharterVersion) -> str:
    """Where a charter stands, from its public version: ``in_force``; ``expired`` ("vencida")
    when the published version's validity ended and no new version replaced it; ``withdrawn``
    when it has no published version left, only archived ones."""
    if version.status is CharterStatus.ARCHIVED:
        return "withdrawn"
    return "expired" if expired_on(version) else "in_force"


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
            "state": charter_state(version),
            **_version_values(version),
        }


CHARTERS = Resource(
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
        Field("status", "string", "Status of that version.", enum=enum_values(PUBLIC_STATUSES)),
        Field(
            "state",
            "string",
            "in_force; expired (vencida: the version's validity ended, valid_until, and no "
            "new version replaced it); withdrawn (no published version, only archived ones).",
            enum=CHARTER_STATES,
        ),
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


def version_rows(versions: Iterable[CharterVersion]) -> Iterator[dict]:
    """Public charter versions (in force or archived) as plain dicts."""
    versions = list(versions)
    numbers = in_force_numbers(versions)
    for version in versions:
        yield {
            "id": version.id,
            "charter_id": version.charter_id,
            "charter": version.charter.slug,
            "number": version.number,
            "status": public_status(version, numbers),
            **_version_values(version),
        }


CHARTER_VERSIONS = Resource(
    name="charter-versions",
    schema_name="CharterVersion",
    title="Charter version",
    description="Every public version of the charters: the one in force (published) and "
    "those it replaced (archived). Drafts, versions in review and versions approved from a "
    "later date are not published before that date.",
    fields=(
        Field("id", "integer", "Identifier."),
        Field("charter_id", "integer", "Identifier of the charter."),
        Field("charter", "string", "Slug of the charter."),
        Field("number", "integer", "Version number within the charter."),
        Field("status", "string", "Status.", enum=enum_values(PUBLIC_STATUSES)),
        *VERSION_FIELDS,
    ),
    statement=lambda: select(CharterVersion).join(CharterVersion.charter).where(public()),
    options=lambda: (contains_eager(CharterVersion.charter),),
    serialize=version_rows,
    id_column=CharterVersion.id,
    filters=(charter_filter(), version_status_filter()),
)


# --- Commitments and indicators ----------------------------------------------------------------


def commitment_rows(commitments: Iterable[Commitment]) -> Iterator[dict]:
    """Commitments of public charter versions as plain dicts."""
    commitments = list(commitments)
    numbers = in_force_numbers(c.version for c in commitments)
    for commitment in commitments:
        yield {
            "id": commitment.id,
            **placement(commitment.version, numbers),
            "position": commitment.position,
            "text": commitment.text,
        }


COMMITMENTS = Resource(
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
    statement=lambda: in_public_versions(select(Commitment)),
    options=lambda: (contains_eager(Commitment.version).contains_eager(CharterVersion.charter),),
    serialize=commitment_rows,
    id_column=Commitment.id,
    filters=(charter_filter(), version_status_filter()),
)


def indicator_rows(indicators: Iterable[Indicator]) -> Iterator[dict]:
    """Indicators of public charter versions with the definition in force now, as plain dicts."""
    indicators = list(indicators)
    numbers = in_force_numbers(i.commitment.version for i in indicators)
    for indicator in indicators:
        definition = indicator.current
        revised = definition is not indicator
        yield {
            "id": indicator.id,
            **placement(indicator.commitment.version, numbers),
            "commitment_id": indicator.commitment_id,
            "position": indicator.position,
            "name": indicator.name,
            "standard": enum_value(indicator.standard),
            "kind": indicator.kind.value,
            "numerator": definition.numerator,
            "denominator": definition.denominator,
            "threshold": definition.threshold,
            "threshold_unit": enum_value(definition.threshold_unit),
            "target": definition.target,
            "comparator": definition.comparator.value,
            "unit": indicator.unit.value,
            "periodicity": indicator.periodicity.value,
            "source": indicator.source.value,
            "baseline": indicator.baseline,
            "revised_from": definition.starts if revised else None,
            "revision_note": definition.note if revised else None,
        }


INDICATORS = Resource(
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
            enum=enum_values(StandardIndicator),
        ),
        Field("kind", "string", "How the value is computed.", enum=enum_values(IndicatorKind)),
        Field("numerator", "translated", "Numerator of the formula, in words."),
        Field("denominator", "translated", "Denominator, in words.", nullable=True),
        Field("threshold", "decimal", "Threshold a case must be within.", nullable=True),
        Field(
            "threshold_unit",
            "string",
            "Unit of the threshold.",
            nullable=True,
            enum=enum_values(Unit),
        ),
        Field("target", "decimal", "Target value."),
        Field(
            "comparator",
            "string",
            "How the value is compared with the target: at least (ge), at most (le), equal (eq).",
            enum=enum_values(Comparator),
        ),
        Field("unit", "string", "Unit of the value and the target.", enum=enum_values(Unit)),
        Field("periodicity", "string", "How often it is measured.", enum=enum_values(Periodicity)),
        Field("source", "string", "Where the data comes from.", enum=enum_values(Source)),
        Field("baseline", "decimal", "Value before the charter.", nullable=True),
        Field(
            "revised_from",
            "period",
            "First period of the current definition when it was revised; null otherwise.",
            nullable=True,
        ),
        Field("revision_note", "translated", "Why it was revised.", nullable=True),
    ),
    statement=lambda: in_public_versions(select(Indicator).join(Indicator.commitment)),
    options=lambda: (
        contains_eager(Indicator.commitment)
        .contains_eager(Commitment.version)
        .contains_eager(CharterVersion.charter),
        selectinload(Indicator.revisions),
    ),
    serialize=indicator_rows,
    id_column=Indicator.id,
    filters=(
        charter_filter(),
        version_status_filter(),
        Filter(
            "commitment",
            "Identifier of the commitment.",
            ID_SCHEMA,
            lambda s, v: s.where(Indicator.commitment_id == v),
            parse_integer,
        ),
    ),
)

RESOURCES = (CHARTERS, CHARTER_VERSIONS, COMMITMENTS, INDICATORS)
