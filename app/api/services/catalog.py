"""The catalog as open data: dependencies and services."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.api.registry import Field, Filter, Resource, choice_filter
from app.api.services.shared import SLUG_SCHEMA, enum_values
from app.catalog.models import Dependency, Modality, Service, ServiceKind, Silence, Topic

RETIRED_ON = "Date from which it is no longer offered; null while it is."

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
            "retired_on": dependency.retired_on,
        }


DEPENDENCIES = Resource(
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
        Field("retired_on", "date", RETIRED_ON, nullable=True),
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
            "retired_on": service.retired_on,
        }


SERVICES = Resource(
    name="services",
    schema_name="Service",
    title="Service",
    description="The catalog of procedures and services (trámites y servicios).",
    fields=(
        Field("id", "integer", "Identifier."),
        Field("slug", "string", "Stable name used in the site's addresses."),
        Field("code", "string", "Official code (homoclave)."),
        Field("name", "translated", "Name."),
        Field("kind", "string", "Procedure (trámite) or service.", enum=enum_values(ServiceKind)),
        Field("description", "translated", "What it is."),
        Field("applicants", "translated", "Who may request it."),
        Field("cases", "translated", "When it must or may be requested.", nullable=True),
        Field("modality", "string", "How it is requested.", enum=enum_values(Modality)),
        Field("online_url", "string", "Where to request it online.", nullable=True),
        Field("response_days", "integer", "Maximum response time, in working days."),
        Field(
            "silence",
            "string",
            "What it means when the authority does not answer in time.",
            enum=enum_values(Silence),
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
        Field("retired_on", "date", RETIRED_ON, nullable=True),
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
            enum_values(ServiceKind),
            lambda s, v: s.where(Service.kind == ServiceKind(v)),
        ),
        choice_filter(
            "modality",
            "How it is requested.",
            enum_values(Modality),
            lambda s, v: s.where(Service.modality == Modality(v)),
        ),
    ),
)

RESOURCES = (DEPENDENCIES, SERVICES)
