"""The Table Schemas of a work program's CSV files (the import format, ``csv_format.FILES``),
for the open data's Data Package: one resource per file of each program."""

from __future__ import annotations

from sqlalchemy import select

from app.charters.models import Comparator, Periodicity, Unit
from app.core.i18n import LANGUAGES
from app.extensions import db
from app.programs.models import CommitmentType, DeliverableStatus, MechanismKind, Program
from app.programs.services.csv_format import FILES


def _values(enum, optional: bool = False) -> dict:
    return {"enum": [member.value for member in enum]} | ({} if optional else {"required": True})


PERIOD = {"pattern": r"[0-9]{4}(-T[1-4]|-M(0[1-9]|1[0-2]))?", "required": True}
# Per column: its type, description and constraints; translated fields are described once.
COLUMNS: dict[str, tuple[str, str, dict]] = {
    "slug": ("string", "Stable name of the program in the site's addresses.", {"required": True}),
    "year": ("integer", "Year of the program.", {"required": True}),
    "institution_slug": ("string", "Slug of the institution that runs the program.", {}),
    "institution_acronym": ("string", "Acronym of that institution.", {}),
    "institution_name": ("string", "Name of the institution.", {}),
    "title": ("string", "Title.", {}),
    "summary": ("string", "Summary.", {}),
    "notice": ("string", "A notice about the data (e.g. progress is illustrative).", {}),
    "acronym": ("string", "Acronym of the responsible unit.", {"required": True}),
    "name": ("string", "Name.", {}),
    "code": ("string", "Code, unique in the file.", {"required": True}),
    "short_name": ("string", "Short name.", {}),
    "objective": ("string", "Code of the objective.", {"required": True}),
    "strategy": ("string", "Code of the strategy.", {"required": True}),
    "action_line": ("string", "Code of the action line.", {"required": True}),
    "responsible_unit": ("string", "Acronym of the responsible unit.", {}),
    "type": ("string", "Management (gestion) or results (resultados); empty: not specified.",
             _values(CommitmentType, optional=True)),
    "what": ("string", "What is committed.", {}),
    "what_for": ("string", "What it is for.", {}),
    "commitment": ("string", "Code of the commitment.", {"required": True}),
    "kind": ("string", "Indicator or deliverable.", _values(MechanismKind)),
    "unit": ("string", "Unit of measure; empty: does not apply.", _values(Unit, optional=True)),
    "periodicity": ("string", "How often progress is reported.", _values(Periodicity)),
    "comparator": ("string", "How a value meets the target: at least (ge), at most (le), equal.",
                   _values(Comparator)),
    "annual_target": ("number", "Annual target.", {"required": True}),
    "description": ("string", "The formula of the indicator or what is delivered.", {}),
    "mechanism": ("string", "Code of the mechanism.", {"required": True}),
    "period": ("string", "A year (2024), a quarter (2024-T2) or a month (2024-M07).", PERIOD),
    "target": ("number", "Intermediate target for the period.", {"required": True}),
    "value": ("number", "Value reached (a count of deliverables for a deliverable).", {}),
    "status": ("string", "Status of a deliverable.", _values(DeliverableStatus, optional=True)),
    "evidence_url": ("string", "Address of the evidence.", {}),
    "reported_on": ("date", "Date of the report.", {}),
    "note": ("string", "Note.", {}),
    "revision": ("integer", "Correction number, from 1.", {"required": True}),
}  # fmt: skip
PRIMARY_KEYS = {
    "program.csv": ["slug"],
    "units.csv": ["acronym"],
    "targets.csv": ["mechanism", "period"],
    "progress.csv": ["mechanism", "period", "revision"],
}
# Columns that name a row of another file of the same program: (file, its column).
REFERENCES = {
    "objective": ("objectives.csv", "code"),
    "strategy": ("strategies.csv", "code"),
    "action_line": ("action_lines.csv", "code"),
    "responsible_unit": ("units.csv", "acronym"),
    "commitment": ("commitments.csv", "code"),
    "mechanism": ("mechanisms.csv", "code"),
}


def resource_name(slug: str, file: str) -> str:
    return f"program-{slug}-{file.removesuffix('.csv')}".lower()


def _fields(file: str) -> list[dict]:
    spec = FILES[file]
    fields = []
    for column in (*spec.columns, *spec.optional_columns):
        kind, description, constraints = COLUMNS[column]
        fields.append({"name": column, "type": kind, "description": description}
                      | ({"constraints": constraints} if constraints else {}))  # fmt: skip
    for text in (*spec.required_text, *spec.optional_text):
        kind, description, _constraints = COLUMNS[text]
        fields += [
            {"name": f"{text}_{code}", "type": kind,
             "description": f"{description} In {language.name} ({code}); may be empty."}
            for code, language in LANGUAGES.items()
        ]  # fmt: skip
    return fields


def table_schema(slug: str, file: str) -> dict:
    spec = FILES[file]
    schema: dict = {
        "fields": _fields(file),
        "missingValues": [""],
        "primaryKey": PRIMARY_KEYS.get(file, ["code"]),
    }
    foreign = [
        {
            "fields": [column],
            "reference": {"resource": resource_name(slug, REFERENCES[column][0]),
                          "fields": [REFERENCES[column][1]]},
        }
        for column in spec.columns
        if column in REFERENCES
    ]  # fmt: skip
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def program_resources() -> list[dict]:
    """Every file of every program, by its path under ``/api/v1``, with its Table Schema."""
    slugs = db.session.scalars(select(Program.slug).order_by(Program.year.desc(), Program.slug))
    return [
        {
            "profile": "tabular-data-resource",
            "name": resource_name(slug, file),
            "title": f"{slug}: {file}",
            "description": f"The work program {slug}, {file} in the program import format.",
            "path": f"programs/{slug}/{file}",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(slug, file),
        }
        for slug in slugs
        for file in FILES
    ]
