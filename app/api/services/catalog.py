"""The catalog as open data: dependencies, offices, services and the rows of each service
(steps, requirements, inspections, forms)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.api.registry import Field, Filter, Resource, choice_filter
from app.api.services.shared import SLUG_SCHEMA, enum_value, enum_values
from app.catalog.models import (
    ApplicantType,
    AudioPart,
    Dependency,
    Inspection,
    Modality,
    Office,
    RequestFormat,
    RequestType,
    Requirement,
    Service,
    ServiceAudio,
    ServiceKind,
    Silence,
    Step,
    Topic,
    service_offices,
)
from app.core.i18n import LANGUAGES, SOURCE_LANGUAGE
from app.core.languages import canonical

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


# --- Offices -----------------------------------------------------------------------------------


def office_rows(offices: Iterable[Office]) -> Iterator[dict]:
    """Offices where services are provided, as plain dicts."""
    for office in offices:
        yield {
            "id": office.id,
            "dependency_id": office.dependency_id,
            "dependency": office.dependency.slug,
            "name": office.name,
            "address": office.address,
            "hours": office.hours,
            "phone": office.phone,
            "email": office.email,
            "latitude": office.latitude,
            "longitude": office.longitude,
            "accessibility": office.accessibility,
            "retired_on": office.retired_on,
        }


OFFICES = Resource(
    name="offices",
    schema_name="Office",
    title="Office",
    description="Offices where services are provided, with their hours and accessibility.",
    fields=(
        Field("id", "integer", "Identifier."),
        Field("dependency_id", "integer", "Identifier of the dependency it belongs to."),
        Field("dependency", "string", "Slug of the dependency it belongs to."),
        Field("name", "translated", "Name."),
        Field("address", "string", "Postal address."),
        Field("hours", "translated", "Opening hours."),
        Field("phone", "string", "Telephone.", nullable=True),
        Field("email", "string", "The office's institutional e-mail address.", nullable=True),
        Field("latitude", "decimal", "Latitude in decimal degrees.", nullable=True),
        Field("longitude", "decimal", "Longitude in decimal degrees.", nullable=True),
        Field("accessibility", "translated", "Accessibility of the building.", nullable=True),
        Field("retired_on", "date", RETIRED_ON, nullable=True),
    ),
    statement=lambda: select(Office),
    options=lambda: (joinedload(Office.dependency),),
    serialize=office_rows,
    id_column=Office.id,
    filters=(
        Filter(
            "dependency",
            "Slug of the dependency.",
            SLUG_SCHEMA,
            lambda s, v: s.where(Office.dependency.has(Dependency.slug == v)),
        ),
        Filter(
            "service",
            "Slug of a service: only the offices where it is provided.",
            SLUG_SCHEMA,
            lambda s, v: s.where(
                Office.id.in_(
                    select(service_offices.c.office_id)
                    .join(Service, Service.id == service_offices.c.service_id)
                    .where(Service.slug == v)
                )
            ),
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
            "easy_reading": service.easy_reading,
            "dependency_id": service.dependency_id,
            "dependency": service.dependency.slug,
            "topic": service.topic.slug,
            "languages": [canonical(code) for code in service.languages],
            "keywords": list(service.keywords),
            "updated_on": service.updated_on,
            "retired_on": service.retired_on,
            "replaced_by": service.replaced_by.slug if service.replaced_by else None,
            "request_type": enum_value(service.request_type),
            "applicant_type": enum_value(service.applicant_type),
            "prevention_days": _days(service.prevention_days),
            "prevention_answer_days": _days(service.prevention_answer_days),
            "payment": service.payment,
            "criteria": service.criteria,
            "appointment_required": service.appointment_required,
            "appointment": service.appointment,
            "contact_name": service.contact_name,
            "contact_position": service.contact_position,
            "contact_phone": service.contact_phone,
            "contact_email": service.contact_email,
            # A retired service's page is gone, and so are its recordings.
            "recordings": (
                [] if service.retired_on else [recording_row(a) for a in service.recordings]
            ),
        }


def _days(value) -> int | None:
    return None if value is None else int(value)


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
        Field(
            "easy_reading",
            "translated",
            "A short summary in plain words (easy reading).",
            nullable=True,
        ),
        Field("dependency_id", "integer", "Identifier of the responsible dependency."),
        Field("dependency", "string", "Slug of the responsible dependency."),
        Field("topic", "string", "Slug of its topic."),
        Field(
            "languages",
            "strings",
            "Codes of the languages in which it is attended (ISO 639-3 where ISO 639-1 has none: "
            "ots Otomí of the Estado de México, maz Mazahua, mfs Mexican Sign Language).",
        ),
        Field("keywords", "strings", "Search keywords."),
        Field("updated_on", "date", "Date of the last change of its information or of its rows."),
        Field("retired_on", "date", RETIRED_ON, nullable=True),
        Field(
            "replaced_by",
            "string",
            "Slug of the service that replaces a retired one (its page sends people there).",
            nullable=True,
        ),
        Field(
            "request_type",
            "string",
            "Whether it is requested on the official form, in free writing, or either.",
            nullable=True,
            enum=enum_values(RequestType),
        ),
        Field(
            "applicant_type",
            "string",
            "Who may request it: people, businesses and organizations, or both.",
            nullable=True,
            enum=enum_values(ApplicantType),
        ),
        Field(
            "prevention_days",
            "integer",
            "Working days the authority has to ask for missing information (prevención).",
            nullable=True,
        ),
        Field(
            "prevention_answer_days",
            "integer",
            "Working days the applicant has to provide the missing information.",
            nullable=True,
        ),
        Field("payment", "translated", "Where and how to pay.", nullable=True),
        Field("criteria", "translated", "Criteria for deciding.", nullable=True),
        Field("appointment_required", "boolean", "Whether an appointment is needed."),
        Field("appointment", "translated", "How to get an appointment.", nullable=True),
        Field("contact_name", "string", "Responsible public servant.", nullable=True),
        Field(
            "contact_position",
            "translated",
            "Position of the responsible public servant.",
            nullable=True,
        ),
        Field("contact_phone", "string", "The responsible's office telephone.", nullable=True),
        Field("contact_email", "string", "The responsible's institutional e-mail.", nullable=True),
        Field(
            "recordings",
            "recordings",
            "Its description and requirements read aloud, per language, with their transcripts "
            "(empty for a retired service). Not in services.csv: see recordings.csv.",
            in_csv=False,
        ),
    ),
    statement=lambda: select(Service),
    options=lambda: (
        joinedload(Service.dependency).load_only(Dependency.slug),
        joinedload(Service.topic).load_only(Topic.slug),
        selectinload(Service.recordings),
        joinedload(Service.replaced_by).load_only(Service.slug),  # in the same statement
    ),
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


# --- The rows of each service ------------------------------------------------------------------

ROW_FIELDS = (
    Field("id", "integer", "Identifier."),
    Field("service_id", "integer", "Identifier of the service."),
    Field("service", "string", "Slug of the service."),
    Field("position", "integer", "Order within the service (1, 2, …)."),
)


def _rows_of_service(model, name: str, title: str, description: str, fields, values, loads=()):
    """A resource of the ordered rows of services (``values`` gives a row's own fields)."""

    def serialize(rows):
        for row in rows:
            yield {
                "id": row.id,
                "service_id": row.service_id,
                "service": row.service.slug,
                "position": row.position,
                **values(row),
            }

    return Resource(
        name=name,
        schema_name=title.replace(" ", ""),
        title=title,
        description=description,
        fields=(*ROW_FIELDS, *fields),
        statement=lambda: select(model),
        options=lambda: (joinedload(model.service), *(joinedload(x) for x in loads)),
        serialize=serialize,
        id_column=model.id,
        filters=(
            Filter(
                "service",
                "Slug of the service.",
                SLUG_SCHEMA,
                lambda s, v: s.where(model.service.has(Service.slug == v)),
            ),
        ),
    )


STEPS = _rows_of_service(
    Step,
    "steps",
    "Step",
    "The steps the applicant follows for each service, in order.",
    (Field("text", "translated", "What to do."),),
    lambda row: {"text": row.text},
)

REQUIREMENTS = _rows_of_service(
    Requirement,
    "requirements",
    "Requirement",
    "The documents and conditions each service asks for, in order.",
    (
        Field("name", "translated", "The document or condition."),
        Field("original", "boolean", "Whether the original must be shown."),
        Field("copies", "integer", "Number of copies."),
        Field("notes", "translated", "Notes.", nullable=True),
        Field("issuer", "translated", "Who issues it, when a third party does.", nullable=True),
        Field(
            "produced_by",
            "string",
            "Slug of the institution's own service that produces it.",
            nullable=True,
        ),
    ),
    lambda row: {
        "name": row.name,
        "original": row.original,
        "copies": row.copies,
        "notes": row.notes,
        "issuer": row.issuer,
        "produced_by": row.produced_by.slug if row.produced_by else None,
    },
    loads=(Requirement.produced_by,),
)

INSPECTIONS = _rows_of_service(
    Inspection,
    "inspections",
    "Inspection",
    "The inspections or verifications the authority may make to decide, and their purpose.",
    (
        Field("subject", "translated", "What is inspected or verified."),
        Field("purpose", "translated", "What it is for."),
    ),
    lambda row: {"subject": row.subject, "purpose": row.purpose},
)

FORMS = _rows_of_service(
    RequestFormat,
    "forms",
    "Form",
    "The official forms (formatos) of each service, with their publication date.",
    (
        Field("name", "translated", "Name of the form."),
        Field("url", "string", "Where to download it.", nullable=True),
        Field("published_on", "date", "Date the form was published.", nullable=True),
    ),
    lambda row: {"name": row.name, "url": row.url, "published_on": row.published_on},
)

# --- Recordings ----------------------------------------------------------------------------------


def recording_row(audio: ServiceAudio) -> dict:
    """A recording of a service's text, with the public address of its file (under the Spanish
    pages: always offered, whatever the languages the interface offers at the moment)."""
    slug = audio.service.slug
    return {
        "id": audio.id,
        "service_id": audio.service_id,
        "service": slug,
        "language": audio.language,
        "part": audio.part.value,
        "content_type": audio.content_type,
        "seconds": audio.seconds,
        "transcript": audio.transcript,
        "url": url_for(
            "catalog.audio", lang=SOURCE_LANGUAGE, slug=slug, audio_id=audio.id, _external=True
        ),
    }


RECORDINGS = Resource(
    name="recordings",
    schema_name="Recording",
    title="Recording",
    description="Services' descriptions and requirements read aloud, per language, with their "
    "transcripts; only of services still offered.",
    fields=(
        Field("id", "integer", "Identifier."),
        Field("service_id", "integer", "Identifier of the service."),
        Field("service", "string", "Slug of the service."),
        Field("language", "string", "Code of the language spoken (and of the transcript)."),
        Field("part", "string", "Which text is read aloud.", enum=enum_values(AudioPart)),
        Field("content_type", "string", "Media type of the file."),
        Field("seconds", "integer", "Duration in seconds, rounded up."),
        Field("transcript", "string", "What is said, in writing."),
        Field("url", "string", "Where the file is served (it answers range requests)."),
    ),
    statement=lambda: select(ServiceAudio)
    .join(ServiceAudio.service)
    .where(Service.retired_on.is_(None)),
    options=lambda: (joinedload(ServiceAudio.service),),
    serialize=lambda rows: map(recording_row, rows),
    id_column=ServiceAudio.id,
    filters=(
        Filter(
            "service",
            "Slug of the service.",
            SLUG_SCHEMA,
            lambda s, v: s.where(Service.slug == v),
        ),
        choice_filter(
            "language",
            "Code of the language spoken.",
            LANGUAGES,
            lambda s, v: s.where(ServiceAudio.language == v),
        ),
    ),
)

RESOURCES = (DEPENDENCIES, OFFICES, SERVICES, STEPS, REQUIREMENTS, INSPECTIONS, FORMS, RECORDINGS)
