"""Reading and writing a whole format's tables (the catalog, the charters): ``Format`` reads
one table per CSV file from a folder, a single CSV file or the sheets of an XLSX workbook,
reporting unknown files and sheets as problems, and writes the tables back as CSV files, a ZIP
archive or an XLSX workbook whose cells are always text. It builds on the file specs, CSV
reading and row checks of ``app.core.tabular``."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask import Response
from flask_babel import gettext as _

from app.core.clock import local_today
from app.core.tabular import (
    FALSE,
    TRUE,
    FileSpec,
    Problem,
    Row,
    Tables,
    check_header,
    read_csv,
    to_csv,
)
from app.core.text import clean

MIMETYPES = {
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(stem: str, extension: str, data: bytes) -> Response:
    """An export as a file to save (``zip`` or ``xlsx``), named by what it holds and the day."""
    name = f"{stem}-{local_today().isoformat()}.{extension}"
    return Response(
        data,
        mimetype=MIMETYPES[extension],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def sheet_name(file: str) -> str:
    """The sheet of a workbook that holds a file's table: its name without ``.csv``."""
    return file.removesuffix(".csv")


@dataclass(frozen=True)
class Format:
    """A format of one table per CSV file or per sheet of an XLSX workbook (the catalog, the
    charters): reading its tables from a folder, a file or a workbook, and writing them."""

    name: str  # what problems call it: "catalog", "charters"
    files: dict[str, FileSpec]

    def read_folder(self, folder: Path, problems: list[Problem]) -> Tables:
        """The tables of the format's CSV files in ``folder``; other files are reported."""
        tables = {}
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.name not in self.files:
                reason = _(
                    "archivo desconocido (se esperaba: %(expected)s)",
                    expected=", ".join(self.files),
                )
                problems.append(Problem(path.name, 1, reason))
                continue
            rows = read_csv(self.files[path.name], path.read_bytes(), problems)
            if rows is not None:
                tables[path.name] = (path.name, rows)
        if not tables and not problems:
            reason = _(
                "la carpeta no tiene ningún archivo del formato %(format)s", format=self.name
            )
            problems.append(Problem(folder.name, 1, reason))
        return tables

    def read_source(self, path: Path, problems: list[Problem]) -> Tables:
        """The tables of a CSV folder, one CSV file or an XLSX workbook."""
        if path.is_dir():
            return self.read_folder(path, problems)
        if path.suffix.lower() == ".xlsx":
            return self.read_workbook(path.name, path.read_bytes(), problems)
        if path.name in self.files:
            rows = read_csv(self.files[path.name], path.read_bytes(), problems)
            return {path.name: (path.name, rows)} if rows is not None else {}
        reason = _(
            "no es un archivo del formato %(format)s (%(expected)s o un .xlsx)",
            format=self.name,
            expected=", ".join(self.files),
        )
        problems.append(Problem(path.name, 1, reason))
        return {}

    def read_workbook(self, name: str, data: bytes, problems: list[Problem]) -> Tables:
        """The tables of an XLSX workbook, one sheet per file; problems name
        ``book.xlsx[sheet]``."""
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            problems.append(Problem(name, 1, _("no es un libro XLSX")))
            return {}
        sheets = {sheet_name(file): file for file in self.files}
        tables = {}
        for sheet in book.worksheets:
            where = f"{name}[{sheet.title}]"
            if sheet.title not in sheets:
                reason = _(
                    "hoja desconocida (se esperaba: %(expected)s)", expected=", ".join(sheets)
                )
                problems.append(Problem(where, 1, reason))
                continue
            spec = self.files[sheets[sheet.title]]
            rows = _sheet_rows(spec, sheet, where, problems)
            if rows is not None:
                tables[spec.name] = (where, rows)
        book.close()
        return tables

    def write_workbook(self, tables: dict[str, tuple[list[str], list[dict]]]) -> bytes:
        """An XLSX workbook with one sheet per table, every cell as text."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        def text_cell(sheet, value):
            # openpyxl stores a text that starts with "=" as a formula; typed as a string it
            # is shown and read back as the text it is, never run. A control character (in a
            # text stored before imports cleaned them) cannot be in a workbook: it is left out.
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = WriteOnlyCell(sheet, value or None)
            if cell.data_type == "f":
                cell.data_type = "s"
            return cell

        book = Workbook(write_only=True)
        for file, (header, rows) in tables.items():
            sheet = book.create_sheet(sheet_name(file))
            sheet.append(header)
            for row in rows:
                sheet.append([text_cell(sheet, row.get(column, "")) for column in header])
        out = io.BytesIO()
        book.save(out)
        with zipfile.ZipFile(out) as saved:
            parts = [(part, _timeless(part, saved.read(part))) for part in saved.namelist()]
        return _stable_zip(parts)

    def write_zip(
        self, tables: dict[str, tuple[list[str], list[dict]]], files: dict[str, Path] | None = None
    ) -> bytes:
        """A ZIP archive of the tables' CSV files and of ``files`` (``{name in the archive:
        path}``, binary files the tables name)."""
        entries = [(name, to_csv(header, rows).encode()) for name, (header, rows) in tables.items()]
        entries += [(name, Path(source).read_bytes()) for name, source in (files or {}).items()]
        return _stable_zip(entries)

    def export_folder(
        self, tables: dict, directory: Path, files: dict[str, Path] | None = None
    ) -> list[Path]:
        """Write ``tables`` (``{file: (header, rows)}``) as CSV files into ``directory``
        (created if needed), and copy ``files`` (``{path inside it: source}``); their paths."""
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, (header, rows) in tables.items():
            path = directory / name
            path.write_text(to_csv(header, rows), encoding="utf-8", newline="")
            paths.append(path)
        for name, source in (files or {}).items():
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
            paths.append(path)
        return paths

    def export_workbook(self, tables: dict, path: Path) -> Path:
        """Write ``tables`` as an XLSX workbook, one sheet per table."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.write_workbook(tables))
        return path


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
    return clean(str(value))


def _sheet_rows(spec: FileSpec, sheet, where: str, problems: list[Problem]) -> list[Row] | None:
    lines = sheet.iter_rows(values_only=True)
    header = [_cell(value) for value in next(lines, ())]
    while header and not header[-1]:
        header.pop()
    if not check_header(spec, header, problems, where):
        return None
    rows = []
    for line, values in enumerate(lines, 2):
        cells = [_cell(value) for value in values]
        if not any(cells):
            continue
        if any(cells[len(header) :]):
            problems.append(Problem(where, line, _("tiene más valores que columnas")))
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append((line, dict(zip(header, cells, strict=False))))
    return rows


# An export is the same bytes for the same content (DESIGN §6): no time of export inside it,
# neither in the archive's entries nor in the workbook's properties.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
WORKBOOK_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _timeless(part: str, data: bytes) -> bytes:
    if part != "docProps/core.xml":
        return data
    return WORKBOOK_TIMES.sub(rb"\g<1>1980-01-01T00:00:00Z\g<2>", data)


def _stable_zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()
