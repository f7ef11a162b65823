"""Importing a program from its CSV files: all or nothing, once ``validation`` finds no problem.

A program whose slug is stored is updated in place: each objective, strategy, action line,
commitment and mechanism is matched with the stored one by its code, so the same files imported
twice change nothing, and the progress staff recorded in the workspace stays with its mechanism
(the workspace is where it is corrected, with a note and the audit log)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.catalog.models import Dependency
from app.core.cache import clear_cache
from app.core.tabular import Stale, Summary
from app.extensions import db
from app.programs.models import (
    ActionLine,
    Mechanism,
    MechanismTarget,
    Objective,
    Program,
    ProgramCommitment,
    Progress,
    Strategy,
)
from app.programs.services.csv_format import ImportRefused
from app.programs.services.reading import commitments_of, load_program
from app.programs.services.validation import validate
from app.staff.models import User
from app.staff.services import audit

KINDS = (
    "programs",
    "objectives",
    "strategies",
    "action_lines",
    "commitments",
    "mechanisms",
    "targets",
    "progress",
)

# The values the files give each level (besides its code, parent and position).
PROGRAM_FIELDS = ("year", "title", "summary", "notice")
OBJECTIVE_FIELDS = ("short_name", "title")
TITLE = ("title",)
COMMITMENT_FIELDS = ("type", "what", "what_for")
MECHANISM_FIELDS = (
    "kind",
    "unit",
    "periodicity",
    "comparator",
    "annual_target",
    "name",
    "description",
)
PROGRESS_FIELDS = ("value", "status", "evidence_url", "reported_on", "note", "revision")


@dataclass
class Imported:
    """What an import did (or, in a dry run, would do): the program's slug, whether it is new,
    its counts in the files and the ``Summary`` of the rows created, changed and retired."""

    slug: str
    new: bool
    objectives: int
    commitments: int
    mechanisms: int
    summary: Summary


def import_program(
    files: dict[str, bytes],
    *,
    by: User | None = None,
    ip: str | None = None,
    dry_run: bool = False,
    expected: dict | None = None,
) -> Imported:
    """Import a program from its CSV files (by name) and commit; raises ``ImportRefused`` with
    every problem and imports nothing when anything is wrong. A stored program with the same
    slug is updated in place (see the module); what the files leave out is retired, except the
    progress recorded in the workspace, which an import never changes or removes. ``dry_run``
    changes nothing; ``Stale`` when ``expected`` (a ``Summary.plan``) is not what it would do.

    The institution and its units are ``Dependency`` rows (the units children of the
    institution, slugs ``<institution>-<acronym>``), so that staff scopes apply to the
    commitments of each unit: those of the catalog with these slugs, as the catalog has them,
    or new ones. The import is audited as ``programs.imported`` (``by`` who uploaded it).
    """
    parsed = validate(files)
    if parsed.problems:
        raise ImportRefused(parsed.problems)
    source = parsed.program
    summary = Summary(KINDS)
    with db.session.no_autoflush:
        stored = load_program(source.slug)
        new = stored is None
        program = stored or Program(slug=source.slug)
        if new:
            db.session.add(program)
            summary.note("created", "programs", source.slug)
        slug, acronym, name = parsed.institution
        institution = _dependency(slug, acronym, name, None)
        units = {
            acronym: _dependency(f"{slug}-{acronym.lower()}", acronym, name, institution)
            for acronym, name in parsed.units.items()
        }
        if _copy(program, source, PROGRAM_FIELDS, {"institution": institution}) and not new:
            summary.note("changed", "programs", source.slug)
        _apply(program, source, parsed.unit_of, units, summary)
    db.session.flush()
    _retire(program, source, summary)
    db.session.flush()
    imported = Imported(
        source.slug,
        new,
        len(source.objectives),
        len(commitments_of(source)),
        sum(len(c.mechanisms) for c in commitments_of(source)),
        summary,
    )
    if dry_run:
        db.session.rollback()
        return imported
    if expected is not None and summary.plan() != expected:
        db.session.rollback()
        raise Stale(summary)
    audit(
        "programs.imported",
        by,
        target=program,
        detail={"slug": program.slug, "replaced": not new,
                "commitments": imported.commitments, **summary.detail()},
        ip=ip,
    )  # fmt: skip
    db.session.commit()
    clear_cache()
    return imported


def _copy(target, source, fields, values: dict | None = None) -> bool:
    """Give ``target`` the ``fields`` of ``source`` and the ``values`` that differ (a related
    row compared as itself); whether any did."""
    changed = False
    given = {name: getattr(source, name) for name in fields} | (values or {})
    for name, value in given.items():
        current = getattr(target, name)
        if current is not value and current != value:
            setattr(target, name, value)
            changed = True
    return changed


def _place(item, parent_attribute: str, parent, position: int) -> bool:
    """Put a stored ``item`` under ``parent`` at ``position``; whether it moved."""
    moved = False
    if getattr(item, parent_attribute) is not parent:
        setattr(item, parent_attribute, parent)
        moved = True
    if item.position != position:
        item.position = position
        moved = True
    return moved


def _sync(summary, kind, stored: dict, source, fields, parent_attribute, parent, make, values=None):
    """The stored row of ``source``'s code, updated (or a new one from ``make()``), under
    ``parent`` at ``source``'s position."""
    item = stored.get(source.code)
    if item is None:
        item = make()
        item.code = source.code
        _copy(item, source, fields, values)
        _place(item, parent_attribute, parent, source.position)
        db.session.add(item)  # a backref does not add it
        summary.note("created", kind, source.code)
    elif _copy(item, source, fields, values) | _place(
        item, parent_attribute, parent, source.position
    ):
        summary.note("changed", kind, source.code)
    return item


def _apply(program: Program, source: Program, unit_of: dict, units: dict, summary) -> None:
    """Bring every level of ``program`` to what ``source`` (built from the files) holds."""
    objectives = {o.code: o for o in program.objectives}
    strategies = {s.code: s for o in program.objectives for s in o.strategies}
    lines = {a.code: a for s in strategies.values() for a in s.action_lines}
    commitments = {c.code: c for a in lines.values() for c in a.commitments}
    mechanisms = {m.code: m for c in commitments.values() for m in c.mechanisms}
    for o in source.objectives:
        objective = _sync(
            summary, "objectives", objectives, o, OBJECTIVE_FIELDS, "program", program, Objective
        )
        for s in o.strategies:
            strategy = _sync(summary, "strategies", strategies, s, TITLE, "objective", objective,
                             Strategy)  # fmt: skip
            for a in s.action_lines:
                line = _sync(summary, "action_lines", lines, a, TITLE, "strategy", strategy,
                             ActionLine)  # fmt: skip
                for c in a.commitments:
                    commitment = _sync(
                        summary, "commitments", commitments, c, COMMITMENT_FIELDS,
                        "action_line", line, lambda: ProgramCommitment(program=program),
                        {"responsible": units[unit_of[c.code]]},
                    )  # fmt: skip
                    for m in c.mechanisms:
                        mechanism = _sync(
                            summary, "mechanisms", mechanisms, m, MECHANISM_FIELDS,
                            "commitment", commitment, lambda: Mechanism(program=program),
                        )  # fmt: skip
                        _targets(mechanism, m, summary)
                        _progress(mechanism, m, summary)


def _targets(mechanism: Mechanism, source: Mechanism, summary) -> None:
    stored = {t.period: t for t in mechanism.targets}
    given = {t.period: t for t in source.targets}
    for period, target in given.items():
        name = f"{source.code} {period}"
        if period not in stored:
            mechanism.targets.append(MechanismTarget(period=period, target=target.target))
            summary.note("created", "targets", name)
        elif stored[period].target != target.target:
            stored[period].target = target.target
            summary.note("changed", "targets", name)
    for period, target in stored.items():
        if period not in given:
            mechanism.targets.remove(target)
            summary.note("retired", "targets", f"{source.code} {period}")


def _progress(mechanism: Mechanism, source: Mechanism, summary) -> None:
    """The files' progress of a mechanism; progress recorded in the workspace (it has a
    ``recorded_at``) is kept as it is, whether the files leave it out or differ."""
    stored = {p.period: p for p in mechanism.progress}
    given = {p.period: p for p in source.progress}
    for period, progress in given.items():
        name = f"{source.code} {period}"
        row = stored.get(period)
        if row is None:
            row = Progress(period=period)
            _copy(row, progress, PROGRESS_FIELDS)
            mechanism.progress.append(row)
            summary.note("created", "progress", name)
        elif row.recorded_at is not None:
            if any(getattr(row, f) != getattr(progress, f) for f in PROGRESS_FIELDS):
                summary.not_in_files["progress"] += 1
        elif _copy(row, progress, PROGRESS_FIELDS):
            summary.note("changed", "progress", name)
    for period, row in stored.items():
        if period in given:
            continue
        if row.recorded_at is not None:
            summary.not_in_files["progress"] += 1
        else:
            mechanism.progress.remove(row)
            summary.note("retired", "progress", f"{source.code} {period}")


def _retire(program: Program, source: Program, summary) -> None:
    """Delete what the files no longer have, deepest level first (once the rows kept are
    flushed under their new parents, so that none goes with a retired parent)."""
    codes = {
        "objectives": {o.code for o in source.objectives},
        "strategies": {s.code for o in source.objectives for s in o.strategies},
        "action_lines": {
            a.code for o in source.objectives for s in o.strategies for a in s.action_lines
        },
        "commitments": {c.code for c in commitments_of(source)},
        "mechanisms": {m.code for c in commitments_of(source) for m in c.mechanisms},
    }
    levels = (
        ("mechanisms", Mechanism, Mechanism.program_id == program.id),
        ("commitments", ProgramCommitment, ProgramCommitment.program_id == program.id),
        ("action_lines", ActionLine, ActionLine.strategy.has(Strategy.objective.has(
            Objective.program_id == program.id))),
        ("strategies", Strategy, Strategy.objective.has(Objective.program_id == program.id)),
        ("objectives", Objective, Objective.program_id == program.id),
    )  # fmt: skip
    for kind, model, belongs in levels:
        for item in db.session.scalars(select(model).where(belongs)):
            if item.code not in codes[kind]:
                # Its children retired at the level below are gone: read them again, or the
                # cascade would delete them a second time (0 rows, and SQLAlchemy warns).
                db.session.expire(item)
                if kind == "mechanisms":  # its progress goes with it, recorded here or not
                    for progress in item.progress:
                        summary.note("retired", "progress", f"{item.code} {progress.period}")
                db.session.delete(item)
                summary.note("retired", kind, item.code)
        db.session.flush()


def _dependency(slug: str, acronym: str, name: dict, parent: Dependency | None) -> Dependency:
    """The dependency with this slug: the catalog's as it is (its name, place in the tree and
    translations are the catalog's to change), or a new one with this name and acronym."""
    dependency = db.session.scalar(select(Dependency).where(Dependency.slug == slug))
    if dependency is None:
        dependency = Dependency(slug=slug, name=name, acronym=acronym, parent=parent)
        db.session.add(dependency)
    return dependency
