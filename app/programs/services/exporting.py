"""Exporting a program in its CSV format: importing the files gives the same program."""

from __future__ import annotations

from pathlib import Path

from app.core.tabular import to_csv
from app.programs.models import Program
from app.programs.services.csv_format import FILES, FORMAT, LANGUAGE_CODES, format_number
from app.programs.services.reading import chronological, commitments_of


def _texts(name: str, value: dict | None) -> dict[str, str]:
    return {f"{name}_{code}": (value or {}).get(code, "") for code in LANGUAGE_CODES}


def export_files(program: Program) -> dict[str, str]:
    """The program in the import format: ``{file name: CSV text}``; importing these files
    gives the same program."""
    rows = export_rows(program)
    return {name: to_csv(FILES[name].header, rows[name]) for name in FILES}


def export_workbook(program: Program) -> bytes:
    """The program's files as one XLSX workbook, a sheet per file (``csv_format.FORMAT``)."""
    rows = export_rows(program)
    return FORMAT.write_workbook({name: (FILES[name].header, rows[name]) for name in FILES})


def export_rows(program: Program) -> dict[str, list[dict]]:
    """The rows of the program's files: ``{file name: rows}``."""
    institution = program.institution
    commitments = commitments_of(program)
    # The units the program names: the institution's other units are not the program's.
    units = sorted({c.responsible for c in commitments}, key=lambda unit: unit.id)
    mechanisms = [m for c in commitments for m in c.mechanisms]
    return {
        "program.csv": [
            {
                "slug": program.slug,
                "year": str(program.year),
                "institution_slug": institution.slug,
                "institution_acronym": institution.acronym or "",
                **_texts("institution_name", institution.name),
                **_texts("title", program.title),
                **_texts("summary", program.summary),
                **_texts("notice", program.notice),
            }
        ],
        "units.csv": [{"acronym": u.acronym, **_texts("name", u.name)} for u in units],
        "objectives.csv": [
            {"code": o.code, **_texts("short_name", o.short_name), **_texts("title", o.title)}
            for o in program.objectives
        ],
        "strategies.csv": [
            {"code": s.code, "objective": o.code, **_texts("title", s.title)}
            for o in program.objectives
            for s in o.strategies
        ],
        "action_lines.csv": [
            {"code": line.code, "strategy": s.code, **_texts("title", line.title)}
            for o in program.objectives
            for s in o.strategies
            for line in s.action_lines
        ],
        "commitments.csv": [
            {
                "code": c.code,
                "action_line": c.action_line.code,
                "responsible_unit": c.responsible.acronym,
                "type": c.type.value if c.type else "",
                **_texts("what", c.what),
                **_texts("what_for", c.what_for),
            }
            for c in commitments
        ],
        "mechanisms.csv": [
            {
                "code": m.code,
                "commitment": c.code,
                "kind": m.kind.value,
                "unit": m.unit.value if m.unit else "",
                "periodicity": m.periodicity.value,
                "comparator": m.comparator.value,
                "annual_target": format_number(m.annual_target),
                **_texts("name", m.name),
                **_texts("description", m.description),
            }
            for c in commitments
            for m in c.mechanisms
        ],
        "targets.csv": [
            {"mechanism": m.code, "period": str(t.period), "target": format_number(t.target)}
            for m in mechanisms
            for t in sorted(m.targets, key=lambda t: chronological(t.period))
        ],
        "progress.csv": [
            {
                "mechanism": m.code,
                "period": str(p.period),
                "value": format_number(p.value),
                "status": p.status.value if p.status else "",
                "evidence_url": p.evidence_url or "",
                "reported_on": p.reported_on.isoformat() if p.reported_on else "",
                "note": p.note or "",
                "revision": str(p.revision),
            }
            for m in mechanisms
            for p in sorted(m.progress, key=lambda p: chronological(p.period))
        ],
    }


def export_program(program: Program, directory: Path) -> list[Path]:
    """Write the program's files into ``directory`` (created if needed); their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in export_files(program).items():
        path = directory / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths
