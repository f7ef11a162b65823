"""Charter, CharterVersion, Commitment and Indicator definitions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import lru_cache

from sqlalchemy import Column, ForeignKey, Index, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from app.catalog.models import Dependency, Service
from app.core.lazy_text import lazy_gettext as _l
from app.core.types import LabeledEnum, Period, PeriodType, Translated, enum_type
from app.extensions import db
from app.staff.models import User


class CharterStatus(LabeledEnum):
    DRAFT = "draft", _l("Borrador")
    IN_REVIEW = "in_review", _l("En revisión")
    PUBLISHED = "published", _l("Publicada")
    ARCHIVED = "archived", _l("Archivada")


# Approved versions: in force, scheduled or replaced; the ones results are measured for (each
# within its validity dates). Drafts and versions in review are never measured nor public.
APPROVED_STATUSES = (CharterStatus.PUBLISHED, CharterStatus.ARCHIVED)


class StandardIndicator(LabeledEnum):
    """The five indicators every charter starts with (seed 001)."""

    SATISFACTION = "satisfaction", _l("Satisfacción del usuario")
    WAITING_TIME = "waiting_time", _l("Tiempo de espera")
    ATTENTION_TIME = "attention_time", _l("Tiempo de atención")
    REQUEST_RESPONSE = "request_response", _l("Tiempo de respuesta a una solicitud")
    FEEDBACK_RESPONSE = (
        "feedback_response",
        _l("Tiempo de respuesta a sugerencias, quejas y reclamaciones"),
    )


class IndicatorKind(LabeledEnum):
    SHARE_WITHIN = "share_within", _l("Porcentaje dentro del umbral")
    MEAN = "mean", _l("Promedio")
    COUNT = "count", _l("Conteo")
    DELIVERABLE = "deliverable", _l("Entregable")

    @property
    def counted(self) -> bool:
        """Whether its result is the numerator itself (no denominator divides it)."""
        return self in (IndicatorKind.COUNT, IndicatorKind.DELIVERABLE)


class Unit(LabeledEnum):
    PERCENT = "percent", _l("porcentaje")
    MINUTES = "minutes", _l("minutos")
    WORKING_DAYS = "working_days", _l("días hábiles")
    SCORE = "score", _l("calificación de 1 a 5")
    COUNT = "count", _l("casos")
    RATIO = "ratio", _l("razón")


class Comparator(LabeledEnum):
    AT_LEAST = "ge", _l("al menos")
    AT_MOST = "le", _l("como máximo")
    EQUAL = "eq", _l("igual a")

    def holds(self, value: Decimal, target: Decimal) -> bool:
        """Whether the exact ``value`` meets ``target`` (never a rounded one)."""
        if self is Comparator.AT_LEAST:
            return value >= target
        if self is Comparator.AT_MOST:
            return value <= target
        return value == target

    def rounded(self, value: Decimal, target: Decimal, places: int) -> Decimal:
        """``value`` to ``places`` decimals (more if ``target`` has more), rounded toward the
        comparator, so that the figure shown or stored meets ``target`` exactly when the exact
        value does: 89.95 % against "at least 90 %" is 89.9, never 90. Every result stored,
        shown, published or exported is rounded here."""
        step = _step(target, places)
        if self is Comparator.AT_LEAST or (self is Comparator.EQUAL and value < target):
            return value.quantize(step, rounding=ROUND_FLOOR)
        return value.quantize(step, rounding=ROUND_CEILING)


@lru_cache(maxsize=256)  # a recomputation rounds a hundred thousand results to a few targets
def _step(target: Decimal, places: int) -> Decimal:
    """The rounding step: ``places`` decimals, more if ``target`` has more."""
    return Decimal(1).scaleb(-max(places, -Decimal(target).normalize().as_tuple().exponent))


class Periodicity(LabeledEnum):
    MONTHLY = "monthly", _l("Mensual")
    QUARTERLY = "quarterly", _l("Trimestral")
    SEMIANNUAL = "semiannual", _l("Semestral")
    ANNUAL = "annual", _l("Anual")

    @property
    def period_kind(self) -> str:
        """The ``Period`` kind measured at this periodicity. Charter indicators are measured
        monthly, quarterly or annually; semesters exist only in work programs."""
        kinds = {"monthly": "M", "quarterly": "T", "annual": "A"}
        if self.value not in kinds:
            raise ValueError(f"charter results are not measured {self.value}")
        return kinds[self.value]


class Source(LabeledEnum):
    FEEDBACK = "feedback", _l("Sistema de sugerencias, quejas y reclamaciones")
    SURVEY = "survey", _l("Encuesta de satisfacción")
    MANUAL = "manual", _l("Medición manual")
    MYSTERY_SHOPPER = "mystery_shopper", _l("Cliente misterioso")
    ON_SITE_VISIT = "on_site_visit", _l("Visita in situ")


charter_services = Table(
    "charter_services",
    db.metadata,
    Column("charter_id", ForeignKey("charters.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    # A service's charters (its page, a claim's commitments): the key starts with the charter.
    Index("ix_charter_services_service_id", "service_id"),
)

# The services a version in preparation will cover, when they differ from its charter's: they
# replace the charter's on the day the version starts (``drafting.start_services``), so that a
# draft never changes what the public reads of the version in force.
version_services = Table(
    "charter_version_services",
    db.metadata,
    Column("version_id", ForeignKey("charter_versions.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class Charter(db.Model):
    """A citizen charter (carta compromiso) for one service or a group of services."""

    __tablename__ = "charters"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    title: Mapped[dict] = mapped_column(Translated)
    dependency_id: Mapped[int] = mapped_column(ForeignKey("dependencies.id"), index=True)
    # Saved title (translations, an import): a translators' form opened before is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    dependency: Mapped[Dependency] = relationship()
    services: Mapped[list[Service]] = relationship(secondary=charter_services, backref="charters")
    versions: Mapped[list[CharterVersion]] = relationship(
        back_populates="charter", order_by="CharterVersion.number", cascade="all, delete-orphan"
    )


class CharterVersion(db.Model):
    """One version of a charter's text; the public sees the latest published one."""

    __tablename__ = "charter_versions"
    __table_args__ = (
        UniqueConstraint("charter_id", "number"),
        # "Newest charters first" (home page) walks this index and stops after a few.
        Index("ix_charter_versions_published_on", "published_on"),
        # The versions started by a day, read from the index alone (PostgreSQL): the results
        # of all charters in force are summed on every home page.
        Index("ix_charter_versions_started", "status", "valid_from", postgresql_include=["id"]),
        # The approved versions of every charter, ranked per charter, from the index alone
        # (PostgreSQL): the results pages count each charter's latest version measured.
        Index(
            "ix_charter_versions_status",
            "status",
            "charter_id",
            "number",
            postgresql_include=["id", "valid_from", "valid_until"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charters.id", ondelete="CASCADE"))
    number: Mapped[int]
    status: Mapped[CharterStatus] = mapped_column(enum_type(CharterStatus))
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    published_on: Mapped[date | None]
    purpose: Mapped[dict] = mapped_column(Translated)
    rights: Mapped[dict] = mapped_column(Translated)
    obligations: Mapped[dict] = mapped_column(Translated)
    participation_channels: Mapped[dict] = mapped_column(Translated)
    compensation_measures: Mapped[dict] = mapped_column(Translated)
    responsible_unit: Mapped[dict] = mapped_column(Translated)
    certifier: Mapped[str | None] = mapped_column(String(200))  # UNE 93200 certification
    certified_on: Mapped[date | None]
    certification_expires: Mapped[date | None]
    # How to complain (quejas y reclamaciones); versions written before the workspace have none.
    complaint_procedure: Mapped[dict | None] = mapped_column(Translated)
    # How many times the draft was saved: a workspace form carries it (optimistic locking), and
    # an approval changes the row only if nobody decided on it first.
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")

    charter: Mapped[Charter] = relationship(back_populates="versions")
    proposed_services: Mapped[list[Service]] = relationship(secondary=version_services)
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="version", order_by="Commitment.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[CharterEvent]] = relationship(
        back_populates="version", order_by="CharterEvent.id", cascade="all, delete-orphan"
    )
    # How many commitments it has, where a list of versions reads it (``with_expression``).
    commitment_count: Mapped[int | None] = query_expression()

    @property
    def services(self) -> list[Service]:
        """The services the version covers: those it proposes, until it starts, else its
        charter's."""
        return self.proposed_services or self.charter.services


class CharterEventKind(LabeledEnum):
    CREATED = "created", _l("Creó el borrador")
    SUBMITTED = "submitted", _l("Envió a revisión")
    RETURNED = "returned", _l("Devolvió con comentarios")
    APPROVED = "approved", _l("Aprobó y publicó")
    ARCHIVED = "archived", _l("Archivada al iniciar la versión siguiente")


class CharterEvent(db.Model):
    """A step of a charter version's approval: who did what, when, with which comment."""

    __tablename__ = "charter_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("charter_versions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CharterEventKind] = mapped_column(enum_type(CharterEventKind))
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date | None]  # an approval: the day the version comes into force

    version: Mapped[CharterVersion] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()


class Commitment(db.Model):
    """A measurable promise of a charter (compromiso)."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("charter_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    text: Mapped[dict] = mapped_column(Translated)

    version: Mapped[CharterVersion] = relationship(back_populates="commitments")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="commitment", order_by="Indicator.position", cascade="all, delete-orphan"
    )


class Indicator(db.Model):
    """How a commitment is measured: formula, threshold, target and where the data comes from."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[dict] = mapped_column(Translated)
    standard: Mapped[StandardIndicator | None] = mapped_column(enum_type(StandardIndicator))
    kind: Mapped[IndicatorKind] = mapped_column(enum_type(IndicatorKind))
    numerator: Mapped[dict] = mapped_column(Translated)  # formula, in words
    denominator: Mapped[dict | None] = mapped_column(Translated)
    threshold: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    threshold_unit: Mapped[Unit | None] = mapped_column(enum_type(Unit, name="threshold_unit"))
    target: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    comparator: Mapped[Comparator] = mapped_column(enum_type(Comparator))
    unit: Mapped[Unit] = mapped_column(enum_type(Unit))  # unit of the value and the target
    periodicity: Mapped[Periodicity] = mapped_column(enum_type(Periodicity))
    source: Mapped[Source] = mapped_column(enum_type(Source))
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))

    commitment: Mapped[Commitment] = relationship(back_populates="indicators")
    revisions: Mapped[list[IndicatorRevision]] = relationship(
        back_populates="indicator",
        order_by="IndicatorRevision.starts",
        cascade="all, delete-orphan",
    )

    def in_force(self, period: Period) -> Indicator | IndicatorRevision:
        """The definition that judged ``period``: the latest revision started by then, or the
        indicator's original definition. Both carry the same definition attributes."""
        started = [r for r in self.revisions if r.starts.start <= period.start]
        return started[-1] if started else self

    @property
    def current(self) -> Indicator | IndicatorRevision:
        """The definition in force now (the latest revision, or the original one)."""
        return self.revisions[-1] if self.revisions else self


class IndicatorRevision(db.Model):
    """A change of an indicator's target, threshold or formula, in force from a period on.

    The indicator keeps its original definition; results of earlier periods stay judged by
    the definition in force then, and the public page notes the change.
    """

    __tablename__ = "indicator_revisions"
    __table_args__ = (UniqueConstraint("indicator_id", "starts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    starts: Mapped[Period] = mapped_column(PeriodType)
    numerator: Mapped[dict] = mapped_column(Translated)
    denominator: Mapped[dict | None] = mapped_column(Translated)
    threshold: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    threshold_unit: Mapped[Unit | None] = mapped_column(
        enum_type(Unit, name="revision_threshold_unit")
    )
    target: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    comparator: Mapped[Comparator] = mapped_column(enum_type(Comparator))
    note: Mapped[dict] = mapped_column(Translated)  # why it changed, shown to the public
    created_at: Mapped[datetime]

    indicator: Mapped[Indicator] = relationship(back_populates="revisions")
