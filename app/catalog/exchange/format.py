"""The catalog's spreadsheet format: one table per file (CSV) or sheet (XLSX), with the column
names of the open-data CSVs and one column per language for translated text."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

from app.core.tabular import FileSpec, Problem, Row, check_header, read_csv

# Each table read: the name problems give its file (``services.csv``, ``book.xlsx[services]``)
# and its rows.
Tables = dict[str, tuple[str, list[Row]]]

LIST_SEPARATOR = " | "  # the items of a list in one cell, as in the open data
TRUE, FALSE = "true", "false"

FILES = {
    spec.name: spec
    for spec in (
        FileSpec("dependencies.csv", ("slug", "acronym", "parent"), ("name",)),
        FileSpec("topics.csv", ("slug",), ("name",)),
        FileSpec(
            "offices.csv",
            ("dependency", "address", "phone", "email", "latitude", "longitude"),
            ("name", "hours"),
            ("accessibility",),
        ),
        FileSpec(
            "services.csv",
            (
                "slug",
                "code",
                "kind",
                "modality",
                "online_url",
                "response_days",
                "silence",
                "cost_amount",
                "dependency",
                "topic",
                "languages",
                "keywords",
                "updated_on",
            ),
            ("name", "description", "applicants", "legal_basis"),
            ("cases", "cost_basis", "result", "validity"),
        ),
        FileSpec(
            "service_requirements.csv",
            ("service", "position", "original", "copies"),
            ("name",),
            ("notes",),
        ),
        FileSpec("service_forms.csv", ("service", "position", "url"), ("name",)),
        FileSpec("service_offices.csv", ("service", "dependency", "office")),
    )
}


def sheet_name(file: str) -> str:
    """The sheet of a workbook that holds a file's table: its name without ``.csv``."""
    return file.removesuffix(".csv")


def read_folder(folder: Path, problems: list[Problem]) -> Tables:
    """The tables of the format's CSV files in ``folder``; other files are reported."""
    tables = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.name not in FILES:
            problems.append(Problem(path.name, 1, f"unknown file (expected: {', '.join(FILES)})"))
            continue
        rows = read_csv(FILES[path.name], path.read_bytes(), problems)
        if rows is not None:
            tables[path.name] = (path.name, rows)
    if not tables and not problems:
        problems.append(Problem(folder.name, 1, "no file of the catalog format in the folder"))
    return tables


def read_source(path: Path, problems: list[Problem]) -> Tables:
    """The tables of a CSV folder, one CSV file or an XLSX workbook."""
    if path.is_dir():
        return read_folder(path, problems)
    if path.suffix.lower() == ".xlsx":
        return read_workbook(path.name, path.read_bytes(), problems)
    if path.name in FILES:
        rows = read_csv(FILES[path.name], path.read_bytes(), problems)
        return {path.name: (path.name, rows)} if rows is not None else {}
    problems.append(
        Problem(path.name, 1, f"not a file of the catalog ({', '.join(FILES)} or a .xlsx)")
    )
    return {}


def _cell(value) -> str:
    """A workbook cell as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return TRUE if value else FALSE
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(name: str, data: bytes, problems: list[Problem]) -> Tables:
    """The tables of an XLSX workbook, one sheet per file; problems name ``book.xlsx[sheet]``."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        problems.append(Problem(name, 1, "not an XLSX workbook"))
        return {}
    sheets = {sheet_name(file): file for file in FILES}
    tables = {}
    for sheet in book.worksheets:
        where = f"{name}[{sheet.title}]"
        if sheet.title not in sheets:
            expected = ", ".join(sheets)
            problems.append(Problem(where, 1, f"unknown sheet (expected: {expected})"))
            continue
        spec = FILES[sheets[sheet.title]]
        lines = sheet.iter_rows(values_only=True)
        header = [_cell(value) for value in next(lines, ())]
        while header and not header[-1]:
            header.pop()
        header_problems: list[Problem] = []
        if not check_header(spec, header, header_problems, where):
            problems += header_problems
            continue
        rows = []
        for line, values in enumerate(lines, 2):
            cells = [_cell(value) for value in values]
            if not any(cells):
                continue
            if any(cells[len(header) :]):
                problems.append(Problem(where, line, "more values than columns"))
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append((line, dict(zip(header, cells, strict=False))))
        tables[spec.name] = (where, rows)
    book.close()
    return tables


def write_workbook(tables: dict[str, tuple[list[str], list[dict]]]) -> bytes:
    """An XLSX workbook with one sheet per table, every cell as text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for file, (header, rows) in tables.items():
        sheet = book.create_sheet(sheet_name(file))
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(column, "") or None for column in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
