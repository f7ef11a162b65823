"""Progress entry by staff: the mechanisms a person may update, and recording (or correcting)
the progress of a period."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.clock import utcnow
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.core.types import Period
from app.extensions import db
from app.programs.models import (
    DeliverableStatus,
    Mechanism,
    MechanismKind,
    Program,
    ProgramCommitment,
    Progress,
)
from app.programs.services.reading import commitments_of
from app.staff.models import User
from app.staff.services import audit


def mechanisms_in_scope(program: Program, scope: set[int] | None) -> list[Mechanism]:
    """The program's mechanisms whose commitment's unit is in ``scope`` (``None``: all)."""
    return [
        m
        for c in commitments_of(program)
        if scope is None or c.responsible_id in scope
        for m in c.mechanisms
    ]


def find_mechanism(program_slug: str, code: str, scope: set[int] | None) -> Mechanism | None:
    """A mechanism by program and code, if its unit is in ``scope``; ``None`` otherwise."""
    statement = (
        select(Mechanism)
        .join(Program, Program.id == Mechanism.program_id)
        .join(ProgramCommitment, ProgramCommitment.id == Mechanism.commitment_id)
        .where(Program.slug == program_slug, Mechanism.code == code)
        .options(
            selectinload(Mechanism.progress).selectinload(Progress.recorded_by),
            selectinload(Mechanism.targets),
            selectinload(Mechanism.commitment).selectinload(ProgramCommitment.responsible),
        )
    )
    if scope is not None:
        statement = statement.where(ProgramCommitment.responsible_id.in_(scope))
    return db.session.scalar(statement)


def _problems(
    mechanism: Mechanism, period: Period, value: Decimal | None, status: DeliverableStatus | None
) -> dict[str, str]:
    """Why this progress cannot be recorded, by form field."""
    problems = {}
    year = db.session.scalar(select(Program.year).where(Program.id == mechanism.program_id))
    if period.year != year:
        problems["periodo"] = _l("El periodo debe ser del año del programa (%(year)d).", year=year)
    if mechanism.kind is MechanismKind.INDICATOR and value is None:
        problems["valor"] = _l("Escriba el valor alcanzado (un número).")
    if mechanism.kind is MechanismKind.DELIVERABLE and status is None:
        problems["estado"] = _l("Elija el estado del entregable.")
    return problems


class ChangedMeanwhile(RuleError):
    """The progress of the period was corrected after the form showed it, or reported while
    the form showed none (``shown`` false)."""

    def __init__(self, progress: Progress, shown: bool = True):
        message = (
            _l(
                "Alguien más corrigió este avance mientras usted lo editaba (ahora va en la "
                "revisión %(revision)d). Revise el valor guardado; para reemplazarlo, envíe de "
                "nuevo.",
                revision=progress.revision,
            )
            if shown
            else _l(
                "Este periodo ya tiene un avance registrado (revisión %(revision)d) que el "
                "formulario no mostraba. Revise el valor guardado; para reemplazarlo, explique "
                "en la nota por qué lo corrige y envíe de nuevo.",
                revision=progress.revision,
            )
        )
        super().__init__(message, field="valor")
        self.progress = progress


def record_progress(
    mechanism: Mechanism,
    period: Period,
    *,
    value: Decimal | None,
    status: DeliverableStatus | None,
    evidence_url: str | None,
    reported_on: date | None,
    note: str | None,
    by: User,
    ip: str | None = None,
    now: datetime | None = None,
    seen: str | None = None,
) -> Progress:
    """Record the progress of a mechanism in a period, audit it and commit. Progress already
    reported for the period is corrected: a new revision that needs a note saying why, while
    the audit log keeps the values it replaces.

    Raises ``RuleError`` for a period outside the program's year, an indicator without a value,
    a deliverable without a status, or a correction without a note; ``ChangedMeanwhile`` when
    ``seen`` (``"period:revision"`` of the progress the form showed) is not the stored one.
    """
    if problems := _problems(mechanism, period, value, status):
        raise RuleError(problems)
    progress = next((p for p in mechanism.progress if p.period == period), None)
    if progress is not None and (
        progress.value,
        progress.status,
        progress.evidence_url,
        progress.reported_on,
        progress.note,
    ) == (
        value,
        status if mechanism.kind is MechanismKind.DELIVERABLE else None,
        evidence_url or None,
        reported_on,
        note or None,
    ):
        return progress  # the same form sent twice (a double click): nothing to correct
    # The form's ``seen``: the progress it showed, empty when it showed none for the period.
    shown_period, _colon, shown_revision = (seen or "").partition(":")
    if seen is not None and progress is not None and shown_period in ("", str(period)):
        if shown_revision != str(progress.revision):
            raise ChangedMeanwhile(progress, shown=bool(shown_period))
    before = _progress_detail(progress) if progress else None
    if progress is None:
        progress = Progress(period=period, revision=1)
        mechanism.progress.append(progress)
    elif not note:
        raise RuleError(
            _l("Explique en la nota por qué corrige el avance de este periodo."), field="nota"
        )
    else:
        progress.revision += 1
    progress.value = value
    progress.status = status if mechanism.kind is MechanismKind.DELIVERABLE else None
    progress.evidence_url = evidence_url or None
    progress.reported_on = reported_on
    progress.note = note or None
    progress.recorded_at = now or utcnow()
    progress.recorded_by = by
    detail = {"mechanism": mechanism.code, "after": _progress_detail(progress)}
    if before:
        detail["before"] = before
    audit("program.progress_recorded", by, target=mechanism, detail=detail, ip=ip)
    db.session.commit()
    return progress


def _progress_detail(progress: Progress) -> dict:
    return {
        "period": str(progress.period),
        "value": None if progress.value is None else str(progress.value),
        "status": progress.status.value if progress.status else None,
        "evidence_url": progress.evidence_url,
        "reported_on": progress.reported_on.isoformat() if progress.reported_on else None,
        "note": progress.note,
        "revision": progress.revision,
    }
