"""Quarterly reports: the draft of a charter's quarter assembled live (results, feedback,
survey and remedy figures, improvement actions), what blocks its publication, and the
published revisions, frozen snapshots that later data never change."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.charters.models import (
    APPROVED_STATUSES,
    Charter,
    CharterVersion,
    Commitment,
    Indicator,
    charter_services,
)
from app.core.clock import utc_at, utcnow
from app.core.i18n import tr_text
from app.core.lazy_text import lazy_gettext as _l
from app.core.pagination import written
from app.core.rules import RuleError
from app.core.templating import period_label
from app.core.types import Period
from app.extensions import db
from app.feedback.models import Feedback, FeedbackType, SurveyResponse
from app.indicators.models import ImprovementAction, Measurement, MeasurementStatus, Report
from app.indicators.services.engine import two_places
from app.indicators.services.manual import unmet_without_action
from app.indicators.services.outcomes import remedy_figures
from app.indicators.services.tallies import ANSWERED, DEFAULT_GOOD_SCORE, charter_items
from app.staff.models import User
from app.staff.services import audit


class ReportError(ValueError):
    """A report that cannot be published (yet), with the reasons staff read."""

    def __init__(self, problems: list):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _with_indicators(statement) -> CharterVersion | None:
    """The first version ``statement`` finds, with its commitments and indicators."""
    return db.session.scalar(
        statement.limit(written(1)).options(
            selectinload(CharterVersion.commitments)
            .selectinload(Commitment.indicators)
            .selectinload(Indicator.revisions)
        )
    )


def version_in(charter_id: int, period: Period) -> CharterVersion | None:
    """The charter version (published or archived) in force during a period, the latest one
    if two overlap it."""
    return _with_indicators(
        select(CharterVersion)
        .where(
            CharterVersion.charter_id == charter_id,
            CharterVersion.status.in_(APPROVED_STATUSES),
            CharterVersion.valid_from < period.end,
            (CharterVersion.valid_until.is_(None)) | (CharterVersion.valid_until >= period.start),
        )
        .order_by(CharterVersion.number.desc())
    )


def version_numbered(charter_id: int, number: int) -> CharterVersion | None:
    """A charter's version by its number, with its commitments and indicators."""
    return _with_indicators(
        select(CharterVersion).where(
            CharterVersion.charter_id == charter_id, CharterVersion.number == number
        )
    )


def feedback_figures(charter_id: int, period: Period) -> dict:
    """Feedback about a charter received in a period: by type, how many were answered, how many
    within their own deadline, and the mean working days to answer (one aggregate query). As
    the dashboard and the response-time indicator count them: every item is received; a
    compliment (it has no deadline) or a dismissed item is never answered, on time or late."""
    items = charter_items(
        (Feedback.id,),
        Feedback.received_on >= period.start,
        Feedback.received_on < period.end,
    )
    answered = Feedback.status.in_(ANSWERED) & (Feedback.type != FeedbackType.COMPLIMENT)
    rows = db.session.execute(
        select(
            Feedback.type,
            func.count(),
            func.count().filter(answered),
            func.count().filter(answered & (Feedback.response_days <= Feedback.due_days)),
            func.sum(Feedback.response_days).filter(answered),
        )
        .join(items, items.c.id == Feedback.id)
        .where(items.c.charter_id == charter_id)
        .group_by(Feedback.type)
    )
    by_type = {kind.value: {"received": 0, "answered": 0, "on_time": 0} for kind in FeedbackType}
    days = 0
    for kind, received, count, on_time, total in rows:
        by_type[kind.value] = {"received": received, "answered": count, "on_time": on_time}
        days += total or 0
    totals = {
        key: sum(row[key] for row in by_type.values())
        for key in ("received", "answered", "on_time")
    }
    mean = two_places(Decimal(days) / totals["answered"]) if totals["answered"] else None
    return {"by_type": by_type, **totals, "mean_days": None if mean is None else str(mean)}


def survey_figures(charter_id: int, period: Period) -> dict:
    """Survey responses about a charter's services in a period: how many, how many scored 4 or
    5, and the mean score."""
    count, good, total = db.session.execute(
        select(
            func.count(),
            func.count().filter(SurveyResponse.score >= DEFAULT_GOOD_SCORE),
            func.sum(SurveyResponse.score),
        )
        .join(charter_services, charter_services.c.service_id == SurveyResponse.service_id)
        .where(charter_services.c.charter_id == charter_id)
        .where(
            SurveyResponse.created_at >= utc_at(period.start),
            SurveyResponse.created_at < utc_at(period.end),
        )
    ).one()
    mean = two_places(Decimal(total) / count) if count else None
    return {
        "responses": count,
        "satisfied": good,
        "mean_score": None if mean is None else str(mean),
    }


def _decimal_text(value) -> str | None:
    return None if value is None else str(value)


def result_entry(indicator: Indicator, period: Period, measurement: Measurement | None) -> dict:
    """An indicator's result in a period as a published snapshot keeps it: the definition that
    judged it, the figures and the status (no data when nothing was measured)."""
    definition = indicator.in_force(period)
    return {
        "indicator_id": indicator.id,
        "commitment": indicator.commitment.text,
        "name": indicator.name,
        "period": str(period),
        "unit": indicator.unit.value,
        "comparator": definition.comparator.value,
        "target": _decimal_text(definition.target),
        "revised": definition is not indicator,
        "source": (measurement.source if measurement else indicator.source).value,
        "numerator": _decimal_text(measurement and measurement.numerator),
        "denominator": _decimal_text(measurement and measurement.denominator),
        "value": _decimal_text(measurement and measurement.value),
        "mean": _decimal_text(measurement and measurement.mean),
        "status": (measurement.status if measurement else MeasurementStatus.NO_DATA).value,
    }


def action_entry(action: ImprovementAction) -> dict:
    """An improvement action as a published snapshot keeps it."""
    return {
        "origin": action.origin.value,
        "indicator_id": action.indicator_id,
        "indicator": action.indicator.name if action.indicator else None,
        "period": _decimal_text(action.period),
        "cause": action.cause,
        "action": action.action,
        "justification": action.justification,
        "responsible": action.responsible,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status.value,
    }


def assemble_report(charter: Charter, period: Period) -> dict:
    """A quarter's report of a charter as it stands now (the draft): every result, the feedback,
    survey and remedy figures, and the improvement actions, as JSON-ready data."""
    version = version_in(charter.id, period)
    periods = period.counted_in()  # its months, and in the fourth quarter the year
    indicators = [i for c in version.commitments for i in c.indicators] if version else []
    measured = {
        (m.indicator_id, m.period): m
        for m in db.session.scalars(
            select(Measurement).where(
                Measurement.indicator_id.in_([i.id for i in indicators]),
                Measurement.period.in_(periods),
            )
        )
    }
    results = [
        result_entry(indicator, p, measured.get((indicator.id, p)))
        for indicator in indicators
        for p in periods
        if p.kind == indicator.periodicity.period_kind
    ]
    actions = db.session.scalars(
        select(ImprovementAction)
        .where(ImprovementAction.charter_id == charter.id)
        .where((ImprovementAction.period.in_(periods)) | (ImprovementAction.period.is_(None)))
        .order_by(ImprovementAction.id)
    )
    remedies = remedy_figures(charter.id, period.start, period.end - timedelta(days=1))
    return {
        "charter": {"slug": charter.slug, "title": charter.title},
        "version": version.number if version else None,
        "period": str(period),
        "results": results,
        "feedback": feedback_figures(charter.id, period),
        "surveys": survey_figures(charter.id, period),
        "remedies": remedies.get(period, {"claimed": 0, "confirmed": 0, "remedied": 0}),
        "actions": [action_entry(a) for a in actions],
    }


def publication_problems(charter: Charter, period: Period, content: dict, today: date) -> list:
    """Why a quarter's report cannot be published yet: the charter had no version in force
    then, the quarter has not ended, a result is still provisional, or an unmet result has no
    improvement action nor justification."""
    problems = []
    if content["version"] is None:
        # A frozen report of nothing could never be withdrawn, and would be listed publicly.
        problems.append(_l("Esta carta no tenía una versión vigente en el trimestre."))
    if today < period.end:
        problems.append(_l("El trimestre todavía no termina."))
    if any(r["status"] == MeasurementStatus.PROVISIONAL.value for r in content["results"]):
        problems.append(
            _l("Hay resultados provisionales: faltan casos por decidir. Recalcule cuando terminen.")
        )
    for measurement in unmet_without_action(charter.id, period):
        problems.append(
            _l(
                "«%(indicator)s» no cumplió su meta en %(period)s y no tiene acción de mejora "
                "ni justificación.",
                indicator=tr_text(measurement.indicator.name),
                period=period_label(measurement.period),
            )
        )
    return problems


def report_revisions(charter_id: int, period: Period) -> list[Report]:
    """The published revisions of a charter's report for a quarter, latest first."""
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.charter_id == charter_id, Report.period == period)
            .order_by(Report.revision.desc())
        )
    )


def corrected_since_published(charter_id: int) -> set[Period]:
    """The quarters whose latest published report no longer shows the charter's results: one
    of the results it counts was recorded again, or recomputed to other figures, after its
    publication. A published report never changes: the quality unit publishes a correction."""
    published = dict(
        db.session.execute(
            select(Report.period, func.max(Report.published_at))
            .where(Report.charter_id == charter_id)
            .group_by(Report.period)
        ).all()
    )
    if not published:
        return set()
    recorded = db.session.execute(
        select(Measurement.period, Measurement.recorded_at)
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .join(Commitment, Commitment.id == Indicator.commitment_id)
        .join(CharterVersion, CharterVersion.id == Commitment.version_id)
        .where(
            CharterVersion.charter_id == charter_id,
            Measurement.recorded_at > min(published.values()),
        )
    ).all()
    return {
        quarter
        for period, at in recorded
        if (quarter := period.results_quarter) in published and at > published[quarter]
    }


def publish_report(
    charter: Charter,
    period: Period,
    by: User | None,
    note: str | None,
    today: date,
    ip: str | None = None,
) -> Report:
    """Freeze the quarter's report as published, as ``by`` (``None``: the system); a later
    publication of the same quarter is a correction and needs a note saying what changed (and
    a change: the same publication sent again is the one already made). Raises ``ReportError``
    while the report cannot be published, ``RuleError`` for a correction without a note or
    without a change; audits and commits."""
    content = assemble_report(charter, period)
    problems = publication_problems(charter, period, content, today)
    if problems:
        raise ReportError(problems)
    earlier = report_revisions(charter.id, period)
    # As stored (JSON), to compare with the latest publication.
    content = json.loads(json.dumps(content))
    if earlier and earlier[0].content == content:
        if earlier[0].note == note:
            return earlier[0]  # the same publication sent twice (a double click)
        raise RuleError(
            _l("El informe no cambió desde su última publicación: no hay nada que corregir."),
            "nota",
        )
    if earlier and not note:
        raise RuleError(_l("Una corrección necesita una nota que diga qué cambió."), "nota")
    report = Report(
        charter=charter,
        period=period,
        revision=earlier[0].revision + 1 if earlier else 1,
        content=content,
        note=note if earlier else None,
        published_at=utcnow(),
        published_by=by,
    )
    db.session.add(report)
    audit("report.published", by, target=charter, detail={"period": str(period)}, ip=ip)
    db.session.commit()
    return report


def latest_reports(limit: int) -> list[Report]:
    """The latest publications (reports and corrections) of every charter, newest first."""
    return list(
        db.session.scalars(
            select(Report)
            .options(selectinload(Report.charter))
            .order_by(Report.published_at.desc(), Report.id.desc())
            .limit(written(limit))
        )
    )
