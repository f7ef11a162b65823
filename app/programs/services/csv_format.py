"""The CSV format of a work program: one file per level, documented in
``app/demo/programs/README.md`` and defined by ``FILES``; reading the files and the problems an
import reports (``file:line: reason``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.core.i18n import LANGUAGES, SOURCE_LANGUAGE

LANGUAGE_CODES = list(LANGUAGES)  # translated columns: <field>_es, <field>_en, <field>_nah


@dataclass(frozen=True)
class FileSpec:
    """A CSV file of the format: its plain columns and its translated fields (``required``
    ones need their Spanish column filled)."""

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


FILES = {
    spec.name: spec
    for spec in (
        FileSpec(
            "program.csv",
            ("slug", "year", "institution_slug", "institution_acronym"),
            ("institution_name", "title", "summary"),
            ("notice",),
        ),
        FileSpec("units.csv", ("acronym",), ("name",)),
        FileSpec("objectives.csv", ("code",), ("short_name", "title")),
        FileSpec("strategies.csv", ("code", "objective"), ("title",)),
        FileSpec("action_lines.csv", ("code", "strategy"), ("title",)),
        FileSpec(
            "commitments.csv",
            ("code", "action_line", "responsible_unit", "type"),
            ("what",),
            ("what_for",),
        ),
        FileSpec(
            "mechanisms.csv",
            ("code", "commitment", "kind", "unit", "periodicity", "comparator", "annual_target"),
            ("name", "description"),
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


@dataclass(frozen=True, order=True)
class Problem:
    """A reason the import is refused, where it was found."""

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


def read_csv(name: str, data: bytes, problems: list[Problem]) -> list[Row] | None:
    """The rows of one file of the format, or ``None`` (with problems) if it cannot be read."""
    spec = FILES[name]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(name, line, "not UTF-8 text (save the file as UTF-8)"))
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [column for column in spec.mandatory if column not in header]
    unknown = [column for column in header if column not in spec.header]
    if missing:
        problems.append(Problem(name, 1, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(Problem(name, 1, f"unknown column(s): {', '.join(unknown)}"))
    if missing or unknown:
        return None
    rows = []
    try:
        for values in reader:
            if None in values:
                problems.append(Problem(name, reader.line_num, "more values than columns"))
                continue
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in values.items()}))
    except csv.Error as error:
        problems.append(Problem(name, reader.line_num, f"not valid CSV: {error}"))
        return None
    return rows


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


def format_number(value: Decimal | None) -> str:
    """A number as the format writes it: no exponent, no trailing zeros (``100``, ``87.5``)."""
    if value is None:
        return ""
    return format(value.normalize(), "f")
