"""Work programs as open data (``/api/v1/programs``): the list, and a program's tree with its
targets, progress, tracks and summary figures."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog.models import Dependency
from app.programs.models import Mechanism, Objective, Program
from app.programs.services.csv_format import format_number
from app.programs.services.reading import breakdowns, chronological, latest_progress, track


def programs_query():
    """All programs, newest year first (a statement, for pagination)."""
    return (
        select(Program)
        .options(selectinload(Program.institution))
        .order_by(Program.year.desc(), Program.slug)
    )


def program_data(program: Program) -> dict:
    """The program as open data: its tree with targets, latest progress and track per
    mechanism, and its summary figures."""

    def mechanism(m: Mechanism) -> dict:
        latest = latest_progress(m)
        return {
            "code": m.code,
            "kind": m.kind.value,
            "name": m.name,
            "description": m.description,
            "unit": m.unit.value if m.unit else None,
            "periodicity": m.periodicity.value,
            "comparator": m.comparator.value,
            "annual_target": format_number(m.annual_target),
            "intermediate_targets": {str(t.period): format_number(t.target) for t in m.targets},
            "progress": [
                {
                    "period": str(p.period),
                    "value": format_number(p.value) or None,
                    "status": p.status.value if p.status else None,
                    "evidence_url": p.evidence_url,
                    "reported_on": p.reported_on.isoformat() if p.reported_on else None,
                    "track": track(m, p).value,
                    "corrected": p.revision > 1,
                }
                for p in sorted(m.progress, key=lambda p: chronological(p.period))
            ],
            "latest_track": track(m, latest).value,
        }

    figures = breakdowns(program)

    def label(item) -> str:
        if item is None:
            return "unknown"
        if isinstance(item, Objective):
            return item.code
        if isinstance(item, Dependency):
            return item.acronym
        return item.value

    return {
        "slug": program.slug,
        "year": program.year,
        "title": program.title,
        "summary": program.summary,
        "notice": program.notice,
        "institution": {"name": program.institution.name, "acronym": program.institution.acronym},
        "summary_figures": {
            key: {label(item): count for item, count in figure.rows}
            for key, figure in figures.items()
        },
        "objectives": [
            {
                "code": o.code,
                "short_name": o.short_name,
                "title": o.title,
                "strategies": [
                    {
                        "code": s.code,
                        "title": s.title,
                        "action_lines": [
                            {
                                "code": line.code,
                                "title": line.title,
                                "commitments": [
                                    {
                                        "code": c.code,
                                        "what": c.what,
                                        "what_for": c.what_for,
                                        "type": c.type.value if c.type else None,
                                        "responsible_unit": c.responsible.acronym,
                                        "mechanisms": [mechanism(m) for m in c.mechanisms],
                                    }
                                    for c in line.commitments
                                ],
                            }
                            for line in s.action_lines
                        ],
                    }
                    for s in o.strategies
                ],
            }
            for o in program.objectives
        ],
    }
