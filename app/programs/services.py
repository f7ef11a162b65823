"""Work programs: reading them as the public sees them, progress and whether it is on track,
the summary breakdowns, progress entry by staff, and the CSV import/export.

The CSV format (one file per level, documented in ``app/demo/programs/README.md``) is defined by
``FILES``; ``import_program`` validates every row of every file before writing anything.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog.models import Dependency
from app.charters.models import Comparator, Periodicity, Unit
from app.core.clock import utcnow
from app.core.i18n import LANGUAGES, SOURCE_LANGUAGE
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
    Track,
)
from app.staff.models import User
from app.staff.services import audit

# ---------------------------------------------------------------------------------------------
# Reading


def published_programs() -> list[Program]:
    """Every program, newest year first, with its institution."""
    return list(
        db.session.scalars(
            select(Program)
            .options(selectinload(Program.institution))
            .order_by(Program.year.desc(), Program.slug)
        )
    )


def load_program(slug: str) -> Program | None:
    """The program with its whole tree, progress and units loaded in a constant number of
    queries; ``None`` when there is no such program."""
    mechanisms = (
        selectinload(Program.objectives)
        .selectinload(Objective.strategies)
        .selectinload(Strategy.action_lines)
        .selectinload(ActionLine.commitments)
        .selectinload(ProgramCommitment.mechanisms)
    )
    commitments = (
        selectinload(Program.objectives)
        .selectinload(Objective.strategies)
        .selectinload(Strategy.action_lines)
        .selectinload(ActionLine.commitments)
    )
    return db.session.scalar(
        select(Program)
        .where(Program.slug == slug)
        .options(
            selectinload(Program.institution),
            commitments.selectinload(ProgramCommitment.responsible),
            mechanisms.selectinload(Mechanism.targets),
            mechanisms.selectinload(Mechanism.progress),
        )
    )


def commitments_of(program: Program) -> list[ProgramCommitment]:
    return [
        commitment
        for objective in program.objectives
        for strategy in objective.strategies
        for line in strategy.action_lines
        for commitment in line.commitments
    ]


def mechanisms_of(program: Program) -> list[Mechanism]:
    return [m for c in commitments_of(program) for m in c.mechanisms]


def _chronological(period: Period) -> tuple[date, date]:
    # A year ends after its last quarter; between periods that end together, the longer first.
    return period.end, period.start


def latest_progress(mechanism: Mechanism) -> Progress | None:
    """The progress of the most recent period (a year counts after its quarters and months)."""
    if not mechanism.progress:
        return None
    return max(mechanism.progress, key=lambda p: _chronological(p.period))


def target_for(mechanism: Mechanism, period: Period) -> Decimal:
    """The intermediate target of ``period`` if there is one, the annual target otherwise."""
    for target in mechanism.targets:
        if target.period == period:
            return target.target
    return mechanism.annual_target


def track(mechanism: Mechanism, progress: Progress | None = None) -> Track:
    """Whether the mechanism's latest (or the given) progress reaches the target of its period.

    An indicator compares its value with that target using the mechanism's comparator. A
    deliverable is on track when delivered or in process and off track when delayed or not
    started; if its progress also counts what was delivered (``value``), the count is compared
    with the target like an indicator's value.
    """
    progress = progress or latest_progress(mechanism)
    if progress is None:
        return Track.NO_DATA
    target = target_for(mechanism, progress.period)
    if mechanism.kind is MechanismKind.INDICATOR or progress.value is not None:
        if progress.value is None:
            return Track.NO_DATA
        held = mechanism.comparator.holds(progress.value, target)
        return Track.ON_TRACK if held else Track.OFF_TRACK
    if progress.status in (DeliverableStatus.DELIVERED, DeliverableStatus.IN_PROGRESS):
        return Track.ON_TRACK
    if progress.status is None:
        return Track.NO_DATA
    return Track.OFF_TRACK


@dataclass
class Filters:
    """What the public page is narrowed to (``None``: everything)."""

    objective: str | None = None
    unit: int | None = None  # a responsible Dependency id
    kind: MechanismKind | None = None
    periodicity: Periodicity | None = None
    track: Track | None = None

    @property
    def active(self) -> bool:
        return any(value is not None for value in vars(self).values())


def matches(commitment: ProgramCommitment, filters: Filters) -> list[Mechanism]:
    """The commitment's mechanisms that pass the filters (empty: the commitment is hidden).

    The objective and the unit filter whole commitments; kind, periodicity and track filter
    mechanisms, and a commitment shows when one of its mechanisms passes.
    """
    objective = commitment.action_line.strategy.objective
    if filters.objective is not None and objective.code != filters.objective:
        return []
    if filters.unit is not None and commitment.responsible_id != filters.unit:
        return []
    return [
        m
        for m in commitment.mechanisms
        if (filters.kind is None or m.kind is filters.kind)
        and (filters.periodicity is None or m.periodicity is filters.periodicity)
        and (filters.track is None or track(m) is filters.track)
    ]


def responsible_units(program: Program) -> list[Dependency]:
    """The units that answer for at least one commitment, in order of their acronym."""
    units = {c.responsible.id: c.responsible for c in commitments_of(program)}
    return sorted(units.values(), key=lambda d: (d.acronym or "", d.id))


@dataclass
class Breakdown:
    """One of the program's summary figures: a title and (label, count) pairs."""

    key: str
    rows: list[tuple[object, int]]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.rows)


def breakdowns(program: Program) -> dict[str, Breakdown]:
    """The program's figures 7–11: commitments per objective, mechanisms per kind, per
    commitment type and per reporting frequency, commitments per responsible unit.

    Labels are model objects or enum members (or ``None`` for an unknown type): templates
    translate them. As the PAT does, kind, type and frequency count mechanisms (104), while
    objectives and units count commitments (101).
    """
    commitments = commitments_of(program)
    mechanisms = [m for c in commitments for m in c.mechanisms]
    per_objective = [
        (
            objective,
            sum(len(line.commitments) for s in objective.strategies for line in s.action_lines),
        )
        for objective in program.objectives
    ]
    kinds = Counter(m.kind for m in mechanisms)
    types = Counter(m.commitment.type for m in mechanisms)
    periodicities = Counter(m.periodicity for m in mechanisms)
    units = Counter(c.responsible_id for c in commitments)
    return {
        "objective": Breakdown("objective", per_objective),
        "kind": Breakdown("kind", [(k, kinds[k]) for k in MechanismKind if kinds[k]]),
        "type": Breakdown("type", [(t, types[t]) for t in [*CommitmentType, None] if types[t]]),
        "periodicity": Breakdown(
            "periodicity", [(p, periodicities[p]) for p in Periodicity if periodicities[p]]
        ),
        "unit": Breakdown(
            "unit",
            sorted(
                ((u, units[u.id]) for u in responsible_units(program)),
                key=lambda row: (-row[1], row[0].acronym or ""),
            ),
        ),
    }


def track_counts(program: Program) -> dict[Track, int]:
    counts = Counter(track(m) for m in mechanisms_of(program))
    return {t: counts[t] for t in Track}


# ---------------------------------------------------------------------------------------------
# Progress entry by staff


def mechanisms_in_scope(program: Program, scope: set[int] | None) -> list[Mechanism]:
    """The program's mechanisms whose commitment's unit is in ``scope`` (``None``: all)."""
    return [
        m
        for c in commitments_of(program)
        if scope is None or c.responsible_id in scope
        for m in c.mechanisms
    ]


def find_mechanism(program_slug: str, code: str, scope: set[int] | None) -> Mechanism | None:
    """A mechanism by program and code, if its unit is in ``scope``; ``None`` otherwise."""
    statement = (
        select(Mechanism)
        .join(Program, Program.id == Mechanism.program_id)
        .join(ProgramCommitment, ProgramCommitment.id == Mechanism.commitment_id)
        .where(Program.slug == program_slug, Mechanism.code == code)
        .options(
            selectinload(Mechanism.progress).selectinload(Progress.recorded_by),
            selectinload(Mechanism.targets),
            selectinload(Mechanism.commitment).selectinload(ProgramCommitment.responsible),
        )
    )
    if scope is not None:
        statement = statement.where(ProgramCommitment.responsible_id.in_(scope))
    return db.session.scalar(statement)


def program_year(mechanism: Mechanism) -> int:
    return db.session.scalar(select(Program.year).where(Program.id == mechanism.program_id))


def progress_problems(
    mechanism: Mechanism, period: Period, value: Decimal | None, status: DeliverableStatus | None
) -> dict[str, str]:
    """Why this progress cannot be recorded, by field (``periodo``, ``valor``, ``estado``); the
    keys are form field names and the values message keys the form translates."""
    problems = {}
    if period.year != program_year(mechanism):
        problems["periodo"] = "period_year"
    if mechanism.kind is MechanismKind.INDICATOR and value is None:
        problems["valor"] = "value_required"
    if mechanism.kind is MechanismKind.DELIVERABLE and status is None:
        problems["estado"] = "status_required"
    return problems


def correcting(mechanism: Mechanism, period: Period) -> bool:
    """Whether recording progress for ``period`` would correct progress already reported."""
    return any(p.period == period for p in mechanism.progress)


def record_progress(
    mechanism: Mechanism,
    period: Period,
    *,
    value: Decimal | None,
    status: DeliverableStatus | None,
    evidence_url: str | None,
    reported_on: date | None,
    note: str | None,
    by: User,
    ip: str | None = None,
    now: datetime | None = None,
) -> Progress:
    """Record the progress of a mechanism in a period, audit it and commit. Progress already
    reported for the period is corrected: a new revision that needs a note saying why, while
    the audit log keeps the values it replaces.

    Raises ``ValueError`` when ``progress_problems`` finds something wrong or a correction has
    no note.
    """
    if problems := progress_problems(mechanism, period, value, status):
        raise ValueError(problems)
    progress = next((p for p in mechanism.progress if p.period == period), None)
    before = _progress_detail(progress) if progress else None
    if progress is None:
        progress = Progress(period=period, revision=1)
        mechanism.progress.append(progress)
    elif not note:
        raise ValueError({"nota": "note_required"})
    else:
        progress.revision += 1
    progress.value = value
    progress.status = status if mechanism.kind is MechanismKind.DELIVERABLE else None
    progress.evidence_url = evidence_url or None
    progress.reported_on = reported_on
    progress.note = note or None
    progress.recorded_at = now or utcnow()
    progress.recorded_by = by
    detail = {"mechanism": mechanism.code, "after": _progress_detail(progress)}
    if before:
        detail["before"] = before
    audit("program.progress_recorded", by, target=mechanism, detail=detail, ip=ip)
    db.session.commit()
    return progress


def _progress_detail(progress: Progress) -> dict:
    return {
        "period": str(progress.period),
        "value": None if progress.value is None else str(progress.value),
        "status": progress.status.value if progress.status else None,
        "evidence_url": progress.evidence_url,
        "reported_on": progress.reported_on.isoformat() if progress.reported_on else None,
        "note": progress.note,
        "revision": progress.revision,
    }


# ---------------------------------------------------------------------------------------------
# CSV import and export

LANGUAGE_CODES = list(LANGUAGES)  # translated columns: <field>_es, <field>_en, <field>_nah
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


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


class _Validator:
    """Checks every row of every file and builds the program in memory (not yet added)."""

    def __init__(self, tables: dict[str, list[Row]], problems: list[Problem]):
        self.tables = tables
        self.problems = problems

    def rows(self, file: str) -> list[Row]:
        return self.tables.get(file) or []

    def broken(self, file: str) -> bool:
        """The file could not be read: references to its rows are not checked."""
        return self.tables.get(file) is None and file not in OPTIONAL_FILES

    def problem(self, file: str, line: int, reason: str) -> None:
        self.problems.append(Problem(file, line, reason))

    def text(self, file: str, line: int, row: dict, name: str, required=True) -> dict | None:
        value = {
            code: row[f"{name}_{code}"] for code in LANGUAGE_CODES if row.get(f"{name}_{code}")
        }
        if required and SOURCE_LANGUAGE not in value:
            self.problem(file, line, f"{name}_{SOURCE_LANGUAGE} is empty")
        elif value and SOURCE_LANGUAGE not in value:
            self.problem(file, line, f"{name} has a translation but no Spanish text")
        return value or None

    def code(self, file: str, line: int, row: dict, seen: dict, column="code") -> str | None:
        code = row[column]
        if not code:
            self.problem(file, line, f"{column} is empty")
            return None
        if len(code) > 20:
            self.problem(file, line, f"{column} {code!r} is longer than 20 characters")
            return None
        if code in seen:
            self.problem(file, line, f"duplicate {column} {code!r}")
            return None
        return code

    def ref(self, file: str, line: int, row: dict, column: str, known: dict, what: str):
        value = row[column]
        if known is None:
            return None
        if value not in known:
            self.problem(file, line, f"unknown {what} {value!r}")
            return None
        return known[value]

    def enum(self, file: str, line: int, row: dict, column: str, enum, optional=False):
        value = row[column]
        if not value and optional:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.problem(file, line, f"{column} {value!r} is not one of: {allowed}")
            return None

    def number(self, file: str, line: int, row: dict, column: str, optional=False):
        value = row[column]
        if not value and optional:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.problem(file, line, f"{column} {value!r} is not a number")
            return None
        if not number.is_finite() or number < 0 or number >= Decimal("1e12"):
            self.problem(file, line, f"{column} {value!r} is not a number from 0 to 10^12")
            return None
        return number.quantize(Decimal("0.01"))

    def period(self, file: str, line: int, row: dict, year: int | None) -> Period | None:
        try:
            period = Period.parse(row["period"])
        except ValueError:
            self.problem(file, line, f"period {row['period']!r} is not a period such as 2024, "
                         "2024-T2 or 2024-M07")  # fmt: skip
            return None
        if year is not None and period.year != year:
            self.problem(file, line, f"period {period} is not in the program's year {year}")
            return None
        return period

    def build(self) -> tuple[Program | None, dict[str, tuple[str, dict]]]:
        """The program (or ``None``) and its units by acronym: ``(acronym, name)``."""
        program = self._program()
        year = program.year if program else None
        units = self._units()
        objectives = self._level("objectives.csv", None, None, self._objective)
        if program and objectives is not None:
            program.objectives = list(objectives.values())
        strategies = self._level("strategies.csv", "objective", objectives, self._strategy)
        lines = self._level("action_lines.csv", "strategy", strategies, self._line)
        commitments = self._commitments(lines, units)
        mechanisms = self._mechanisms(commitments)
        self._targets(mechanisms, year)
        self._progress(mechanisms, year)
        return program, units

    def _program(self) -> Program | None:
        file, rows = "program.csv", self.rows("program.csv")
        if self.broken(file):
            return None
        if len(rows) != 1:
            self.problem(file, rows[1][0] if rows[1:] else 1, "needs exactly one program row")
            return None
        line, row = rows[0]
        if not SLUG.match(row["slug"]):
            self.problem(file, line, f"slug {row['slug']!r} is not lowercase words and hyphens")
        if not SLUG.match(row["institution_slug"]):
            self.problem(file, line, "institution_slug is not lowercase words and hyphens")
        if not row["institution_acronym"] or len(row["institution_acronym"]) > 20:
            self.problem(file, line, "institution_acronym needs 1 to 20 characters")
        if not re.fullmatch(r"20\d\d", row["year"]):
            self.problem(file, line, f"year {row['year']!r} is not a year such as 2024")
            return None
        self.institution = (
            row["institution_slug"],
            row["institution_acronym"],
            self.text(file, line, row, "institution_name"),
        )
        return Program(
            slug=row["slug"],
            year=int(row["year"]),
            title=self.text(file, line, row, "title"),
            summary=self.text(file, line, row, "summary"),
            notice=self.text(file, line, row, "notice", required=False),
        )

    def _units(self) -> dict[str, tuple[str, dict]]:
        file, units = "units.csv", {}
        if self.broken(file):
            return None
        for line, row in self.rows(file):
            acronym = self.code(file, line, row, units, "acronym")
            name = self.text(file, line, row, "name")
            if acronym:
                units[acronym] = (acronym, name)
        return units

    def _level(self, file, parent_column, parents, make) -> dict:
        """Objectives, strategies or action lines: code, parent, texts; in file order."""
        items: dict = {}
        if self.broken(file):
            return None
        for line, row in self.rows(file):
            code = self.code(file, line, row, items)
            parent = None
            if parent_column:
                parent = self.ref(
                    file, line, row, parent_column, parents, parent_column.replace("_", " ")
                )
            item = make(file, line, row)
            if not code:
                continue
            # Registered even without its parent, so that its children are not reported too.
            item.code, item.position = code, len(items) + 1
            items[code] = item
            if parent is not None:
                children = (
                    parent.strategies if parent_column == "objective" else parent.action_lines
                )
                item.position = len(children) + 1
                children.append(item)
        return items

    def _objective(self, file, line, row) -> Objective:
        return Objective(
            short_name=self.text(file, line, row, "short_name"),
            title=self.text(file, line, row, "title"),
        )

    def _strategy(self, file, line, row) -> Strategy:
        return Strategy(title=self.text(file, line, row, "title"))

    def _line(self, file, line, row) -> ActionLine:
        return ActionLine(title=self.text(file, line, row, "title"))

    def _commitments(self, lines, units) -> dict[str, tuple[int, ProgramCommitment]]:
        file, items = "commitments.csv", {}
        self.unit_of: dict[str, str] = {}
        if self.broken(file):
            return None
        for line, row in self.rows(file):
            code = self.code(file, line, row, items)
            action_line = self.ref(file, line, row, "action_line", lines, "action line")
            unit = self.ref(file, line, row, "responsible_unit", units, "responsible unit")
            commitment = ProgramCommitment(
                type=self.enum(file, line, row, "type", CommitmentType, optional=True),
                what=self.text(file, line, row, "what"),
                what_for=self.text(file, line, row, "what_for", required=False),
            )
            if not code:
                continue
            commitment.code = code
            items[code] = (line, commitment)
            if action_line is not None and unit:
                commitment.position = len(action_line.commitments) + 1
                action_line.commitments.append(commitment)
                self.unit_of[code] = unit[0]
        return items

    def _mechanisms(self, commitments) -> dict[str, Mechanism]:
        file, items = "mechanisms.csv", {}
        if self.broken(file):
            return None
        known = None
        if commitments is not None:
            known = {code: commitment for code, (_, commitment) in commitments.items()}
        for line, row in self.rows(file):
            code = self.code(file, line, row, items)
            commitment = self.ref(file, line, row, "commitment", known, "commitment")
            mechanism = Mechanism(
                kind=self.enum(file, line, row, "kind", MechanismKind),
                unit=self.enum(file, line, row, "unit", Unit, optional=True),
                periodicity=self.enum(file, line, row, "periodicity", Periodicity),
                comparator=self.enum(file, line, row, "comparator", Comparator),
                annual_target=self.number(file, line, row, "annual_target"),
                name=self.text(file, line, row, "name"),
                description=self.text(file, line, row, "description"),
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
                self.problem("commitments.csv", line, f"commitment {code!r} has no mechanism")
        return items

    def _targets(self, mechanisms, year) -> None:
        file, seen = "targets.csv", set()
        for line, row in self.rows(file):
            mechanism = self.ref(file, line, row, "mechanism", mechanisms, "mechanism")
            period = self.period(file, line, row, year)
            target = self.number(file, line, row, "target")
            if mechanism is None or period is None or target is None:
                continue
            if (mechanism.code, period) in seen:
                self.problem(file, line, f"duplicate target of {mechanism.code!r} for {period}")
                continue
            seen.add((mechanism.code, period))
            mechanism.targets.append(MechanismTarget(period=period, target=target))

    def _progress(self, mechanisms, year) -> None:
        file, seen = "progress.csv", set()
        for line, row in self.rows(file):
            mechanism = self.ref(file, line, row, "mechanism", mechanisms, "mechanism")
            period = self.period(file, line, row, year)
            value = self.number(file, line, row, "value", optional=True)
            status = self.enum(file, line, row, "status", DeliverableStatus, optional=True)
            reported_on = None
            if row["reported_on"]:
                try:
                    reported_on = date.fromisoformat(row["reported_on"])
                except ValueError:
                    self.problem(file, line, f"reported_on {row['reported_on']!r} is not a "
                                 "date such as 2024-04-15")  # fmt: skip
            if row["evidence_url"] and (
                not URL.match(row["evidence_url"]) or len(row["evidence_url"]) > 500
            ):
                self.problem(file, line, "evidence_url is not an http(s) address")
            if len(row["note"]) > 1000:
                self.problem(file, line, "note is longer than 1000 characters")
            revision = 1
            if row.get("revision"):
                if row["revision"].isdigit() and 1 <= int(row["revision"]) <= 10_000:
                    revision = int(row["revision"])
                else:
                    self.problem(file, line, f"revision {row['revision']!r} is not a number from 1")
            if mechanism is None or period is None or mechanism.kind is None:
                continue
            if mechanism.kind is MechanismKind.INDICATOR:
                if not row["value"]:
                    self.problem(file, line, "an indicator's progress needs a value")
                if row["status"]:
                    self.problem(file, line, "an indicator's progress has no status")
            elif mechanism.kind is MechanismKind.DELIVERABLE and not row["status"]:
                self.problem(file, line, "a deliverable's progress needs a status")
            if (mechanism.code, period) in seen:
                self.problem(file, line, f"duplicate progress of {mechanism.code!r} for {period}")
                continue
            seen.add((mechanism.code, period))
            mechanism.progress.append(
                Progress(
                    period=period,
                    value=value,
                    status=status,
                    evidence_url=row["evidence_url"] or None,
                    reported_on=reported_on,
                    note=row["note"] or None,
                    revision=revision,
                )
            )


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
    """Parse and check every row of every file."""
    parsed = Parsed()
    problems = parsed.problems
    for name in files:
        if name not in FILES:
            problems.append(Problem(name, 1, f"unknown file (expected: {', '.join(FILES)})"))
    tables: dict[str, list[Row]] = {}
    for name in FILES:
        if name not in files:
            if name not in OPTIONAL_FILES:
                problems.append(Problem(name, 1, "file missing"))
            continue
        rows = read_csv(name, files[name], problems)
        if rows is not None:
            tables[name] = rows
    validator = _Validator(tables, problems)
    with db.session.no_autoflush:
        program, units = validator.build()
    if not problems:
        parsed.program, parsed.units = program, {a: name for a, (_, name) in units.items()}
        parsed.institution, parsed.unit_of = validator.institution, validator.unit_of
    return parsed


def import_program(files: dict[str, bytes], replace: bool = False) -> Program:
    """Import a program from its CSV files (by name) and commit; raises ``ImportRefused`` with
    every problem and imports nothing when anything is wrong. An existing program with the same
    slug is refused unless ``replace``, which deletes it (with its progress) first.

    The institution and its units become ``Dependency`` rows (the units children of the
    institution, slugs ``<institution>-<acronym>``), created or renamed, so that staff scopes
    apply to the commitments of each unit.
    """
    parsed = validate(files)
    program, problems = parsed.program, parsed.problems
    existing = None
    if not problems:
        existing = db.session.scalar(select(Program).where(Program.slug == program.slug))
        if existing is not None and not replace:
            problems.append(
                Problem("program.csv", 2, f"program {program.slug!r} exists (use --replace)")
            )
    if problems:
        raise ImportRefused(problems)
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
    slug, acronym, name = parsed.institution
    institution = _dependency(slug, acronym, name, None)
    units = {
        acronym: _dependency(f"{slug}-{acronym.lower()}", acronym, name, institution)
        for acronym, name in parsed.units.items()
    }
    program.institution = institution
    for commitment in commitments_of(program):
        commitment.program = program
        commitment.responsible = units[parsed.unit_of[commitment.code]]
        for mechanism in commitment.mechanisms:
            mechanism.program = program
    db.session.add(program)
    db.session.commit()
    return program


def _dependency(slug: str, acronym: str, name: dict, parent: Dependency | None) -> Dependency:
    """The dependency with this slug, created or updated to this name and acronym."""
    dependency = db.session.scalar(select(Dependency).where(Dependency.slug == slug))
    if dependency is None:
        dependency = Dependency(slug=slug)
        db.session.add(dependency)
    dependency.name, dependency.acronym, dependency.parent = name, acronym, parent
    return dependency


def _number(value: Decimal | None) -> str:
    """A number as the format writes it: no exponent, no trailing zeros (``100``, ``87.5``)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def _texts(name: str, value: dict | None) -> dict[str, str]:
    return {f"{name}_{code}": (value or {}).get(code, "") for code in LANGUAGE_CODES}


def export_files(program: Program) -> dict[str, str]:
    """The program in the import format: ``{file name: CSV text}``; importing these files
    gives the same program."""
    institution = program.institution
    units = db.session.scalars(
        select(Dependency).where(Dependency.parent_id == institution.id).order_by(Dependency.id)
    ).all()
    commitments = commitments_of(program)
    mechanisms = [m for c in commitments for m in c.mechanisms]
    rows = {
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
                "annual_target": _number(m.annual_target),
                **_texts("name", m.name),
                **_texts("description", m.description),
            }
            for c in commitments
            for m in c.mechanisms
        ],
        "targets.csv": [
            {"mechanism": m.code, "period": str(t.period), "target": _number(t.target)}
            for m in mechanisms
            for t in sorted(m.targets, key=lambda t: _chronological(t.period))
        ],
        "progress.csv": [
            {
                "mechanism": m.code,
                "period": str(p.period),
                "value": _number(p.value),
                "status": p.status.value if p.status else "",
                "evidence_url": p.evidence_url or "",
                "reported_on": p.reported_on.isoformat() if p.reported_on else "",
                "note": p.note or "",
                "revision": str(p.revision),
            }
            for m in mechanisms
            for p in sorted(m.progress, key=lambda p: _chronological(p.period))
        ],
    }
    return {name: to_csv(FILES[name].header, rows[name]) for name in FILES}


def to_csv(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def export_program(program: Program, directory: Path) -> list[Path]:
    """Write the program's files into ``directory`` (created if needed); their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in export_files(program).items():
        path = directory / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths


DEMO_PROGRAMS = Path(__file__).resolve().parent.parent / "demo" / "programs"


def seed_demo_programs() -> bool:
    """Import the demo programs shipped in ``app/demo/programs/`` that are not loaded yet;
    True if one was imported."""
    imported = False
    for folder in sorted(p for p in DEMO_PROGRAMS.iterdir() if p.is_dir()):
        files = read_files([folder])
        slug = next(csv.DictReader(io.StringIO(files["program.csv"].decode("utf-8-sig"))))["slug"]
        if db.session.scalar(select(Program.id).where(Program.slug == slug)) is None:
            import_program(files)
            imported = True
    return imported


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
            "annual_target": _number(m.annual_target),
            "intermediate_targets": {str(t.period): _number(t.target) for t in m.targets},
            "progress": [
                {
                    "period": str(p.period),
                    "value": _number(p.value) or None,
                    "status": p.status.value if p.status else None,
                    "evidence_url": p.evidence_url,
                    "reported_on": p.reported_on.isoformat() if p.reported_on else None,
                    "track": track(m, p).value,
                    "corrected": p.revision > 1,
                }
                for p in sorted(m.progress, key=lambda p: _chronological(p.period))
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
