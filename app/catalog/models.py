"""Dependency, Office, Topic and Service: what the institution offers and where."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    DDL,
    JSON,
    Column,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.languages import canonical
from app.core.languages import names as language_names
from app.core.lazy_text import lazy_gettext as _l
from app.core.text import search_lines
from app.core.types import LabeledEnum, Translated, WorkingDays, WorkingDaysType, enum_type
from app.extensions import db, only_on


class ServiceKind(LabeledEnum):
    TRAMITE = "tramite", _l("Trámite")
    SERVICIO = "servicio", _l("Servicio")


class Modality(LabeledEnum):
    IN_PERSON = "presencial", _l("Presencial")
    ONLINE = "en_linea", _l("En línea")
    BOTH = "mixta", _l("Presencial y en línea")


class Silence(LabeledEnum):
    """What the law says when the authority does not answer within the maximum time."""

    POSITIVE = "afirmativa_ficta", _l("Afirmativa ficta: si no hay respuesta, se entiende aprobado")
    NEGATIVE = "negativa_ficta", _l("Negativa ficta: si no hay respuesta, se entiende negado")
    NOT_APPLICABLE = "no_aplica", _l("No aplica")


class RequestType(LabeledEnum):
    """How the request is made: on the official form, in free writing, or either."""

    FORM = "formato", _l("En el formato oficial")
    FREE_WRITING = "escrito_libre", _l("Por escrito libre")
    EITHER = "ambos", _l("En el formato oficial o por escrito libre")


class ApplicantType(LabeledEnum):
    """Who may request it: people (personas físicas), businesses and organizations (personas
    morales), or both."""

    PEOPLE = "persona_fisica", _l("Personas físicas")
    BUSINESSES = "persona_moral", _l("Personas morales (empresas y organizaciones)")
    BOTH = "ambas", _l("Personas físicas y morales")


def attention_languages() -> dict[str, object]:
    """``{code: Spanish name}`` of the languages in which a service can be attended (a service
    lists some of them): every language of the registry, those administrators added too."""
    return language_names()


class Dependency(db.Model):
    """A dependency or administrative unit (dependencia / unidad administrativa)."""

    __tablename__ = "dependencies"
    # Catalog search looks up its words among the acronyms (``catalog.services.matching``).
    # PostgreSQL only: SQLite's ``lower`` is the portal's own function, which no index may use.
    __table_args__ = (
        only_on("postgresql", Index("ix_dependencies_acronym_lower", func.lower(text("acronym")))),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Raised on every save (the workspace's, a translator's): a form opened at an older version
    # is refused rather than overwriting what was saved since (optimistic locking).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[dict] = mapped_column(Translated)
    acronym: Mapped[str | None] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("dependencies.id"), index=True)
    # Folded names in every language and the acronym, one per line (``search_lines``), kept by
    # ``_index_dependency`` on every write through the ORM: filters search it beyond
    # DEPENDENCY_LIST_LIMIT.
    search_text: Mapped[str] = mapped_column(Text, server_default="")
    # Retired dependencies, offices and topics are kept (old services still name them) but no
    # longer offered: the workspace and the public filters leave them out.
    retired_on: Mapped[date | None]

    parent: Mapped[Dependency | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Dependency]] = relationship(back_populates="parent")
    offices: Mapped[list[Office]] = relationship(back_populates="dependency")


def dependency_search_text(name: dict | None, acronym: str | None) -> str:
    """What ``Dependency.search_text`` holds for this name (every language) and acronym. The
    languages go in the order of their codes: PostgreSQL's JSONB keeps no order of its own."""
    return search_lines([*(text for _code, text in sorted((name or {}).items())), acronym])


@event.listens_for(Dependency, "before_insert")
@event.listens_for(Dependency, "before_update")
def _index_dependency(_mapper, _connection, dependency: Dependency) -> None:
    dependency.search_text = dependency_search_text(dependency.name, dependency.acronym)


class Office(db.Model):
    """A place where services are provided, with its hours and the accessibility of the building."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Raised on every save (the workspace's, a translator's): a form opened at an older version
    # is refused rather than overwriting what was saved since (optimistic locking).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    dependency_id: Mapped[int] = mapped_column(ForeignKey("dependencies.id"), index=True)
    name: Mapped[dict] = mapped_column(Translated)
    address: Mapped[str] = mapped_column(Text)
    hours: Mapped[dict] = mapped_column(Translated)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    accessibility: Mapped[dict | None] = mapped_column(Translated)
    retired_on: Mapped[date | None]

    dependency: Mapped[Dependency] = relationship(back_populates="offices")


class Topic(db.Model):
    """A subject that groups services for citizens (tema)."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Raised on every save (the workspace's, a translator's): a form opened at an older version
    # is refused rather than overwriting what was saved since (optimistic locking).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[dict] = mapped_column(Translated)
    retired_on: Mapped[date | None]


service_offices = Table(
    "service_offices",
    db.metadata,
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("office_id", ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True),
)


class Service(db.Model):
    """A procedure or service (trámite o servicio) with the fields the law requires to publish."""

    __tablename__ = "services"
    __table_args__ = (
        # Catalog search is "contains every word": a trigram index answers LIKE '%word%' on
        # PostgreSQL (pg_trgm, created with the table); other engines get a plain index.
        Index(
            "ix_services_search_text_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
        # Which dependencies offer services (the catalog's dependency filter, on every search),
        # read from the index alone, without the rows of the services.
        Index(
            "ix_services_offered_dependency_id",
            "dependency_id",
            postgresql_where=text("retired_on IS NULL"),
            sqlite_where=text("retired_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # homoclave
    name: Mapped[dict] = mapped_column(Translated)
    kind: Mapped[ServiceKind] = mapped_column(enum_type(ServiceKind), index=True)
    description: Mapped[dict] = mapped_column(Translated)
    applicants: Mapped[dict] = mapped_column(Translated)  # who may request it
    cases: Mapped[dict | None] = mapped_column(Translated)  # when it must or may be requested
    modality: Mapped[Modality] = mapped_column(enum_type(Modality), index=True)
    online_url: Mapped[str | None] = mapped_column(String(500))
    response_days: Mapped[WorkingDays] = mapped_column(WorkingDaysType)
    silence: Mapped[Silence] = mapped_column(enum_type(Silence))
    cost_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # None: free of charge
    cost_basis: Mapped[dict | None] = mapped_column(Translated)
    result: Mapped[dict | None] = mapped_column(Translated)  # what the citizen obtains
    validity: Mapped[dict | None] = mapped_column(Translated)
    legal_basis: Mapped[dict] = mapped_column(Translated)
    # A short summary in plain words (easy reading), shown first on the service's page.
    easy_reading: Mapped[dict | None] = mapped_column(Translated)
    dependency_id: Mapped[int] = mapped_column(ForeignKey("dependencies.id"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    # Languages in which staff attend it (codes of the registry, such as "es", "ots", "mfs").
    languages: Mapped[list] = mapped_column(JSON, default=lambda: ["es"])
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    request_type: Mapped[RequestType | None] = mapped_column(enum_type(RequestType))
    applicant_type: Mapped[ApplicantType | None] = mapped_column(enum_type(ApplicantType))
    # Working days the authority has to ask for missing information (prevención), and the
    # applicant to answer it.
    prevention_days: Mapped[WorkingDays | None] = mapped_column(WorkingDaysType)
    prevention_answer_days: Mapped[WorkingDays | None] = mapped_column(WorkingDaysType)
    payment: Mapped[dict | None] = mapped_column(Translated)  # where and how to pay
    criteria: Mapped[dict | None] = mapped_column(Translated)  # criteria for deciding
    appointment_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    appointment: Mapped[dict | None] = mapped_column(Translated)  # how to get an appointment
    # The responsible public servant, whose contact the law asks to publish.
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_position: Mapped[dict | None] = mapped_column(Translated)
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # The date of the last change of the service or any of its rows (steps, requirements...),
    # set by every save of the workspace and every import that changes it.
    updated_on: Mapped[date]
    # Folded (lower-case, unaccented) names, codes and keywords in every language. Only
    # searches read it, in SQL: deferred, so that a page of services does not carry it.
    search_text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    # Raised on every save from the workspace: a form opened at an older version is refused
    # (optimistic locking).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # A retired service is no longer offered: its page says so (with what replaces it) and it
    # leaves the catalog's listing and search.
    retired_on: Mapped[date | None]
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))

    dependency: Mapped[Dependency] = relationship()
    replaced_by: Mapped[Service | None] = relationship(remote_side=[id])
    topic: Mapped[Topic] = relationship()

    @property
    def offered_replacement(self) -> Service | None:
        """What replaces it now: its replacement, or the one that replaced that one when it was
        retired too, and so on, to the first still offered (``None`` if none is)."""
        seen, found = {self.id}, self.replaced_by
        while found is not None and found.retired_on is not None and found.id not in seen:
            seen.add(found.id)
            found = found.replaced_by
        return found if found is not None and found.retired_on is None else None

    offices: Mapped[list[Office]] = relationship(secondary=service_offices)
    steps: Mapped[list[Step]] = relationship(
        order_by="Step.position", cascade="all, delete-orphan", back_populates="service"
    )
    requirements: Mapped[list[Requirement]] = relationship(
        order_by="Requirement.position",
        cascade="all, delete-orphan",
        foreign_keys="Requirement.service_id",
        back_populates="service",
    )
    inspections: Mapped[list[Inspection]] = relationship(
        order_by="Inspection.position", cascade="all, delete-orphan", back_populates="service"
    )
    request_formats: Mapped[list[RequestFormat]] = relationship(
        order_by="RequestFormat.position", cascade="all, delete-orphan", back_populates="service"
    )
    # Read only: recordings are written one at a time (app/catalog/audio.py).
    recordings: Mapped[list[ServiceAudio]] = relationship(
        order_by="[ServiceAudio.language, ServiceAudio.part]", viewonly=True
    )

    @property
    def language_names(self) -> list:
        return [attention_languages().get(canonical(code), code) for code in self.languages]


event.listen(
    Service.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)
# The folded text stays in the row (not in the TOAST table with the long translated texts): a
# search checks it in every row the trigram index finds (migration e8b3d1f5a7c9).
event.listen(
    Service.__table__,
    "after_create",
    DDL("ALTER TABLE services ALTER COLUMN search_text SET STORAGE MAIN").execute_if(
        dialect="postgresql"
    ),
)


class FormerServiceSlug(db.Model):
    """An address key a service had before it was changed: links to the old address (shared,
    bookmarked, printed as a poster's QR codes) still lead to the service."""

    __tablename__ = "service_former_slugs"

    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )


class Requirement(db.Model):
    """A document or condition the applicant must present, in the order the office asks for it."""

    __tablename__ = "requirements"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[dict] = mapped_column(Translated)
    original: Mapped[bool] = mapped_column(default=False)  # the original must be shown
    copies: Mapped[int] = mapped_column(default=0)
    notes: Mapped[dict | None] = mapped_column(Translated)
    # Who issues the document when a third party does, and the institution's own procedure
    # that produces it, when it is one of ours.
    issuer: Mapped[dict | None] = mapped_column(Translated)
    produced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="SET NULL"), index=True
    )

    service: Mapped[Service] = relationship(
        foreign_keys=[service_id], back_populates="requirements"
    )
    produced_by: Mapped[Service | None] = relationship(foreign_keys=[produced_by_id])


class Step(db.Model):
    """One of the steps the applicant follows, in order."""

    __tablename__ = "steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    text: Mapped[dict] = mapped_column(Translated)

    service: Mapped[Service] = relationship(back_populates="steps")


class Inspection(db.Model):
    """An inspection or verification the authority may make to decide, and what it is for."""

    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    subject: Mapped[dict] = mapped_column(Translated)  # what is inspected
    purpose: Mapped[dict] = mapped_column(Translated)

    service: Mapped[Service] = relationship(back_populates="inspections")


class RequestFormat(db.Model):
    """An official form (formato) the applicant fills in."""

    __tablename__ = "request_formats"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[dict] = mapped_column(Translated)
    url: Mapped[str | None] = mapped_column(String(500))
    published_on: Mapped[date | None]  # the date the form was published (in the gazette)

    service: Mapped[Service] = relationship(back_populates="request_formats")


class AudioPart(LabeledEnum):
    """Which text of a service a recording reads aloud."""

    DESCRIPTION = "descripcion", _l("Descripción")
    REQUIREMENTS = "requisitos", _l("Requisitos")


class ServiceAudio(db.Model):
    """A recording of a service's description or requirements in one language, for people who
    read little or whose language is mostly spoken; its transcript is published beside it. The
    file lives outside static/ under a random name, checked by its content when uploaded."""

    __tablename__ = "service_audio"
    __table_args__ = (UniqueConstraint("service_id", "language", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(10))
    part: Mapped[AudioPart] = mapped_column(enum_type(AudioPart))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    seconds: Mapped[int]  # rounded up
    transcript: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    service: Mapped[Service] = relationship()
