"""What the spreadsheet formats of the portal share (work programs, the catalog, the open data):
a file's columns (``FileSpec``, one column per language for translated text), reading a CSV file
into rows, the problems an import reports (``file:line: reason``), all of them at once, and
cells that a spreadsheet never runs as formulas."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from app.core.i18n import LANGUAGES, SOURCE_LANGUAGE

LANGUAGE_CODES = list(LANGUAGES)  # translated columns: <field>_es, <field>_en, <field>_nah

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value):
    """A text cell a spreadsheet shows as text: one that starts like a formula gets a leading
    apostrophe (OWASP's rule); plain numbers (``-3.5``) are left as they are. Every CSV file the
    portal writes goes through it; the JSON of the API keeps the text exact."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if not PLAIN_NUMBER.fullmatch(value):
            return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """The text ``safe_cell`` was given, from a cell read back (a file exported and imported
    again keeps its texts)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


@dataclass(frozen=True)
class FileSpec:
    """A file of a format: its plain columns and its translated fields (``required`` ones need
    their Spanish column filled)."""

    name: str
    columns: tuple[str, ...]
    required_text: tuple[str, ...] = ()
    optional_text: tuple[str, ...] = ()
    optional_columns: tuple[str, ...] = ()  # written by the export, may be left out

    @property
    def header(self) -> list[str]:
        texts = [
            f"{name}_{code}"
            for name in self.required_text + self.optional_text
            for code in LANGUAGE_CODES
        ]
        return [*self.columns, *self.optional_columns, *texts]

    @property
    def mandatory(self) -> list[str]:
        """Columns an import needs (translations other than Spanish may be left out)."""
        texts = [f"{name}_{SOURCE_LANGUAGE}" for name in self.required_text + self.optional_text]
        return [*self.columns, *texts]


@dataclass(frozen=True, order=True)
class Problem:
    """A reason an import is refused, where it was found."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class ImportRefused(Exception):
    """The files have problems; nothing was imported."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems)


Row = tuple[int, dict[str, str]]  # line number, values


def check_header(
    spec: FileSpec, header: list[str], problems: list[Problem], name: str | None = None
) -> bool:
    """Whether a file's header has every mandatory column and no unknown one."""
    name = name or spec.name
    missing = [column for column in spec.mandatory if column not in header]
    unknown = [column for column in header if column not in spec.header]
    if missing:
        problems.append(Problem(name, 1, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(Problem(name, 1, f"unknown column(s): {', '.join(unknown)}"))
    return not (missing or unknown)


def read_csv(spec: FileSpec, data: bytes, problems: list[Problem]) -> list[Row] | None:
    """The rows of one file, or ``None`` (with problems) if it cannot be read."""
    name = spec.name
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(name, line, "not UTF-8 text (save the file as UTF-8)"))
        return None
    if "\0" in text:
        problems.append(Problem(name, 1, "not a CSV file"))
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        problems.append(Problem(name, 1, f"not valid CSV: {error}"))
        return None
    if not check_header(spec, list(header), problems):
        return None
    rows = []
    start = reader.line_num + 1  # the line a row starts on (a cell may hold line breaks)
    try:
        for values in reader:
            if None in values:
                problems.append(Problem(name, start, "more values than columns"))
            else:
                cells = {k: unsafe_cell((v or "").strip()).strip() for k, v in values.items()}
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(name, start, f"not valid CSV: {error}"))
        return None
    return rows


def to_csv(header: list[str], rows: list[dict]) -> str:
    """CSV text with a header row, ``\\n`` line ends."""
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows({name: safe_cell(value) for name, value in row.items()} for row in rows)
    return out.getvalue()
