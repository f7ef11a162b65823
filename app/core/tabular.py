"""What the spreadsheet formats of the portal share (work programs, the catalog, the charters, the
open data): a file's columns (``FileSpec``, one column per language for translated text),
reading a CSV file into rows, checking the values of a row (``Check``), the problems an import
reports (``file:line: column: reason``), all of them at once, what it did (``Summary``), and cells
that a spreadsheet never runs as formulas. Reading a whole format's tables from a folder or an
XLSX workbook (``Format``) lives in ``app.core.table_format``."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from app.core.i18n import LANGUAGES, SOURCE_LANGUAGE
from app.core.text import clean

# Translated columns: <field>_es, <field>_en… one per content language, Spanish first. A file
# without the columns of some language (written before the portal had it) still imports, and
# keeps what is stored in them (``keep_absent_languages``).
LANGUAGE_CODES = list(LANGUAGES)

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value):
    """A text cell a spreadsheet shows as text: one that starts like a formula gets a leading
    apostrophe (OWASP's rule); plain numbers (``-3.5``) are left as they are. So does a text that
    already starts with apostrophes before such a start (``'=x``), so that ``unsafe_cell``, which
    takes exactly one away, gives it back as it was. Every CSV file the portal writes goes
    through it; the JSON of the API keeps the text exact."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        if not PLAIN_NUMBER.fullmatch(value):
            return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """The text ``safe_cell`` was given, from a cell read back (a file exported and imported
    again keeps its texts)."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


@dataclass(frozen=True)
class FileSpec:
    """A file of a format: its plain columns and its translated fields (``required`` ones need
    their Spanish column filled); ``key``: the columns that name a row, as the importer
    matches it with a stored one."""

    name: str
    columns: tuple[str, ...]
    required_text: tuple[str, ...] = ()
    optional_text: tuple[str, ...] = ()
    optional_columns: tuple[str, ...] = ()  # written by the export, may be left out
    key: tuple[str, ...] = ()

    def __post_init__(self):
        # Without a key, the texts a file leaves out could not be kept (keep_absent_languages).
        if self.texts and not self.key:
            raise ValueError(f"{self.name}: a file with translated columns needs a key")

    @property
    def texts(self) -> list[str]:
        """The translated columns, one per field and content language."""
        return [
            f"{name}_{code}"
            for name in self.required_text + self.optional_text
            for code in LANGUAGE_CODES
        ]

    @property
    def header(self) -> list[str]:
        return [*self.columns, *self.optional_columns, *self.texts]

    @property
    def mandatory(self) -> list[str]:
        """Columns an import needs: the plain ones and the required texts in Spanish. An
        optional text and the other languages may be left out: a new row has none, a stored
        row keeps its own (``keep_absent_languages``)."""
        texts = [f"{name}_{SOURCE_LANGUAGE}" for name in self.required_text]
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
        problems.append(
            Problem(name, 1, _("faltan columnas: %(columns)s", columns=", ".join(missing)))
        )
    if unknown:
        reason = _("columnas desconocidas: %(columns)s", columns=", ".join(unknown))
        problems.append(Problem(name, 1, reason))
    return not (missing or unknown)


def read_csv(spec: FileSpec, data: bytes, problems: list[Problem]) -> list[Row] | None:
    """The rows of one file, or ``None`` (with problems) if it cannot be read."""
    name = spec.name
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(name, line, _("no es texto UTF-8 (guarde el archivo como UTF-8)")))
        return None
    if "\0" in text:
        problems.append(Problem(name, 1, _("no es un archivo CSV")))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        # Blank lines before the header are skipped, as a spreadsheet shows them: empty.
        header = next((row for row in reader if row), [])
    except csv.Error as error:
        problems.append(Problem(name, 1, _("no es un CSV válido: %(error)s", error=error)))
        return None
    if not check_header(spec, list(header), problems):
        return None
    rows = []
    start = reader.line_num + 1  # the line a row starts on (a cell may hold line breaks)
    try:
        for values in reader:
            if len(values) > len(header):
                problems.append(Problem(name, start, _("tiene más valores que columnas")))
            elif any(value.strip() for value in values):
                # A row of empty cells (",,,", as spreadsheets save formatted rows) is no row,
                # as in a workbook.
                values += [""] * (len(header) - len(values))  # a short row: empty cells
                cells = {
                    k: unsafe_cell(clean(v)).strip() for k, v in zip(header, values, strict=True)
                }
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(name, start, _("no es un CSV válido: %(error)s", error=error)))
        return None
    return rows


def to_csv(header: list[str], rows: list[dict]) -> str:
    """CSV text with a header row, ``\\n`` line ends."""
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows({name: safe_cell(value) for name, value in row.items()} for row in rows)
    return out.getvalue()


def keep_absent_languages(files: dict[str, FileSpec], tables: dict[str, list[Row]], stored) -> None:
    """Fill in, in each row of ``tables`` that names a stored row (same ``key``), the
    translated columns its file leaves out with the stored text, as ``stored(file names)``
    exports it (``{file: (header, rows)}``). A file written before a language was added, or
    kept with fewer languages, then changes nothing in them: the translations typed in the
    workspace are not lost. A column in the file with an empty cell still clears the text (the
    person chose to); a new row has no text in the columns left out."""
    absent = {}
    for file, rows in tables.items():
        if rows:
            columns = [c for c in files[file].texts if c not in rows[0][1]]
            if columns:
                absent[file] = columns
    if not absent:
        return
    exported = stored(set(absent))
    for file, columns in absent.items():
        key = files[file].key
        _header, stored_rows = exported.get(file, ((), ()))
        by_key = {tuple(row[c] for c in key): row for row in stored_rows}
        for _line, row in tables[file]:
            found = by_key.get(tuple(row.get(c, "") for c in key))
            if found is not None:
                row.update({column: found[column] for column in columns})


# --- Values in cells -----------------------------------------------------------------------------

LIST_SEPARATOR = " | "  # the items of a list in one cell, as in the open data
TRUE, FALSE = "true", "false"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def translated(name: str, value: dict | None) -> dict[str, str]:
    """A translated field as its columns, one per content language: ``{name_es: …, name_en: …}``."""
    return {f"{name}_{code}": (value or {}).get(code) or "" for code in LANGUAGE_CODES}


def plain(value) -> str:
    """A cell for a value that may be missing."""
    return "" if value is None else str(value)


def format_number(value: Decimal | None) -> str:
    """A number as the formats write it: no exponent, no trailing zeros (``100``, ``87.5``)."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


# --- Tables read ---------------------------------------------------------------------------------

# Each table read: the name problems give its file (``services.csv``, ``book.xlsx[services]``)
# and its rows. ``app.core.table_format.Format`` reads them from a folder, a file or a workbook.
Tables = dict[str, tuple[str, list[Row]]]


# --- Checking rows -------------------------------------------------------------------------------


@dataclass
class Check:
    """One row of a table with the checks its values share: each reports what is wrong as
    ``file:line: column: reason`` and gives ``None`` for a value it cannot use."""

    problems: list[Problem]
    file: str
    line: int
    row: dict[str, str]

    def problem(self, column: str, reason: str) -> None:
        self.problems.append(Problem(self.file, self.line, f"{column}: {reason}"))

    def get(self, column: str) -> str:
        return self.row.get(column) or ""

    def text(self, name: str, required=True, limit: int = 10_000) -> dict | None:
        value = {code: self.get(f"{name}_{code}") for code in LANGUAGE_CODES}
        value = {code: text for code, text in value.items() if text}
        column = f"{name}_{SOURCE_LANGUAGE}"
        if required and SOURCE_LANGUAGE not in value:
            self.problem(column, _("está vacía"))
        elif value and SOURCE_LANGUAGE not in value:
            self.problem(column, _("está vacía pero el campo tiene traducción"))
        for code, text in value.items():
            if len(text) > limit:
                self.problem(f"{name}_{code}", _("tiene más de %(limit)s caracteres", limit=limit))
        return value or None

    def slug(self, column: str, limit: int) -> str | None:
        value = self.get(column)
        if not SLUG.match(value) or len(value) > limit:
            reason = _(
                "%(value)s no son palabras en minúsculas unidas por guiones (a lo más %(limit)s)",
                value=repr(value),
                limit=limit,
            )
            self.problem(column, reason)
            return None
        return value

    def string(self, column: str, limit: int, required=False, pattern=None) -> str | None:
        value = self.given(column, required)
        if not value:
            return None
        if len(value) > limit:
            self.problem(column, _("tiene más de %(limit)s caracteres", limit=limit))
        elif pattern is not None and not pattern.match(value):
            self.problem(column, _("%(value)s no es válido", value=repr(value)))
        return value

    def enum(self, column: str, enum, required=True, allowed=None):
        """A member of ``enum`` by its value (any member, or one of ``allowed``); empty gives
        ``None`` when not ``required``."""
        value = self.get(column)
        if not value and not required:
            return None
        members = list(allowed or enum)
        member = next((m for m in members if m.value == value), None)
        if member is None:
            self.not_one_of(column, value, [m.value for m in members])
        return member

    def integer(self, column: str, low: int, high: int) -> int | None:
        value = self.get(column)
        if not re.fullmatch(r"\d{1,9}", value) or not low <= int(value) <= high:
            reason = _(
                "%(value)s no es un número entero de %(low)s a %(high)s",
                value=repr(value),
                low=low,
                high=high,
            )
            self.problem(column, reason)
            return None
        return int(value)

    def given(self, column: str, required: bool) -> str:
        """The cell's text; an empty one is a problem if ``required``."""
        value = self.get(column)
        if not value and required:
            self.problem(column, _("está vacía"))
        return value

    def decimal(self, column: str, places: int, low, high, required=False) -> Decimal | None:
        value = self.given(column, required)
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not low <= number <= high:
            reason = _(
                "%(value)s no es un número de %(low)s a %(high)s",
                value=repr(value),
                low=low,
                high=high,
            )
            self.problem(column, reason)
            return None
        return number.quantize(Decimal(1).scaleb(-places))

    def day(self, column: str, required=False) -> date | None:
        value = self.given(column, required)
        if not value:
            return None
        try:
            return date.fromisoformat(value) if len(value) == 10 else date.fromisoformat("x")
        except ValueError:
            self.problem(column, _("%(value)s no es una fecha como 2026-01-31", value=repr(value)))
            return None

    def boolean(self, column: str) -> bool | None:
        value = self.get(column).lower()
        if value not in (TRUE, FALSE):
            reason = _(
                "%(value)s no es %(true)s ni %(false)s",
                value=repr(self.get(column)),
                true=TRUE,
                false=FALSE,
            )
            self.problem(column, reason)
            return None
        return value == TRUE

    def items(self, column: str) -> list[str]:
        value = self.get(column)
        return [item.strip() for item in value.split(LIST_SEPARATOR.strip()) if item.strip()]

    def not_one_of(self, column: str, value: str, allowed: list[str]) -> None:
        reason = _(
            "%(value)s no es uno de: %(allowed)s", value=repr(value), allowed=", ".join(allowed)
        )
        self.problem(column, reason)

    def ref(self, column: str, known, what: str, key=None):
        """The value (or ``key``) if it is one of ``known``; otherwise a problem saying that
        ``what`` (a translated noun with its article: "la dependencia") is not known."""
        value = key if key is not None else self.get(column)
        if value not in known:
            reason = _("no se conoce %(what)s %(value)s", what=what, value=repr(self.get(column)))
            self.problem(column, reason)
            return None
        return value


def checks(tables: Tables, file: str, problems: list[Problem]):
    """A ``Check`` for every row of a table (none when the table is not in the files)."""
    where, rows = tables.get(file, (file, []))
    for line, row in rows:
        yield Check(problems, where, line, row)


def duplicate(check: Check, seen, key, column: str) -> bool:
    """Whether ``key`` was seen already (then reported as a duplicate)."""
    if key in seen:
        value = repr(key if isinstance(key, str) else key[-1])
        check.problem(column, _("%(value)s está repetido", value=value))
        return True
    return False


# --- What an import did --------------------------------------------------------------------------


@dataclass
class Summary:
    """What an import did (or, in a dry run, would do), by kind of row, with the names of what
    it created, changed and retired."""

    kinds: tuple[str, ...]
    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    retired: dict[str, int] = field(default_factory=dict)
    not_in_files: dict[str, int] = field(default_factory=dict)
    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # The version of each stored row it changes, as read: part of what a person confirms, so
    # that a colleague's edit made in the meantime is not overwritten unseen.
    seen: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        for counts in (self.created, self.changed, self.retired, self.not_in_files):
            for kind in self.kinds:
                counts.setdefault(kind, 0)

    def note(self, what: str, kind: str, name: str, seen: int | None = None) -> None:
        """Count a row ``what`` ("created", "changed", "retired") and keep its name, and
        ``seen``, the version of the stored row it changes."""
        getattr(self, what)[kind] += 1
        self.names.setdefault(what, {}).setdefault(kind, []).append(name)
        if seen is not None:
            self.seen[f"{kind}: {name}"] = seen

    def lines(self) -> list[str]:
        counts = [("created", self.created), ("changed", self.changed)]
        if any(self.retired.values()):
            counts.append(("retired", self.retired))
        counts.append(("not in the files (kept)", self.not_in_files))
        return [f"{what}: " + ", ".join(f"{n[k]} {k}" for k in self.kinds) for what, n in counts]

    def detail(self) -> dict:
        return {
            "created": self.created,
            "changed": self.changed,
            "retired": self.retired,
            "not_in_files": self.not_in_files,
        }

    def plan(self) -> dict:
        """The counts, the sorted names and the versions of the rows changed, as JSON keeps
        them: what a person confirms."""
        names = {
            what: {kind: sorted(items) for kind, items in by_kind.items()}
            for what, by_kind in self.names.items()
        }
        return {**self.detail(), "names": names, "seen": self.seen}


class Stale(Exception):
    """The files would now do something else than what the person confirmed, or change rows
    someone changed meanwhile; nothing was imported."""

    def __init__(self, summary: Summary):
        super().__init__("the import would now do something else")
        self.summary = summary


def import_all_or_nothing(
    action: str,
    tables: Tables,
    problems: list[Problem] | None,
    validate,
    apply,
    dry_run,
    commit,
    by=None,
    ip: str | None = None,
    expected: dict | None = None,
    files: dict[str, FileSpec] | None = None,
    stored=None,
) -> Summary:
    """What every import of a format does: the translated columns the tables leave out keep
    what is stored (``keep_absent_languages`` with the format's ``files`` and its export
    ``stored``); ``validate(tables, problems)`` checks every row and gives what
    ``apply(parsed, tables)`` writes into the session (returning its ``Summary``); then, unless
    ``dry_run`` (rolled back) or not ``commit`` (left in the session, for the demo seed), audit
    ``action`` with the counts (``by`` the staff member who uploaded the files), commit and
    clear the page cache. Raises ``ImportRefused`` with every problem (``problems``
    may bring those found reading the files) and changes nothing then; raises ``Stale`` and
    changes nothing when ``expected`` (a ``Summary.plan``) is not what the import would do."""
    from app.core.cache import clear_cache
    from app.extensions import db
    from app.staff.services import audit

    problems = list(problems or [])
    with db.session.no_autoflush:
        if stored is not None:
            keep_absent_languages(files, {f: rows for f, (_where, rows) in tables.items()}, stored)
        parsed = validate(tables, problems)
        if problems:
            db.session.rollback()
            raise ImportRefused(problems)
        summary = apply(parsed, tables)
    db.session.flush()
    if dry_run:
        db.session.rollback()
        return summary
    if expected is not None and summary.plan() != expected:
        db.session.rollback()
        raise Stale(summary)
    if not commit:
        return summary
    audit(action, by, None, summary.detail(), ip)
    db.session.commit()
    clear_cache()
    return summary
