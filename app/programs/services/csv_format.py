"""The format of a work program: one CSV file (or one sheet of an XLSX workbook) per level,
documented in ``app/demo/programs/README.md`` and defined by ``FILES``; reading the files and
the problems an import reports (``file:line: reason``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from app.core import tabular
from app.core.table_format import Format
from app.core.tabular import (
    LANGUAGE_CODES,
    FileSpec,
    ImportRefused,
    Problem,
    Row,
    format_number,
)

__all__ = ["LANGUAGE_CODES", "FileSpec", "ImportRefused", "Problem", "Row", "format_number"]

# How a row is matched with the stored program's (texts a file leaves out are kept).
CODE = ("code",)

FILES = {
    spec.name: spec
    for spec in (
        FileSpec(
            "program.csv",
            ("slug", "year", "institution_slug", "institution_acronym"),
            ("institution_name", "title", "summary"),
            ("notice",),
            key=("slug",),
        ),
        FileSpec("units.csv", ("acronym",), ("name",), key=("acronym",)),
        FileSpec("objectives.csv", ("code",), ("short_name", "title"), key=CODE),
        FileSpec("strategies.csv", ("code", "objective"), ("title",), key=CODE),
        FileSpec("action_lines.csv", ("code", "strategy"), ("title",), key=CODE),
        FileSpec(
            "commitments.csv",
            ("code", "action_line", "responsible_unit", "type"),
            ("what",),
            ("what_for",),
            key=CODE,
        ),
        FileSpec(
            "mechanisms.csv",
            ("code", "commitment", "kind", "unit", "periodicity", "comparator", "annual_target"),
            ("name", "description"),
            key=CODE,
        ),
        FileSpec("targets.csv", ("mechanism", "period", "target")),
        FileSpec(
            "progress.csv",
            (
                "mechanism",
                "period",
                "value",
                "status",
                "evidence_url",
                "reported_on",
                "note",
            ),
            optional_columns=("revision",),
        ),
    )
}
OPTIONAL_FILES = {"targets.csv", "progress.csv"}
FORMAT = Format("program", FILES)  # the same tables as sheets of one XLSX workbook


def workbook_name(files) -> str | None:
    """The XLSX workbook among the names of the files given, if one is."""
    return next((name for name in files if name.lower().endswith(".xlsx")), None)


def read_csv(name: str, data: bytes, problems: list[Problem]) -> list[Row] | None:
    """The rows of one file of the format, or ``None`` (with problems) if it cannot be read."""
    return tabular.read_csv(FILES[name], data, problems)


def read_files(paths: Iterable[Path]) -> dict[str, bytes]:
    """The files to import by name; a directory stands for the format's files in it."""
    files: dict[str, bytes] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for name in FILES:
                if (path / name).exists():
                    files[name] = (path / name).read_bytes()
        else:
            files[path.name] = path.read_bytes()
    return files
