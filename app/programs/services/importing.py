"""Importing a program from its CSV files: all or nothing, once ``validation`` finds no problem."""

from __future__ import annotations

from sqlalchemy import select

from app.catalog.models import Dependency
from app.extensions import db
from app.programs.models import Program
from app.programs.services.csv_format import ImportRefused, Problem
from app.programs.services.reading import commitments_of
from app.programs.services.validation import validate
from app.staff.services import audit


def import_program(files: dict[str, bytes], replace: bool = False) -> Program:
    """Import a program from its CSV files (by name) and commit; raises ``ImportRefused`` with
    every problem and imports nothing when anything is wrong. An existing program with the same
    slug is refused unless ``replace``, which deletes it (with its progress) first.

    The institution and its units are ``Dependency`` rows (the units children of the
    institution, slugs ``<institution>-<acronym>``), so that staff scopes apply to the
    commitments of each unit: those of the catalog with these slugs, as the catalog has them,
    or new ones. The import is audited as ``programs.imported``.
    """
    parsed = validate(files)
    program, problems = parsed.program, parsed.problems
    existing = None
    if not problems:
        existing = db.session.scalar(select(Program).where(Program.slug == program.slug))
        if existing is not None and not replace:
            problems.append(
                Problem("program.csv", 2, f"program {program.slug!r} exists (use --replace)")
            )
    if problems:
        raise ImportRefused(problems)
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
    slug, acronym, name = parsed.institution
    institution = _dependency(slug, acronym, name, None)
    units = {
        acronym: _dependency(f"{slug}-{acronym.lower()}", acronym, name, institution)
        for acronym, name in parsed.units.items()
    }
    program.institution = institution
    commitments = commitments_of(program)
    for commitment in commitments:
        commitment.program = program
        commitment.responsible = units[parsed.unit_of[commitment.code]]
        for mechanism in commitment.mechanisms:
            mechanism.program = program
    db.session.add(program)
    db.session.flush()  # the audit row names the program by its id
    audit(
        "programs.imported",
        target=program,
        detail={"slug": program.slug, "replaced": existing is not None,
                "commitments": len(commitments)},
    )  # fmt: skip
    db.session.commit()
    return program


def _dependency(slug: str, acronym: str, name: dict, parent: Dependency | None) -> Dependency:
    """The dependency with this slug: the catalog's as it is (its name, place in the tree and
    translations are the catalog's to change), or a new one with this name and acronym."""
    dependency = db.session.scalar(select(Dependency).where(Dependency.slug == slug))
    if dependency is None:
        dependency = Dependency(slug=slug, name=name, acronym=acronym, parent=parent)
        db.session.add(dependency)
    return dependency
