"""Program → Objective → Strategy → ActionLine → ProgramCommitment → Mechanism → Progress."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalog.models import Dependency
from app.charters.models import Comparator, Periodicity, Unit
from app.core.lazy_text import lazy_gettext as _l
from app.core.types import LabeledEnum, Period, PeriodType, Translated, enum_type
from app.extensions import db
from app.staff.models import User


class CommitmentType(LabeledEnum):
    """Cuadro 1 of the PAT: processes that deliver services, or progress towards objectives."""

    MANAGEMENT = "gestion", _l("Gestión")
    RESULTS = "resultados", _l("Resultados")


class MechanismKind(LabeledEnum):
    INDICATOR = "indicator", _l("Indicador")
    DELIVERABLE = "deliverable", _l("Entregable")


class DeliverableStatus(LabeledEnum):
    PENDING = "pending", _l("Sin iniciar")
    IN_PROGRESS = "in_progress", _l("En proceso")
    DELIVERED = "delivered", _l("Entregado")
    DELAYED = "delayed", _l("Con retraso")


class Track(LabeledEnum):
    """Whether a mechanism's latest progress reaches the target of its period."""

    ON_TRACK = "on_track", _l("En meta")
    OFF_TRACK = "off_track", _l("Fuera de meta")
    NO_DATA = "no_data", _l("Sin avance reportado")


class Program(db.Model):
    """An institution's work program for a year (e.g. IMSS-BIENESTAR's PAT 2024)."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    year: Mapped[int]
    institution_id: Mapped[int] = mapped_column(ForeignKey("dependencies.id"), index=True)
    title: Mapped[dict] = mapped_column(Translated)
    summary: Mapped[dict] = mapped_column(Translated)
    notice: Mapped[dict | None] = mapped_column(Translated)  # e.g. "progress is illustrative"

    institution: Mapped[Dependency] = relationship()
    objectives: Mapped[list[Objective]] = relationship(
        back_populates="program", order_by="Objective.position", cascade="all, delete-orphan"
    )


class Objective(db.Model):
    __tablename__ = "program_objectives"
    __table_args__ = (UniqueConstraint("program_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    short_name: Mapped[dict] = mapped_column(Translated)
    title: Mapped[dict] = mapped_column(Translated)

    program: Mapped[Program] = relationship(back_populates="objectives")
    strategies: Mapped[list[Strategy]] = relationship(
        back_populates="objective", order_by="Strategy.position", cascade="all, delete-orphan"
    )


class Strategy(db.Model):
    __tablename__ = "program_strategies"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("program_objectives.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    title: Mapped[dict] = mapped_column(Translated)

    objective: Mapped[Objective] = relationship(back_populates="strategies")
    action_lines: Mapped[list[ActionLine]] = relationship(
        back_populates="strategy", order_by="ActionLine.position", cascade="all, delete-orphan"
    )


class ActionLine(db.Model):
    __tablename__ = "program_action_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("program_strategies.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    title: Mapped[dict] = mapped_column(Translated)

    strategy: Mapped[Strategy] = relationship(back_populates="action_lines")
    commitments: Mapped[list[ProgramCommitment]] = relationship(
        back_populates="action_line",
        order_by="ProgramCommitment.position",
        cascade="all, delete-orphan",
    )


class ProgramCommitment(db.Model):
    """A work commitment: what is done, what for, and which unit answers for it."""

    __tablename__ = "program_commitments"
    __table_args__ = (UniqueConstraint("program_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept next to the action line so that codes are unique and filters need no joins.
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    action_line_id: Mapped[int] = mapped_column(
        ForeignKey("program_action_lines.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    what: Mapped[dict] = mapped_column(Translated)
    what_for: Mapped[dict | None] = mapped_column(Translated)
    type: Mapped[CommitmentType | None] = mapped_column(enum_type(CommitmentType))
    responsible_id: Mapped[int] = mapped_column(ForeignKey("dependencies.id"), index=True)

    program: Mapped[Program] = relationship()
    action_line: Mapped[ActionLine] = relationship(back_populates="commitments")
    responsible: Mapped[Dependency] = relationship()
    mechanisms: Mapped[list[Mechanism]] = relationship(
        back_populates="commitment", order_by="Mechanism.position", cascade="all, delete-orphan"
    )


class Mechanism(db.Model):
    """How a commitment is followed: an indicator (a value) or a deliverable (a status)."""

    __tablename__ = "program_mechanisms"
    __table_args__ = (UniqueConstraint("program_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("program_commitments.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    kind: Mapped[MechanismKind] = mapped_column(enum_type(MechanismKind))
    name: Mapped[dict] = mapped_column(Translated)
    description: Mapped[dict] = mapped_column(Translated)  # the formula or the deliverable
    unit: Mapped[Unit | None] = mapped_column(enum_type(Unit))  # None: "no aplica"
    periodicity: Mapped[Periodicity] = mapped_column(enum_type(Periodicity))
    comparator: Mapped[Comparator] = mapped_column(enum_type(Comparator))
    annual_target: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    program: Mapped[Program] = relationship()
    commitment: Mapped[ProgramCommitment] = relationship(back_populates="mechanisms")
    targets: Mapped[list[MechanismTarget]] = relationship(
        back_populates="mechanism", order_by="MechanismTarget.period", cascade="all, delete-orphan"
    )
    progress: Mapped[list[Progress]] = relationship(
        back_populates="mechanism", order_by="Progress.period", cascade="all, delete-orphan"
    )


class MechanismTarget(db.Model):
    """An intermediate target: what the mechanism should reach by the end of a period."""

    __tablename__ = "program_targets"
    __table_args__ = (UniqueConstraint("mechanism_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(
        ForeignKey("program_mechanisms.id", ondelete="CASCADE")
    )
    period: Mapped[Period] = mapped_column(PeriodType)
    target: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    mechanism: Mapped[Mechanism] = relationship(back_populates="targets")


class Progress(db.Model):
    """A mechanism's progress in a period: a value (indicator) or a status with evidence
    (deliverable)."""

    __tablename__ = "program_progress"
    __table_args__ = (UniqueConstraint("mechanism_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(
        ForeignKey("program_mechanisms.id", ondelete="CASCADE")
    )
    period: Mapped[Period] = mapped_column(PeriodType)
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    status: Mapped[DeliverableStatus | None] = mapped_column(enum_type(DeliverableStatus))
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    reported_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(String(1000))
    # 1 for the first report of the period; each correction adds one (the audit log keeps the
    # values it replaced) and the public page says that the progress was corrected.
    revision: Mapped[int] = mapped_column(default=1)
    recorded_at: Mapped[datetime | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    mechanism: Mapped[Mechanism] = relationship(back_populates="progress")
    recorded_by: Mapped[User | None] = relationship()
