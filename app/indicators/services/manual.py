"""What the quality team writes: results measured outside the system with their evidence,
changes of an indicator's definition, and improvement actions for unmet results.

Each write takes the person acting (``by``) and the client address for the audit log, checks
its rules (raising ``RuleError`` by form field), audits and commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from app.charters.checks import indicator_problems, out_of_range
from app.charters.models import (
    Charter,
    CharterVersion,
    Commitment,
    Indicator,
    IndicatorKind,
    IndicatorRevision,
    Source,
)
from app.core.clock import utcnow
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.core.types import Period
from app.extensions import db
from app.feedback import uploads
from app.indicators.models import (
    ActionOrigin,
    ActionStatus,
    ImprovementAction,
    Measurement,
    MeasurementStatus,
)
from app.indicators.services.engine import Result, evaluate, is_automatic, recompute, store
from app.staff.models import User
from app.staff.services import audit

MANUAL_SOURCES = (Source.MANUAL, Source.MYSTERY_SHOPPER, Source.ON_SITE_VISIT)


def entry_periods(indicator: Indicator, today: date) -> list[Period]:
    """The periods staff may record for an indicator, latest first: those of its periodicity
    within its charter version's validity, up to the current one (never the future)."""
    version = indicator.commitment.version
    last = min(version.valid_until or today, today)
    if version.valid_from > last:
        return []
    return Period.span(version.valid_from, last, indicator.periodicity.period_kind)[::-1]


LARGEST_RESULT = Decimal("9999999999.99")  # what a result's value column holds


def entry_problems(indicator: Indicator, numerator, denominator) -> dict[str, object]:
    """What is wrong with a manual result, by form field (the period is checked by its
    choices): a share or a mean needs cases; a share cannot count more cases than it has; a
    mean, a count or a deliverable must be possible in the indicator's unit (a score from 1 to
    5, never a negative number)."""
    if indicator.kind.counted:
        message = out_of_range(numerator, indicator.unit)
        return {"numerador": message} if message else {}
    if denominator is None or denominator <= 0:
        return {"denominador": _l("El denominador debe ser mayor que cero.")}
    if indicator.kind is IndicatorKind.SHARE_WITHIN:
        if numerator > denominator:
            return {"numerador": _l("El numerador no puede ser mayor que el denominador.")}
        return {}
    if numerator / denominator > LARGEST_RESULT:
        return {
            "denominador": _l(
                "Con ese denominador el promedio pasa de 10,000,000,000: revise las cifras."
            )
        }
    if message := out_of_range(numerator / denominator, indicator.unit):
        return {
            "numerador": _l(
                "El promedio (numerador entre denominador) no es posible: %(rule)s", rule=message
            )
        }
    return {}


@dataclass
class Evidence:
    """What backs a manual result: a note, a link, a file sent with the form (at least one)."""

    note: str | None = None
    url: str | None = None
    upload: FileStorage | None = None


def record_manual(
    indicator: Indicator,
    period: Period,
    numerator: Decimal,
    denominator: Decimal | None,
    source: Source,
    evidence: Evidence,
    by: User,
    today: date,
    ip: str | None = None,
) -> Measurement:
    """Record (or correct) a result measured outside the system, with its evidence; a period
    that has not ended yet stays provisional. Raises ``RuleError`` for figures that do not fit
    the indicator, a file refused or no evidence at all; audits and commits."""
    problems = entry_problems(indicator, numerator, denominator)
    checked = None
    if evidence.upload and evidence.upload.filename:
        try:
            checked = uploads.check(evidence.upload)
        except uploads.UploadError as error:
            problems["evidencia_archivo"] = str(error)
    if not (problems or evidence.note or evidence.url or checked):
        problems["evidencia_nota"] = _l("Deje una nota, un enlace o un archivo de evidencia.")
    if problems:
        raise RuleError(problems)  # before the file is stored
    file = uploads.keep_pending(checked) if checked else None
    audit(
        "measurement.recorded",
        by,
        target=indicator,
        detail=_recorded(indicator, period, numerator, denominator, file),
        ip=ip,
    )
    if indicator.kind.counted:
        denominator = None  # nothing divides a count: a number typed there is not published
    result = Result(numerator, denominator, provisional=today < period.end)
    measurement = store(
        indicator,
        period,
        result,
        source,
        recorded_by=by,
        evidence_note=evidence.note,
        evidence_url=evidence.url,
        evidence_file=file.stored_name if file else None,
        evidence_filename=file.original_name if file else None,
        evidence_content_type=file.content_type if file else None,
    )
    if file:
        uploads.keep(file)
    db.session.commit()
    return measurement


def _figures(numerator, denominator) -> dict:
    return {
        "numerator": str(numerator),
        "denominator": None if denominator is None else str(denominator),
    }


def _recorded(indicator, period, numerator, denominator, file) -> dict:
    """What the audit keeps of a recorded result: the period and figures, its evidence file,
    and what a correction replaced (figures, status and evidence file), which the result itself
    no longer shows."""
    detail = {"period": str(period), **_figures(numerator, denominator)}
    if file:
        detail["evidence_file"] = file.original_name
    previous = db.session.scalar(
        select(Measurement).filter_by(indicator_id=indicator.id, period=period)
    )
    if previous is not None:
        detail["replaced"] = {
            **_figures(previous.numerator, previous.denominator),
            "status": previous.status.value,
            "evidence_file": previous.evidence_filename,
            "evidence_stored": previous.evidence_file,
        }
    return detail


def record_evidence_download(measurement: Measurement, by: User, ip: str | None = None) -> None:
    """Note in the audit log that ``by`` downloaded a result's evidence file. Commits."""
    audit("measurement.evidence_downloaded", by, target=measurement, ip=ip)
    db.session.commit()


def revise_definition(
    indicator: Indicator,
    revision: IndicatorRevision,
    by: User,
    today: date,
    ip: str | None = None,
) -> None:
    """Put a new definition in force from ``revision.starts`` on (replacing a revision that
    started then) and judge again the results of the periods it covers. Raises ``RuleError``
    for a definition the drafting rules refuse (a percentage above 100, a score outside 1–5);
    audits and commits."""
    problems = revision_problems(indicator, revision)
    if problems:
        raise RuleError(problems)
    before = indicator.in_force(revision.starts)
    audit(
        "indicator.revised",
        by,
        target=indicator,
        detail={
            "starts": str(revision.starts),
            # What was in force from then on, and what is now: the history of a target.
            "before": _definition(before),
            "after": _definition(revision),
        },
        ip=ip,
    )
    for existing in list(indicator.revisions):
        if existing.starts == revision.starts:
            indicator.revisions.remove(existing)
    db.session.flush()
    revision.created_at = utcnow()
    indicator.revisions.append(revision)
    indicator.revisions.sort(key=lambda r: r.starts.start)
    db.session.flush()
    if is_automatic(indicator):
        recompute(today=today, charter_ids={indicator.commitment.version.charter_id})
        return
    later = db.session.scalars(
        select(Measurement).where(Measurement.indicator_id == indicator.id)
    ).all()
    for measurement in later:
        if measurement.period.start >= revision.starts.start:
            measurement.value, measurement.status = evaluate(
                indicator,
                measurement.period,
                Result(
                    measurement.numerator,
                    measurement.denominator,
                    provisional=today < measurement.period.end,
                ),
            )
    db.session.commit()


def _definition(definition) -> dict:
    """A definition's figures (an indicator's or a revision's), as the audit log keeps them."""
    return {
        "comparator": definition.comparator.value,
        "target": str(definition.target),
        "threshold": None if definition.threshold is None else str(definition.threshold),
        "threshold_unit": definition.threshold_unit and definition.threshold_unit.value,
        "numerator": definition.numerator,
        "denominator": definition.denominator,
    }


# The revision form's field for each figure a revision changes (where a rule's message goes).
REVISION_FIELDS = {"target": "valor_meta", "threshold": "umbral", "threshold_unit": "umbral"}


def revision_problems(indicator: Indicator, revision: IndicatorRevision) -> dict:
    """What the drafting rules refuse in a revised definition's figures, by form field: a
    target or threshold outside what its unit allows (the kind and unit stay as drafted)."""
    values = {
        "kind": indicator.kind,
        "unit": indicator.unit,
        "target": revision.target,
        "comparator": revision.comparator,
        "threshold": revision.threshold,
        "threshold_unit": revision.threshold_unit,
    }
    return {
        REVISION_FIELDS[attribute]: message
        for attribute, message in indicator_problems(values).items()
        if attribute in REVISION_FIELDS
    }


def unmet_without_action(charter_id: int, period: Period) -> list[Measurement]:
    """The unmet results of a charter in a quarter (its months and, in the fourth, the year)
    that have no improvement action or justification yet: they block the quarter's report,
    which counts the same periods."""
    covered = ImprovementAction.indicator_id == Measurement.indicator_id
    return list(
        db.session.scalars(
            select(Measurement)
            .join(Indicator)
            .join(Commitment)
            .join(CharterVersion)
            .where(CharterVersion.charter_id == charter_id)
            .where(Measurement.status == MeasurementStatus.NOT_MET)
            .where(Measurement.period.in_(period.counted_in()))
            .where(~exists().where(covered, ImprovementAction.period == Measurement.period))
            .options(selectinload(Measurement.indicator))
            .order_by(Measurement.period, Indicator.position)
        )
    )


@dataclass
class ActionPlan:
    """What staff write in an improvement action."""

    origin: ActionOrigin
    unmet: Measurement | None  # the unmet result it answers; none for a pattern of complaints
    cause: str
    action: str | None
    justification: str | None
    responsible: str | None
    due_on: date | None
    status: ActionStatus


def save_action(
    charter: Charter,
    action: ImprovementAction | None,
    plan: ActionPlan,
    by: User,
    ip: str | None = None,
) -> ImprovementAction:
    """Add an improvement action to a charter (``action`` is ``None``) or update one; a
    justification alone closes it as justified. An action the charter already has, word for
    word, is that one (the form sent twice), not a second. Audits and commits."""
    now = utcnow()
    if action is None:
        same = db.session.scalar(
            select(ImprovementAction).where(
                ImprovementAction.charter_id == charter.id,
                ImprovementAction.indicator_id == (plan.unmet.indicator.id if plan.unmet else None),
                ImprovementAction.period == (plan.unmet.period if plan.unmet else None),
                ImprovementAction.cause == plan.cause,
                ImprovementAction.action == plan.action,
                ImprovementAction.justification == plan.justification,
            )
        )
        if same is not None:
            return same
        action = ImprovementAction(charter=charter, created_at=now, created_by=by)
    action.origin = plan.origin
    action.indicator = plan.unmet.indicator if plan.unmet else None
    action.period = plan.unmet.period if plan.unmet else None
    action.cause, action.action = plan.cause, plan.action
    action.justification, action.responsible = plan.justification, plan.responsible
    action.due_on, action.status = plan.due_on, plan.status
    if action.justification and not action.action:
        action.status = ActionStatus.JUSTIFIED
    action.updated_at = now
    db.session.add(action)
    db.session.flush()  # the audit row names the action by its id
    audit("improvement_action.saved", by, target=action, detail={"charter": charter.slug}, ip=ip)
    db.session.commit()
    return action
