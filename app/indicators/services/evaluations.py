"""Yearly evaluations (the UNE 93200 cycle): a charter's year gathered per commitment (results
per quarter, claims of a broken commitment and their remedies, improvement actions), the
quality unit's conclusion about each commitment, and the published revisions: frozen snapshots,
like the quarterly reports, that later data and later edits of the draft never change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.charters.models import (
    APPROVED_STATUSES,
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
)
from app.core.clock import utc_at, utcnow
from app.core.lazy_text import lazy_gettext as _l
from app.core.loading import latest_revisions
from app.core.pagination import written
from app.core.rules import RuleError
from app.core.types import Period
from app.extensions import db
from app.feedback.models import Feedback, FeedbackType
from app.indicators.models import (
    Conclusion,
    Evaluation,
    EvaluationDraft,
    ImprovementAction,
    Measurement,
    MeasurementStatus,
)
from app.indicators.services.outcomes import commitment_remedies, remedy_figures
from app.indicators.services.reports import action_entry, result_entry, version_numbered
from app.staff.models import User
from app.staff.services import audit

NO_CLAIMS = {"claimed": 0, "confirmed": 0, "remedied": 0}
SIMULTANEOUS = _l(
    "Otra persona guardó o publicó esta evaluación al mismo tiempo. Revise lo que quedó y vuelva "
    "a intentarlo."
)
# A conclusion other than keeping the commitment needs a note saying why and what instead.
EXPLAINED = (Conclusion.CHANGE_TARGET, Conclusion.REPLACE, Conclusion.WITHDRAW)


@dataclass
class CommitmentConclusion:
    """What the quality unit wrote about one commitment (either may still be missing)."""

    conclusion: Conclusion | None = None
    note: str | None = None


def conclusion_field(commitment_id: int) -> str:
    """The form field of a commitment's conclusion (``RuleError`` problems name it)."""
    return f"conclusion_{commitment_id}"


def note_field(commitment_id: int) -> str:
    """The form field of the note about a commitment's conclusion."""
    return f"nota_{commitment_id}"


def evaluated_version(charter_id: int, year: int) -> CharterVersion | None:
    """The charter version a year's evaluation is about: of those (published or archived) in
    force during the year, the one in force longest that year, the latest on a tie (a version
    that began on 15 December is not the year's: its predecessor's results are); ``None`` when
    the charter had none that year."""
    whole = Period(year)
    first_day, last_day = whole.start, whole.end - timedelta(days=1)
    spans = db.session.execute(
        select(CharterVersion.number, CharterVersion.valid_from, CharterVersion.valid_until)
        .where(CharterVersion.charter_id == charter_id)
        .where(CharterVersion.status.in_(APPROVED_STATUSES))
        .where(CharterVersion.valid_from <= last_day)
        .where(CharterVersion.valid_until.is_(None) | (CharterVersion.valid_until >= first_day))
    ).all()
    if not spans:
        return None

    def days_in_force(span) -> tuple[int, int]:
        number, start, end = span
        return ((min(end or last_day, last_day) - max(start, first_day)).days, number)

    number = max(spans, key=days_in_force)[0]
    return version_numbered(charter_id, number)


def evaluation_years(charter_id: int, today: date) -> list[int]:
    """The years a charter can be evaluated (those of its published or archived versions' validity
    up to the current one), newest first."""
    spans = db.session.execute(
        select(func.min(CharterVersion.valid_from), func.max(CharterVersion.valid_until))
        .where(CharterVersion.charter_id == charter_id)
        .where(CharterVersion.status != CharterStatus.DRAFT)
    ).one()
    first, last = spans
    if first is None:
        return []
    last_year = min(last.year if last else today.year, today.year)
    return list(range(last_year, first.year - 1, -1))


def _year_periods(year: int) -> list[Period]:
    """Every period within a year: the year, its quarters and its months."""
    whole = Period(year)
    return [whole, *Period.span(whole.start, whole.end - timedelta(days=1), "T"),
            *Period.span(whole.start, whole.end - timedelta(days=1), "M")]  # fmt: skip


def _claims_by_quarter(figures: dict[Period, dict], quarters: list[Period]) -> dict:
    """Claims per quarter (by code) and their total for the year, JSON-ready."""
    rows = {str(q): dict(figures.get(q, NO_CLAIMS)) for q in quarters}
    total = {key: sum(row[key] for row in rows.values()) for key in NO_CLAIMS}
    return {"quarters": rows, "total": total}


def assemble_evaluation(charter: Charter, year: int) -> dict:
    """A charter's year as it stands now, per commitment of the version evaluated: each
    indicator's results per quarter, the claims of a broken commitment and the remedies given,
    the improvement actions and their state; JSON-ready, without conclusions (a fixed number of
    queries)."""
    version = evaluated_version(charter.id, year)
    whole = Period(year)
    first_day, last_day = whole.start, whole.end - timedelta(days=1)
    quarters = Period.span(first_day, last_day, "T")
    commitments = version.commitments if version else []
    indicators = [i for c in commitments for i in c.indicators]
    measured = {
        (m.indicator_id, m.period): m
        for m in db.session.scalars(
            select(Measurement).where(
                Measurement.indicator_id.in_([i.id for i in indicators]),
                Measurement.period.in_(_year_periods(year)),
            )
        )
    }
    actions = db.session.scalars(
        select(ImprovementAction)
        .where(ImprovementAction.charter_id == charter.id)
        .where(
            ImprovementAction.period.in_(_year_periods(year))
            | (
                ImprovementAction.period.is_(None)
                & (ImprovementAction.created_at >= utc_at(whole.start))
                & (ImprovementAction.created_at < utc_at(whole.end))
            )
        )
        .options(selectinload(ImprovementAction.indicator))
        .order_by(ImprovementAction.id)
    ).all()
    per_commitment = commitment_remedies(charter.id, first_day, last_day)
    measured_from = max(first_day, version.valid_from) if version else first_day
    measured_until = min(last_day, version.valid_until or last_day) if version else last_day
    entries = []
    placed = set()
    for commitment in commitments:
        rows = []
        for indicator in commitment.indicators:
            kind = indicator.periodicity.period_kind
            periods = (
                Period.span(measured_from, measured_until, kind)
                if measured_from <= measured_until
                else []
            )
            results = []
            for p in periods:
                entry = result_entry(indicator, p, measured.get((indicator.id, p)))
                entry["quarter"] = None if p.kind == "A" else str(Period.quarter_of(p.start))
                results.append(entry)
            rows.append({
                "indicator_id": indicator.id, "name": indicator.name,
                "unit": indicator.unit.value, "periodicity": indicator.periodicity.value,
                "results": results,
            })  # fmt: skip
        judged = [r["status"] for row in rows for r in row["results"]]
        own = {i.id for i in commitment.indicators}
        mine = [a for a in actions if a.indicator_id in own]
        placed.update(a.id for a in mine)
        entries.append({
            "commitment_id": commitment.id, "position": commitment.position,
            "text": commitment.text, "indicators": rows,
            "met": judged.count(MeasurementStatus.MET.value),
            "not_met": judged.count(MeasurementStatus.NOT_MET.value),
            "results": len(judged),
            "claims": _claims_by_quarter(per_commitment.get(commitment.id, {}), quarters),
            "actions": [action_entry(a) for a in mine],
            "conclusion": None, "note": None,
        })  # fmt: skip
    return {
        "charter": {"slug": charter.slug, "title": charter.title},
        "version": version.number if version else None,
        "year": year,
        "quarters": [str(q) for q in quarters],
        "annual": any(i.periodicity.period_kind == "A" for i in indicators),
        "commitments": entries,
        "claims": _claims_by_quarter(remedy_figures(charter.id, first_day, last_day), quarters),
        "other_actions": [action_entry(a) for a in actions if a.id not in placed],
        "overall_note": None,
    }


def year_claims(charter_id: int, year: int, limit: int = 100) -> list[Feedback]:
    """The claims about the charter's commitments received in a year, with their remedy, for
    staff (the published evaluation keeps only their counts)."""
    return list(
        db.session.scalars(
            select(Feedback)
            .join(Commitment, Commitment.id == Feedback.commitment_id)
            .join(CharterVersion, CharterVersion.id == Commitment.version_id)
            .where(CharterVersion.charter_id == charter_id, Feedback.type == FeedbackType.CLAIM)
            .where(
                Feedback.received_on >= date(year, 1, 1),
                Feedback.received_on < date(year + 1, 1, 1),
            )
            .options(selectinload(Feedback.commitment))
            .order_by(Feedback.received_on, Feedback.id)
            .limit(written(limit))
        )
    )


def draft_of(charter_id: int, year: int) -> EvaluationDraft | None:
    """The quality unit's draft of a year's evaluation, if somebody saved one."""
    return db.session.scalar(select(EvaluationDraft).filter_by(charter_id=charter_id, year=year))


def draft_conclusions(draft: EvaluationDraft | None) -> dict[int, CommitmentConclusion]:
    """A draft's conclusions by commitment id."""
    saved = draft.conclusions if draft else {}
    return {
        int(key): CommitmentConclusion(
            Conclusion(value["conclusion"]) if value.get("conclusion") else None, value.get("note")
        )
        for key, value in saved.items()
    }


def _store_draft(
    charter: Charter,
    year: int,
    conclusions: dict[int, CommitmentConclusion],
    overall_note: str | None,
    by: User | None,
) -> EvaluationDraft:
    """Keep the conclusions about the evaluated version's commitments (others are ignored)."""
    version = evaluated_version(charter.id, year)
    known = {c.id for c in version.commitments} if version else set()
    draft = draft_of(charter.id, year) or EvaluationDraft(charter=charter, year=year)
    draft.conclusions = {
        str(commitment_id): {
            "conclusion": entry.conclusion.value if entry.conclusion else None,
            "note": entry.note or None,
        }
        for commitment_id, entry in conclusions.items()
        if commitment_id in known
    }
    draft.overall_note = overall_note or None
    draft.updated_at = utcnow()
    draft.updated_by = by
    db.session.add(draft)
    return draft


def save_draft(
    charter: Charter,
    year: int,
    conclusions: dict[int, CommitmentConclusion],
    overall_note: str | None,
    by: User | None,
    ip: str | None = None,
) -> EvaluationDraft:
    """Save the draft of a year's evaluation as it is, complete or not; audits and commits."""
    draft = _store_draft(charter, year, conclusions, overall_note, by)
    audit("evaluation.saved", by, target=charter, detail={"year": year}, ip=ip)
    _commit()
    return draft


def _commit() -> None:
    """Commit; when somebody else created the same draft or revision first (the unique
    constraints), roll back and say so: one wins, the other is told."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RuleError(SIMULTANEOUS) from None


def evaluation_revisions(charter_id: int, year: int) -> list[Evaluation]:
    """The published revisions of a charter's evaluation of a year, latest first."""
    return list(
        db.session.scalars(
            select(Evaluation)
            .where(Evaluation.charter_id == charter_id, Evaluation.year == year)
            .order_by(Evaluation.revision.desc())
        )
    )


def publication_problems(
    content: dict,
    conclusions: dict[int, CommitmentConclusion],
    overall_note: str | None,
    corrected: bool,
    reason: str | None,
    today: date,
) -> dict:
    """Why a year's evaluation cannot be published as it stands: ``{field: message}``, empty
    when it can."""
    problems: dict = {}
    if today < date(content["year"] + 1, 1, 1):
        problems[None] = _l("El año todavía no termina.")
    if not content["commitments"]:
        problems[None] = _l("Esta carta no tenía una versión vigente en el año.")
    for entry in content["commitments"]:
        given = conclusions.get(entry["commitment_id"]) or CommitmentConclusion()
        number = entry["position"]
        if given.conclusion is None:
            problems[conclusion_field(entry["commitment_id"])] = _l(
                "Elija una conclusión para el compromiso %(number)d.", number=number
            )
        elif given.conclusion in EXPLAINED and not given.note:
            problems[note_field(entry["commitment_id"])] = _l(
                "Escriba por qué se cambia la meta, se sustituye o se retira el compromiso "
                "%(number)d.",
                number=number,
            )
    if not overall_note:
        problems["nota_general"] = _l("Escriba la conclusión general de la evaluación.")
    if corrected and not reason:
        problems["motivo"] = _l("Una corrección necesita una nota que diga qué cambió.")
    return problems


def publish_evaluation(
    charter: Charter,
    year: int,
    conclusions: dict[int, CommitmentConclusion],
    overall_note: str | None,
    by: User | None,
    today: date,
    reason: str | None = None,
    ip: str | None = None,
) -> Evaluation:
    """Save the draft and freeze the year's evaluation with its conclusions, as ``by``
    (``None``: the system). A later publication of the same year is a correction and needs a
    ``reason``. Raises ``RuleError`` (nothing saved) while a conclusion, a note or the reason is
    missing or the year has not ended, or when somebody published the same revision first;
    audits and commits."""
    content = assemble_evaluation(charter, year)
    earlier = evaluation_revisions(charter.id, year)
    problems = publication_problems(
        content, conclusions, overall_note, bool(earlier), reason, today
    )
    if problems:
        raise RuleError(problems)
    _store_draft(charter, year, conclusions, overall_note, by)
    for entry in content["commitments"]:
        given = conclusions[entry["commitment_id"]]
        entry.update(conclusion=given.conclusion.value, note=given.note or None)
    content["overall_note"] = overall_note
    evaluation = Evaluation(
        charter=charter,
        year=year,
        revision=earlier[0].revision + 1 if earlier else 1,
        content=content,
        note=reason if earlier else None,
        published_at=utcnow(),
        published_by=by,
    )
    db.session.add(evaluation)
    audit(
        "evaluation.published",
        by,
        target=charter,
        detail={"year": year, "revision": evaluation.revision},
        ip=ip,
    )
    _commit()
    return evaluation


def evaluation_conclusions(charter: Charter, year: int) -> list[dict] | None:
    """The conclusions of a charter's published evaluation of a year (its latest revision), in
    the order of the commitments, for drafting the next version: per commitment its id,
    position and text, the ``Conclusion`` and the note. ``None`` while none is published."""
    revisions = evaluation_revisions(charter.id, year)
    if not revisions:
        return None
    return [
        {
            "commitment_id": entry["commitment_id"],
            "position": entry["position"],
            "text": entry["text"],
            "conclusion": Conclusion(entry["conclusion"]),
            "note": entry["note"],
        }
        for entry in revisions[0].content["commitments"]
    ]


# A charter's page reads them on every request: built once (see ``app.core.loading``).
_PUBLISHED = latest_revisions(Evaluation, "year")


def published_evaluations(charter_id: int) -> list[Evaluation]:
    """The latest revision of each published evaluation of a charter, newest year first."""
    return list(db.session.scalars(_PUBLISHED, {"charter": charter_id}))


def latest_evaluations(limit: int) -> list[Evaluation]:
    """The latest publications (evaluations and corrections) of every charter, newest first."""
    return list(
        db.session.scalars(
            select(Evaluation)
            .options(selectinload(Evaluation.charter))
            .order_by(Evaluation.published_at.desc(), Evaluation.id.desc())
            .limit(written(limit))
        )
    )
