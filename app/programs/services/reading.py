"""Work programs as the public reads them: the programs, a program's tree, whether each
mechanism is on track, the page's filters and the summary figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from app.catalog.models import Dependency
from app.charters.models import Periodicity
from app.core.loading import children, load_children
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


def published_programs() -> list[Program]:
    """Every program, newest year first, with its institution."""
    return list(
        db.session.scalars(
            select(Program)
            .options(selectinload(Program.institution))
            .order_by(Program.year.desc(), Program.slug)
        )
    )


# A program's tree, one level at a time, each level read by a statement built once (see
# ``app.core.loading``) in the order of its collection.
_PROGRAM = (
    select(Program)
    .where(Program.slug == bindparam("slug"))
    .options(joinedload(Program.institution))
)
_OBJECTIVES = children(Objective, "program_id", Objective.position)
_STRATEGIES = children(Strategy, "objective_id", Strategy.position)
_ACTION_LINES = children(ActionLine, "strategy_id", ActionLine.position)
_COMMITMENTS = children(
    ProgramCommitment,
    "action_line_id",
    ProgramCommitment.position,
    joinedload(ProgramCommitment.responsible),
)
_MECHANISMS = children(Mechanism, "commitment_id", Mechanism.position)
_TARGETS = children(MechanismTarget, "mechanism_id", MechanismTarget.period)
_PROGRESS = children(Progress, "mechanism_id", Progress.period)


def load_program(slug: str) -> Program | None:
    """The program with its whole tree, progress and units loaded in a constant number of
    queries; ``None`` when there is no such program."""
    program = db.session.scalar(_PROGRAM, {"slug": slug})
    if program is None:
        return None
    objectives = load_children([program], "objectives", _OBJECTIVES)
    strategies = load_children(objectives, "strategies", _STRATEGIES)
    lines = load_children(strategies, "action_lines", _ACTION_LINES)
    commitments = load_children(lines, "commitments", _COMMITMENTS)
    mechanisms = load_children(commitments, "mechanisms", _MECHANISMS)
    load_children(mechanisms, "targets", _TARGETS)
    load_children(mechanisms, "progress", _PROGRESS)
    return program


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


def chronological(period: Period) -> tuple[date, date]:
    """A sort key for periods in the order they end: a year after its last quarter, and
    between periods that end together, the longer first."""
    return period.end, period.start


def latest_progress(mechanism: Mechanism) -> Progress | None:
    """The progress of the most recent period (a year counts after its quarters and months)."""
    if not mechanism.progress:
        return None
    return max(mechanism.progress, key=lambda p: chronological(p.period))


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


class Branch(NamedTuple):
    """A part of a program's tree and what the filters show under it: its branches, or under
    an action line its commitments, each with the mechanisms shown."""

    node: Objective | Strategy | ActionLine
    shown: list


def shown_tree(program: Program, filters: Filters) -> list[Branch]:
    """The objectives, strategies and action lines that keep a commitment the filters show,
    in the program's order, down to those commitments and their mechanisms shown."""
    tree = []
    for objective in program.objectives:
        strategies = []
        for strategy in objective.strategies:
            lines = []
            for line in strategy.action_lines:
                shown = [
                    (c, mechanisms) for c in line.commitments if (mechanisms := matches(c, filters))
                ]
                if shown:
                    lines.append(Branch(line, shown))
            if lines:
                strategies.append(Branch(strategy, lines))
        if strategies:
            tree.append(Branch(objective, strategies))
    return tree


def commitments_shown(tree: list[Branch]) -> int:
    return sum(
        len(line.shown)
        for objective in tree
        for strategy in objective.shown
        for line in strategy.shown
    )


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
