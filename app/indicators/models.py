"""Measurement, ImprovementAction and Report: what was measured, what was done about it, and
what was published."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.charters.models import Charter, Indicator, Source
from app.core.lazy_text import lazy_gettext as _l
from app.core.types import LabeledEnum, Period, PeriodType, Translated, enum_type
from app.extensions import db
from app.feedback.models import FeedbackType
from app.staff.models import User


class MeasurementStatus(LabeledEnum):
    MET = "met", _l("Cumplido")
    NOT_MET = "not_met", _l("No cumplido")
    NO_DATA = "no_data", _l("Sin datos")
    PROVISIONAL = "provisional", _l("Provisional")


class Measurement(db.Model):
    """An indicator's numerator, denominator, value and status for one period.

    Automatic sources (feedback, surveys) are recomputed by the system; the others are entered
    by staff with their evidence.
    """

    __tablename__ = "measurements"
    # The public pages read the results of all charters from QuarterCompliance, so this table
    # needs no index for them: each one would slow down the nightly rewrite of its results.
    __table_args__ = (
        UniqueConstraint("indicator_id", "period"),
        # The few provisional results, which every nightly run reads (``Stale.load``, and the
        # manual ones judged once their period ends), without reading all the others.
        Index(
            "ix_measurements_provisional",
            "indicator_id",
            "period",
            postgresql_include=["pending"],
            postgresql_where=text("status = 'provisional'"),
            sqlite_where=text("status = 'provisional'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    period: Mapped[Period] = mapped_column(PeriodType)
    numerator: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    denominator: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # The mean beside a share: mean working days to answer, mean score of 1 to 5.
    mean: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # Cases not yet decided (open items still within the threshold): the value may change.
    pending: Mapped[int | None]
    status: Mapped[MeasurementStatus] = mapped_column(enum_type(MeasurementStatus))
    source: Mapped[Source] = mapped_column(enum_type(Source))
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[dict | None] = mapped_column(Translated)
    # Evidence of a manual measurement, for staff and auditors.
    evidence_note: Mapped[str | None] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    evidence_file: Mapped[str | None] = mapped_column(String(64))  # stored name in uploads
    evidence_filename: Mapped[str | None] = mapped_column(String(255))
    evidence_content_type: Mapped[str | None] = mapped_column(String(100))

    indicator: Mapped[Indicator] = relationship()
    recorded_by: Mapped[User | None] = relationship()


def latest_result(measurements: list[Measurement]) -> Measurement | None:
    """The result shown as an indicator's latest, of its results newest first: a period just
    begun, without a case yet (provisional, no value), does not hide the one before."""
    for measurement in measurements:
        if measurement.status is not MeasurementStatus.PROVISIONAL or measurement.value is not None:
            return measurement
    return measurements[0] if measurements else None


class QuarterCompliance(db.Model):
    """How many of a charter version's indicators met their target, did not, had no data or are
    provisional in a quarter: the figures the home page, the results overview and the catalog
    read for thousands of charters at once. Derived from the measurements, and kept up to date
    with them (see ``app.indicators.services.results.refresh_quarter_compliance``)."""

    __tablename__ = "quarter_compliance"
    __table_args__ = (
        # A quarter's figures of every version, summed from the index alone (PostgreSQL).
        Index(
            "ix_quarter_compliance_period",
            "period",
            postgresql_include=["version_id", "met", "not_met", "no_data", "provisional"],
        ),
    )

    version_id: Mapped[int] = mapped_column(
        ForeignKey("charter_versions.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[Period] = mapped_column(PeriodType, primary_key=True)
    met: Mapped[int] = mapped_column(default=0)
    not_met: Mapped[int] = mapped_column(default=0)
    no_data: Mapped[int] = mapped_column(default=0)
    provisional: Mapped[int] = mapped_column(default=0)


class ResultsOverview(db.Model):
    """The one row of the home page's figures (``app.indicators.services.overview``): the
    quarter the results open on and how many indicators met their target, did not, had no data
    or are provisional in it. Counted again by every commit that changed results or charters,
    and true from ``counted_on`` until the day before ``valid_before``: the next quarter, or the
    start of a version published for a later day, when the same count could give another
    figure."""

    __tablename__ = "results_overview"

    id: Mapped[int] = mapped_column(primary_key=True)
    counted_on: Mapped[date]
    valid_before: Mapped[date]
    period: Mapped[Period | None] = mapped_column(PeriodType)
    met: Mapped[int] = mapped_column(default=0)
    not_met: Mapped[int] = mapped_column(default=0)
    no_data: Mapped[int] = mapped_column(default=0)
    provisional: Mapped[int] = mapped_column(default=0)


class ActionOrigin(LabeledEnum):
    UNMET_INDICATOR = "unmet_indicator", _l("Indicador no cumplido")
    COMPLAINT_PATTERN = "complaint_pattern", _l("Patrón de quejas")


class ActionStatus(LabeledEnum):
    PLANNED = "planned", _l("Programada")
    IN_PROGRESS = "in_progress", _l("En curso")
    DONE = "done", _l("Concluida")
    JUSTIFIED = "justified", _l("Justificada sin acción")


class ImprovementAction(db.Model):
    """Cause analysis and corrective action for an unmet indicator in a period or for a
    pattern of complaints; or a written justification of why no action is taken."""

    __tablename__ = "improvement_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charters.id"), index=True)
    origin: Mapped[ActionOrigin] = mapped_column(enum_type(ActionOrigin))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"), index=True)
    period: Mapped[Period | None] = mapped_column(PeriodType)
    cause: Mapped[str] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(Text)
    justification: Mapped[str | None] = mapped_column(Text)
    responsible: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None]
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    charter: Mapped[Charter] = relationship()
    indicator: Mapped[Indicator | None] = relationship()
    created_by: Mapped[User | None] = relationship()


class Report(db.Model):
    """A published quarterly report of a charter: an immutable snapshot.

    The draft is assembled live and is never stored; publishing freezes it. A correction is a
    new revision of the same charter and quarter with a public note; earlier revisions stay.
    """

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("charter_id", "period", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charters.id"), index=True)
    period: Mapped[Period] = mapped_column(PeriodType)
    revision: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)  # what a correction changed
    published_at: Mapped[datetime] = mapped_column(index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    charter: Mapped[Charter] = relationship()
    published_by: Mapped[User | None] = relationship()


class Conclusion(LabeledEnum):
    """What the quality unit concludes about a commitment after a year (UNE 93200)."""

    KEEP = "keep", _l("Mantener")
    CHANGE_TARGET = "change_target", _l("Cambiar la meta")
    REPLACE = "replace", _l("Sustituir")
    WITHDRAW = "withdraw", _l("Retirar")


class EvaluationDraft(db.Model):
    """The yearly evaluation of a charter as the quality unit prepares it: a conclusion and a
    note per commitment (``conclusions``: ``{commitment id: {"conclusion": code, "note": text}}``)
    and an overall note. It stays after publication, to prepare a correction."""

    __tablename__ = "evaluation_drafts"
    __table_args__ = (UniqueConstraint("charter_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charters.id"))
    year: Mapped[int]
    conclusions: Mapped[dict] = mapped_column(JSON)
    overall_note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    charter: Mapped[Charter] = relationship()
    updated_by: Mapped[User | None] = relationship()


class Evaluation(db.Model):
    """A published yearly evaluation of a charter: an immutable snapshot of the year's results,
    claims, remedies and improvement actions with the conclusions, like a ``Report``. A
    correction is a new revision with the reason for it; earlier revisions stay."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("charter_id", "year", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charters.id"), index=True)
    year: Mapped[int]
    revision: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)  # why a correction was published
    published_at: Mapped[datetime] = mapped_column(index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    charter: Mapped[Charter] = relationship()
    published_by: Mapped[User | None] = relationship()


class DashboardCounts:
    """Additive feedback figures of a group of items, kept up to date as items change (see
    ``app.indicators.services.dashboard_counts``): the dashboard adds up a few dozen rows instead
    of a million items. ``open_overdue`` counts open items due before ``DashboardState.as_of``;
    ``ratings`` and ``rating_points`` belong to the month the rated answer was given."""

    received: Mapped[int] = mapped_column(default=0)
    answered: Mapped[int] = mapped_column(default=0)
    on_time: Mapped[int] = mapped_column(default=0)
    late: Mapped[int] = mapped_column(default=0)  # answered or dismissed after the due date
    open: Mapped[int] = mapped_column(default=0)
    open_overdue: Mapped[int] = mapped_column(default=0)
    days: Mapped[int] = mapped_column(default=0)  # working days the answered items took
    reopened: Mapped[int] = mapped_column(default=0)
    ratings: Mapped[int] = mapped_column(default=0)
    rating_points: Mapped[int] = mapped_column(default=0)


class DashboardMonth(DashboardCounts, db.Model):
    """Figures of the items of a type received in a month by a dependency (0: none yet)."""

    __tablename__ = "dashboard_months"

    month: Mapped[date] = mapped_column(primary_key=True)  # its first day
    type: Mapped[FeedbackType] = mapped_column(enum_type(FeedbackType), primary_key=True)
    dependency_key: Mapped[int] = mapped_column(primary_key=True)


class DashboardTotal(DashboardCounts, db.Model):
    """Figures of the items of a type received in a month, all dependencies together."""

    __tablename__ = "dashboard_totals"

    month: Mapped[date] = mapped_column(primary_key=True)
    type: Mapped[FeedbackType] = mapped_column(enum_type(FeedbackType), primary_key=True)


class DashboardWindow(DashboardCounts, db.Model):
    """Figures of a dependency (0: none) over the twelve months the dashboard shows, which
    start at ``DashboardState.window_start``: its ranking of dependencies reads a row each."""

    __tablename__ = "dashboard_window"
    __table_args__ = (Index("ix_dashboard_window_ranking", "received", "dependency_key"),)

    dependency_key: Mapped[int] = mapped_column(primary_key=True)


class DashboardState(db.Model):
    """The one row saying what the dashboard's figures were counted for: open items due before
    ``as_of`` are overdue, and the window starts at ``window_start``. No row, or no ``as_of``:
    the figures were never counted (a new database, or items loaded in bulk)."""

    __tablename__ = "dashboard_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date | None]
    window_start: Mapped[date | None]


class IndicatorChange(db.Model):
    """A place and month whose automatic results some change made stale: a feedback item
    received that month for the service or commitment (its place before and after a move), or a
    survey response of the service. ``flask indicators recompute --changed`` recomputes the
    periods they touch and removes them; a full recomputation removes them all."""

    __tablename__ = "indicator_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Plain numbers, no foreign keys: the place may have been deleted since.
    service_id: Mapped[int | None]
    commitment_id: Mapped[int | None]
    month: Mapped[date]  # its first day
