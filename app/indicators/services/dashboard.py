"""The live dashboard of feedback: what was received in the last twelve months and how the
answers kept their deadlines, in total, by type, by dependency and by month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Select, bindparam, func, select

from app.catalog.models import Dependency
from app.catalog.services import dependency_subtree
from app.charters.models import Comparator
from app.core.clock import local_today, utc_at, utcnow
from app.core.pagination import LIMIT
from app.core.types import Period
from app.extensions import db
from app.feedback.models import FeedbackType
from app.indicators.models import DashboardMonth, DashboardTotal, DashboardWindow
from app.indicators.services.dashboard_counts import (
    COLUMNS,
    contributions,
    counted_for,
    first_month,
    later,
)
from app.indicators.services.engine import two_places
from app.indicators.services.tallies import Ratings

ZERO = Decimal(0)
# Not counted in response times: a compliment needs no answer within a deadline, and a
# dismissed item (a duplicate, an abuse) is not a case to answer. Both count as received.
TIMED_EXCLUDED_TYPES = (FeedbackType.COMPLIMENT,)
TOTAL_COLUMNS = [getattr(DashboardTotal, name) for name in COLUMNS]
WINDOW_COLUMNS = [getattr(DashboardWindow, name) for name in COLUMNS]


@dataclass
class Figures:
    """Feedback figures of a group: received, and how the answers kept their deadlines.

    ``answered``, ``on_time``, ``overdue``, ``open`` and ``mean_days`` leave out compliments and
    items dismissed by their due date. ``overdue`` counts what broke its due date, whatever
    happened next: open items past it (waiting for information asked after it too), items
    answered after it and items dismissed after it (``workflow.is_late`` for one item).
    """

    received: int = 0
    answered: int = 0
    on_time: int = 0
    overdue: int = 0
    open: int = 0
    mean_days: Decimal | None = None
    timed: bool = True  # False for compliments: deadlines do not apply to them

    @property
    def on_time_share(self) -> Decimal | None:
        """Percent of the decided cases (answered, or open past their due date) answered on
        time, rounded down: a figure that never flatters (99.996 % is not 100 %)."""
        decided = self.on_time + self.overdue
        if not decided:
            return None
        return Comparator.AT_LEAST.rounded(Decimal(100 * self.on_time) / decided, ZERO, 2)


@dataclass
class Dashboard:
    today: date
    first: date  # the first day counted: the start of the month eleven months ago
    updated_at: datetime  # UTC, naive, as every moment (pages show it in the institution's zone)
    total: Figures
    by_type: list[tuple[FeedbackType, Figures]]
    by_dependency: list[tuple[Dependency | None, Figures]]  # those with most items first
    by_month: list[tuple[Period, Figures]]
    # How many dependencies are left out of ``by_dependency`` (beyond its ``limit``), and
    # their figures added up.
    other_dependencies: tuple[int, Figures] | None = None
    # Answered items whose answer the citizen said did not solve the problem (reopened).
    reopened: int = 0
    # The citizens' ratings of the answers given in these months: how complaints were handled,
    # not how satisfied people are with the services (that is the satisfaction survey).
    ratings: Ratings = field(default_factory=Ratings)


# Read by every dashboard of the whole institution: built once (see ``app.core.loading``).
_TOTALS = select(DashboardTotal.month, DashboardTotal.type, *TOTAL_COLUMNS).where(
    bindparam("first") <= DashboardTotal.month, DashboardTotal.month <= bindparam("today")
)
# How many dependencies received items, counted apart: a window count would read every row of
# the ranking's index (and their table rows) for a page that lists twenty.
_RECEIVING = (
    select(func.count()).select_from(DashboardWindow).where(DashboardWindow.received > 0)
).scalar_subquery()
_RANKING = (
    select(DashboardWindow.dependency_key, *WINDOW_COLUMNS, _RECEIVING)
    .where(DashboardWindow.received > 0)
    .order_by(DashboardWindow.received.desc(), DashboardWindow.dependency_key)
)


def _with_dependencies(ranking) -> Select:
    ranking = ranking.subquery()
    return select(ranking, Dependency).outerjoin(
        Dependency, Dependency.id == ranking.c.dependency_key
    )


_LISTED = _with_dependencies(_RANKING.limit(LIMIT))


def _figures(sums: list[int]) -> Figures:
    """Figures of a group from its counts in ``COLUMNS`` order."""
    counted = dict(zip(COLUMNS, sums, strict=True))
    answered = counted["answered"]
    return Figures(
        received=counted["received"],
        answered=answered,
        on_time=counted["on_time"],
        overdue=counted["late"] + counted["open_overdue"],
        open=counted["open"],
        mean_days=two_places(Decimal(counted["days"]) / answered) if answered else None,
    )


def _add(into: list[int], sums, sign: int = 1) -> None:
    into[:] = [a + sign * int(b or 0) for a, b in zip(into, sums, strict=True)]


def dashboard(
    today: date | None = None, dependency_id: int | None = None, limit: int | None = None
) -> Dashboard:
    """Feedback received in the last twelve months (this one included) and how it was answered:
    in total, by type, by dependency and by month, and the ratings of the answers given in
    those months. Read from the figures kept as items change (``dashboard_counts``): a few
    dozen rows, whatever the number of items.

    ``dependency_id`` keeps the items assigned to that dependency and its children; ``today``
    decides which open items are overdue (the institution's date by default); ``limit`` lists
    only that many dependencies, the others added up.
    """
    today = today or local_today()
    first = first_month(today)
    months = Period.span(first, today, "M")
    counted_for(today, first)
    family = None
    if dependency_id is not None:
        family = set(db.session.scalars(dependency_subtree(dependency_id)))
        # A dependency's figures are read with statements built for it; the institution's,
        # asked for on every visit, with statements built once.
        in_window = (first <= DashboardMonth.month, DashboardMonth.month <= today)
        sums = [func.sum(getattr(DashboardMonth, name)) for name in COLUMNS]
    by_month: dict = defaultdict(lambda: [0] * len(COLUMNS))
    by_type: dict = defaultdict(lambda: [0] * len(COLUMNS))
    by_dependency: dict = defaultdict(lambda: [0] * len(COLUMNS))
    # Parts of items of this month that a day in the past must leave out: none for today (or
    # later), since nothing was received or rated after it, so not even looked for.
    leave_out = [
        (item, part)
        for item, part in (later(today, utc_at(today + timedelta(days=1)))
                           if today < local_today() else [])
        if family is None or item.dependency_id in family
    ]  # fmt: skip
    if family is None:
        rows = db.session.execute(_TOTALS, {"first": first, "today": today})
    else:
        rows = db.session.execute(
            select(DashboardMonth.month, DashboardMonth.type, *sums)
            .where(*in_window, DashboardMonth.dependency_key.in_(family))
            .group_by(DashboardMonth.month, DashboardMonth.type)
        )
    for month, kind, *counts in rows:
        _add(by_month[month], counts)
        _add(by_type[kind], counts)
    # The ranking reads the window's row of each dependency (a day in the past reads them all)
    # and how many dependencies received items (before the limit); the same statement joins
    # the dependencies ranked (only those).
    if family is None and limit is not None and not leave_out:
        ranked_rows = db.session.execute(_LISTED, {"limit": limit}).all()
    elif family is None:  # every dependency: no limit, or some of the figures are left out
        ranked_rows = db.session.execute(_with_dependencies(_RANKING)).all()
    else:
        ranking = (
            select(DashboardMonth.dependency_key, *sums, func.count().over())
            .where(*in_window, DashboardMonth.dependency_key.in_(family))
            .group_by(DashboardMonth.dependency_key)
        )
        ranked_rows = db.session.execute(_with_dependencies(ranking)).all()
    dependencies = {}
    for key, *counts, _receiving, dependency in ranked_rows:
        _add(by_dependency[key], counts)
        dependencies[key] = dependency
    others_count = None
    if family is None and limit is not None and not leave_out:
        others_count = (ranked_rows[0][-2] if ranked_rows else 0) - len(by_dependency)
    for item, part in leave_out:
        for each_part, month, key, counts in contributions(item, today):
            if each_part == part and month in by_month:
                _add(by_month[month], counts, -1)
                _add(by_type[item.type], counts, -1)
                if key in by_dependency:
                    _add(by_dependency[key], counts, -1)
    total = [0] * len(COLUMNS)
    for counts in by_month.values():
        _add(total, counts)
    ranked = sorted(
        ((key, counts) for key, counts in by_dependency.items() if counts[0] > 0),
        key=lambda item: (-item[1][0], item[0]),
    )
    ranked, rest = ranked[:limit], ranked[limit:] if limit is not None else []
    listed = [0] * len(COLUMNS)
    for _key, counts in ranked:
        _add(listed, counts)
    if others_count is not None:
        rest_count = others_count
        others = [a - b for a, b in zip(total, listed, strict=True)]
        # Ratings and reopened items are not ranked: only received-month figures are split.
    else:
        rest_count = len(rest)
        others = [0] * len(COLUMNS)
        for _key, counts in rest:
            _add(others, counts)
    return Dashboard(
        today=today,
        first=first,
        updated_at=utcnow(),
        total=_figures(total),
        by_type=[
            (kind, replace(_figures(by_type[kind]), timed=kind not in TIMED_EXCLUDED_TYPES))
            for kind in FeedbackType
        ],
        by_dependency=[(dependencies.get(key), _figures(counts)) for key, counts in ranked],
        by_month=[(m, _figures(by_month[m.start])) for m in months],
        other_dependencies=(rest_count, _figures(others)) if rest_count else None,
        reopened=total[COLUMNS.index("reopened")],
        ratings=Ratings(total[COLUMNS.index("ratings")], total[COLUMNS.index("rating_points")]),
    )
