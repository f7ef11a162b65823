"""Checking a program's CSV files before anything is imported: every row of every file, one
function per file, the checks of a row's values shared (``RowCheck``). The program is built in
memory as the rows are read, outside the session; every problem is collected on the way."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from app.charters.models import Comparator, Periodicity, Unit
from app.core.i18n import SOURCE_LANGUAGE
from app.core.table_format import sheet_name
from app.core.tabular import keep_absent_languages
from app.core.types import Period
from app.extensions import db
from app.programs.models import (
    ActionLine,
    CommitmentType,
    DeliverableStatus,
    Mechanism,
    MechanismKind,
    MechanismTarget,
    Objective,
    Program,
    ProgramCommitment,
    Progress,
    Strategy,
)
from app.programs.services.csv_format import (
    FILES,
    FORMAT,
    LANGUAGE_CODES,
    OPTIONAL_FILES,
    Problem,
    Row,
    read_csv,
    workbook_name,
)
from app.programs.services.exporting import export_rows

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
CENT = Decimal("0.01")
MAX_NUMBER = Decimal("1e12")


@dataclass
class Parsed:
    """What ``validate`` made of the files: the program built in memory (outside the session),
    its institution ``(slug, acronym, name)``, its units ``{acronym: name}``, the unit of each
    commitment by code, and the problems (empty when the files can be imported)."""

    program: Program | None = None
    institution: tuple = ()
    units: dict = field(default_factory=dict)
    unit_of: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def validate(files: dict[str, bytes]) -> Parsed:
    """Parse and check every row of every file: the CSV files, or one XLSX workbook with a
    sheet per file (its problems then name ``book.xlsx[sheet]``)."""
    parsed = Parsed()
    problems = parsed.problems
    tables, where = (
        _sheets(book, files[book], problems)
        if (book := workbook_name(files))
        else _csv_files(files, problems)
    )
    keep_absent_languages(FILES, tables, lambda _names: _stored(tables))
    read = Tables(tables, problems, where)
    with db.session.no_autoflush:
        program, institution = _program(read)
        year = program.year if program else None
        units = _units(read)
        objectives = _objectives(read)
        if program and objectives is not None:
            program.objectives = list(objectives.values())
        strategies = _strategies(read, objectives)
        lines = _action_lines(read, strategies)
        commitments, unit_of = _commitments(read, lines, units)
        mechanisms = _mechanisms(read, commitments)
        _targets(read, mechanisms, year)
        _progress(read, mechanisms, year)
    if not problems:
        parsed.program, parsed.units = program, {a: name for a, (_, name) in units.items()}
        parsed.institution, parsed.unit_of = institution, unit_of
    return parsed


def _csv_files(files: dict[str, bytes], problems: list[Problem]) -> tuple[dict, dict]:
    for name in files:
        if name not in FILES:
            reason = _("archivo desconocido (se esperan: %(files)s)", files=", ".join(FILES))
            problems.append(Problem(name, 1, reason))
    tables: dict[str, list[Row]] = {}
    for name in FILES:
        if name not in files:
            if name not in OPTIONAL_FILES:
                problems.append(Problem(name, 1, _("falta el archivo")))
            continue
        rows = read_csv(name, files[name], problems)
        if rows is not None:
            tables[name] = rows
    return tables, {}


def _sheets(book: str, data: bytes, problems: list[Problem]) -> tuple[dict, dict]:
    read = FORMAT.read_workbook(book, data, problems)
    if not problems:
        for name in FILES:
            if name not in read and name not in OPTIONAL_FILES:
                problems.append(Problem(f"{book}[{sheet_name(name)}]", 1, _("falta la hoja")))
    tables = {name: rows for name, (_where, rows) in read.items()}
    return tables, {name: place for name, (place, _rows) in read.items()}


def _stored(tables: dict[str, list[Row]]) -> dict:
    """The tables of the stored program the files name (none when it is new)."""
    rows = tables.get("program.csv") or [(1, {})]
    slug = rows[0][1].get("slug")
    program = db.session.scalar(select(Program).where(Program.slug == slug)) if slug else None
    if program is None:
        return {}
    return {name: (FILES[name].header, rows) for name, rows in export_rows(program).items()}


@dataclass
class Tables:
    """The rows of the files that could be read, and the problems found so far."""

    tables: dict[str, list[Row]]
    problems: list[Problem]
    where: dict[str, str] = field(default_factory=dict)  # a sheet's name in problems

    def broken(self, file: str) -> bool:
        """The file could not be read: references to its rows are not checked."""
        return file not in self.tables and file not in OPTIONAL_FILES

    def rows(self, file: str) -> Iterator[RowCheck]:
        for line, row in self.tables.get(file) or []:
            yield RowCheck(self.problems, self.where.get(file, file), line, row)


@dataclass
class RowCheck:
    """One row of a file with the checks its values share: each reports what is wrong as
    ``file:line: column: reason`` and gives ``None`` for a value it cannot use."""

    problems: list[Problem]
    file: str
    line: int
    row: dict[str, str]

    def problem(self, column: str, reason: str) -> None:
        self.problems.append(Problem(self.file, self.line, f"{column}: {reason}"))

    def text(self, name: str, required=True) -> dict | None:
        """A translated field from its ``<name>_<language>`` columns."""
        row = self.row
        value = {
            code: row[f"{name}_{code}"] for code in LANGUAGE_CODES if row.get(f"{name}_{code}")
        }
        if required and SOURCE_LANGUAGE not in value:
            self.problem(f"{name}_{SOURCE_LANGUAGE}", _("está vacía"))
        elif value and SOURCE_LANGUAGE not in value:
            self.problem(
                f"{name}_{SOURCE_LANGUAGE}", _("está vacía pero el campo tiene traducción")
            )
        return value or None

    def code(self, seen: dict, column="code") -> str | None:
        """A new code of the file (not among ``seen``)."""
        code = self.row[column]
        if not code:
            self.problem(column, _("está vacía"))
            return None
        if len(code) > 20:
            self.problem(column, _("tiene más de %(limit)s caracteres", limit=20))
            return None
        if code in seen:
            self.problem(column, _("%(value)s está repetido", value=repr(code)))
            return None
        return code

    def ref(self, column: str, known: dict | None, what: str):
        """What the column's code names among ``known`` (``None``: a file that could not be
        read, so the reference is not checked); ``what``: a translated noun with its article
        ("la estrategia")."""
        value = self.row[column]
        if known is None:
            return None
        if value not in known:
            self.problem(column, _("no se conoce %(what)s %(value)s", what=what, value=repr(value)))
            return None
        return known[value]

    def enum(self, column: str, enum, optional=False):
        value = self.row[column]
        if not value and optional:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            reason = _("%(value)s no es uno de: %(allowed)s", value=repr(value), allowed=allowed)
            self.problem(column, reason)
            return None

    def number(self, column: str, optional=False) -> Decimal | None:
        value = self.row[column]
        if not value and optional:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not 0 <= number < MAX_NUMBER:
            reason = _(
                "%(value)s no es un número de %(low)s a %(high)s",
                value=repr(value),
                low=0,
                high="10^12",
            )
            self.problem(column, reason)
            return None
        if number != number.quantize(CENT):
            # Stored with two decimals: a third would be rounded unseen (84.995 read as 85,
            # "on track" against "at least 85").
            self.problem(column, _("%(value)s tiene más de dos decimales", value=repr(value)))
            return None
        return number.quantize(CENT)

    def period(self, year: int | None) -> Period | None:
        """The row's period, which must be in the program's ``year`` (when it is known)."""
        text = self.row["period"]
        try:
            period = Period.parse(text)
        except ValueError:
            reason = _("%(value)s no es un periodo como 2024, 2024-T2 o 2024-M07", value=repr(text))
            self.problem("period", reason)
            return None
        if year is not None and period.year != year:
            reason = _(
                "el periodo %(period)s no es del año del programa (%(year)s)",
                period=period,
                year=year,
            )
            self.problem("period", reason)
            return None
        return period


def _program(read: Tables) -> tuple[Program | None, tuple | None]:
    """The program and its institution ``(slug, acronym, name)`` from its one row."""
    file = "program.csv"
    if read.broken(file):
        return None, None
    rows = list(read.rows(file))
    if len(rows) != 1:
        line = rows[1].line if rows[1:] else 1
        read.problems.append(Problem(file, line, _("debe tener un solo renglón: el del programa")))
        return None, None
    check = rows[0]
    row = check.row
    # A unit's dependency is "<institution_slug>-<acronym>" (an acronym has 20 characters at
    # most): the institution's key leaves it room within the 120 of a key.
    for column, limit in (("slug", 120), ("institution_slug", 120 - 21)):
        if not SLUG.match(row[column]):
            reason = _(
                "%(value)s no son palabras en minúsculas unidas por guiones (a lo más %(limit)s)",
                value=repr(row[column]),
                limit=limit,
            )
            check.problem(column, reason)
        elif len(row[column]) > limit:
            check.problem(column, _("tiene más de %(limit)s caracteres", limit=limit))
    if not row["institution_acronym"]:
        check.problem("institution_acronym", _("está vacía"))
    elif len(row["institution_acronym"]) > 20:
        check.problem("institution_acronym", _("tiene más de %(limit)s caracteres", limit=20))
    if not re.fullmatch(r"20\d\d", row["year"]):
        check.problem("year", _("%(value)s no es un año como 2024", value=repr(row["year"])))
        return None, None
    institution = (
        row["institution_slug"],
        row["institution_acronym"],
        check.text("institution_name"),
    )
    program = Program(
        slug=row["slug"],
        year=int(row["year"]),
        title=check.text("title"),
        summary=check.text("summary"),
        notice=check.text("notice", required=False),
    )
    return program, institution


def _units(read: Tables) -> dict[str, tuple[str, dict]] | None:
    """The responsible units by acronym: ``(acronym, name)``."""
    file, units = "units.csv", {}
    if read.broken(file):
        return None
    as_slugs: dict[str, str] = {}  # a unit's slug is its acronym in lower case
    for check in read.rows(file):
        acronym = check.code(units, "acronym")
        name = check.text("name")
        if acronym and acronym.lower() in as_slugs:
            check.problem(
                "acronym",
                _(
                    "%(value)s es la misma unidad que %(other)s",
                    value=repr(acronym),
                    other=repr(as_slugs[acronym.lower()]),
                ),
            )
        elif acronym:
            units[acronym] = (acronym, name)
            as_slugs[acronym.lower()] = acronym
    return units


def _level(
    read: Tables,
    file: str,
    make: Callable[[RowCheck], Objective | Strategy | ActionLine],
    parent_column: str | None = None,
    parents: dict | None = None,
    children: Callable = list,
    parent: str = "",
) -> dict | None:
    """Objectives, strategies or action lines by code, in file order: a code, the parent's
    code in ``parent_column`` (whose ``children`` list the item joins, ``parent`` naming it in
    a problem) and texts."""
    items: dict = {}
    if read.broken(file):
        return None
    for check in read.rows(file):
        code = check.code(items)
        found = None
        if parent_column:
            found = check.ref(parent_column, parents, parent)
        item = make(check)
        if not code:
            continue
        # Registered even without its parent, so that its children are not reported too.
        item.code, item.position = code, len(items) + 1
        items[code] = item
        if found is not None:
            siblings = children(found)
            item.position = len(siblings) + 1
            siblings.append(item)
    return items


def _objectives(read: Tables) -> dict[str, Objective] | None:
    def make(check: RowCheck) -> Objective:
        return Objective(short_name=check.text("short_name"), title=check.text("title"))

    return _level(read, "objectives.csv", make)


def _strategies(read: Tables, objectives: dict | None) -> dict[str, Strategy] | None:
    def make(check: RowCheck) -> Strategy:
        return Strategy(title=check.text("title"))

    return _level(
        read, "strategies.csv", make, "objective", objectives, lambda o: o.strategies,
        _("el objetivo"),
    )  # fmt: skip


def _action_lines(read: Tables, strategies: dict | None) -> dict[str, ActionLine] | None:
    def make(check: RowCheck) -> ActionLine:
        return ActionLine(title=check.text("title"))

    return _level(
        read, "action_lines.csv", make, "strategy", strategies, lambda s: s.action_lines,
        _("la estrategia"),
    )  # fmt: skip


def _commitments(
    read: Tables, lines: dict | None, units: dict | None
) -> tuple[dict[str, tuple[int, ProgramCommitment]] | None, dict[str, str]]:
    """The commitments by code with their line, and the acronym of each one's unit."""
    file, items, unit_of = "commitments.csv", {}, {}
    if read.broken(file):
        return None, unit_of
    for check in read.rows(file):
        code = check.code(items)
        action_line = check.ref("action_line", lines, _("la línea de acción"))
        unit = check.ref("responsible_unit", units, _("la unidad responsable"))
        commitment = ProgramCommitment(
            type=check.enum("type", CommitmentType, optional=True),
            what=check.text("what"),
            what_for=check.text("what_for", required=False),
        )
        if not code:
            continue
        commitment.code = code
        items[code] = (check.line, commitment)
        if action_line is not None and unit:
            commitment.position = len(action_line.commitments) + 1
            action_line.commitments.append(commitment)
            unit_of[code] = unit[0]
    return items, unit_of


def _mechanisms(read: Tables, commitments: dict | None) -> dict[str, Mechanism] | None:
    """The mechanisms by code; every commitment needs at least one."""
    file, items = "mechanisms.csv", {}
    if read.broken(file):
        return None
    known = None
    if commitments is not None:
        known = {code: commitment for code, (_, commitment) in commitments.items()}
    for check in read.rows(file):
        code = check.code(items)
        commitment = check.ref("commitment", known, _("el compromiso"))
        mechanism = Mechanism(
            kind=check.enum("kind", MechanismKind),
            unit=check.enum("unit", Unit, optional=True),
            periodicity=check.enum("periodicity", Periodicity),
            comparator=check.enum("comparator", Comparator),
            annual_target=check.number("annual_target"),
            name=check.text("name"),
            description=check.text("description"),
        )
        if not code:
            continue
        mechanism.code = code
        items[code] = mechanism
        if commitment is not None:
            mechanism.position = len(commitment.mechanisms) + 1
            commitment.mechanisms.append(mechanism)
    for code, (line, commitment) in (commitments or {}).items():
        if not commitment.mechanisms:
            read.problems.append(
                Problem(
                    read.where.get("commitments.csv", "commitments.csv"),
                    line,
                    "code: "
                    + _(
                        "el compromiso %(code)s no tiene mecanismo de seguimiento", code=repr(code)
                    ),
                )  # fmt: skip
            )
    return items


def _targets(read: Tables, mechanisms: dict | None, year: int | None) -> None:
    """Intermediate targets, at most one per mechanism and period."""
    seen = set()
    for check in read.rows("targets.csv"):
        mechanism = check.ref("mechanism", mechanisms, _("el mecanismo"))
        period = check.period(year)
        target = check.number("target")
        if mechanism is None or period is None or target is None:
            continue
        if (mechanism.code, period) in seen:
            reason = _(
                "la meta de %(mechanism)s para %(period)s está repetida",
                mechanism=repr(mechanism.code),
                period=period,
            )
            check.problem("period", reason)
            continue
        seen.add((mechanism.code, period))
        mechanism.targets.append(MechanismTarget(period=period, target=target))


def _progress(read: Tables, mechanisms: dict | None, year: int | None) -> None:
    """Progress already reported, at most one per mechanism and period, with what its kind
    of mechanism needs."""
    seen = set()
    for check in read.rows("progress.csv"):
        mechanism = check.ref("mechanism", mechanisms, _("el mecanismo"))
        period = check.period(year)
        progress = _progress_row(check)
        if mechanism is None or period is None or mechanism.kind is None:
            continue
        _fits_kind(check, mechanism.kind)
        if (mechanism.code, period) in seen:
            reason = _(
                "el avance de %(mechanism)s para %(period)s está repetido",
                mechanism=repr(mechanism.code),
                period=period,
            )
            check.problem("period", reason)
            continue
        seen.add((mechanism.code, period))
        progress.period = period
        mechanism.progress.append(progress)


def _progress_row(check: RowCheck) -> Progress:
    """The progress of a row, its period aside: the values that do not depend on the
    mechanism."""
    row = check.row
    value = check.number("value", optional=True)
    status = check.enum("status", DeliverableStatus, optional=True)
    reported_on = None
    if row["reported_on"]:
        try:
            reported_on = date.fromisoformat(row["reported_on"])
        except ValueError:
            reason = _("%(value)s no es una fecha como 2026-01-31", value=repr(row["reported_on"]))
            check.problem("reported_on", reason)
    if row["evidence_url"] and (
        not URL.match(row["evidence_url"]) or len(row["evidence_url"]) > 500
    ):
        check.problem("evidence_url", _("no es una dirección http(s)"))
    if len(row["note"]) > 1000:
        check.problem("note", _("tiene más de %(limit)s caracteres", limit=1000))
    revision = 1
    if row.get("revision"):
        if row["revision"].isdigit() and 1 <= int(row["revision"]) <= 10_000:
            revision = int(row["revision"])
        else:
            reason = _(
                "%(value)s no es un número entero de %(low)s a %(high)s",
                value=repr(row["revision"]),
                low=1,
                high=10_000,
            )
            check.problem("revision", reason)
    return Progress(
        value=value,
        status=status,
        evidence_url=row["evidence_url"] or None,
        reported_on=reported_on,
        note=row["note"] or None,
        revision=revision,
    )


def _fits_kind(check: RowCheck, kind: MechanismKind) -> None:
    """An indicator's progress is a value; a deliverable's, a status."""
    row = check.row
    if kind is MechanismKind.INDICATOR:
        if not row["value"]:
            check.problem("value", _("el avance de un indicador necesita un valor"))
        if row["status"]:
            check.problem("status", _("el avance de un indicador no lleva estado"))
    elif kind is MechanismKind.DELIVERABLE and not row["status"]:
        check.problem("status", _("el avance de un entregable necesita un estado"))
