"""The live dashboard of feedback: what was received in the last twelve months and how the
answers kept their deadlines, in total, by type, by dependency and by month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import extract, func, select

from app.catalog.models import Dependency
from app.charters.models import Comparator
from app.core.clock import local_now, local_today, utc_at
from app.core.types import Period
from app.extensions import db
from app.feedback.models import Feedback, FeedbackStatus, FeedbackType
from app.indicators.services.engine import two_places
from app.indicators.services.results import dependency_subtree
from app.indicators.services.tallies import ANSWERED, Ratings

ZERO = Decimal(0)
# Not counted in response times: a compliment needs no answer within a deadline, and a
# dismissed item (a duplicate, an abuse) is not a case to answer. Both count as received.
TIMED_EXCLUDED_TYPES = (FeedbackType.COMPLIMENT,)


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
    updated_at: datetime  # local time of the institution
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


def _figure_columns(today: date) -> list:
    """Additive figures of a group of items: received, answered, on time, overdue, open, and
    the working days the answered ones took in all."""
    with_deadline = Feedback.type.not_in(TIMED_EXCLUDED_TYPES)
    timed = with_deadline & (Feedback.status != FeedbackStatus.DISMISSED)
    answered = timed & Feedback.status.in_(ANSWERED)
    is_open = timed & Feedback.status.not_in(ANSWERED)
    late = answered & (Feedback.response_days > Feedback.due_days)
    dismissed_late = (
        with_deadline
        & (Feedback.status == FeedbackStatus.DISMISSED)
        & (Feedback.dismissed_on > Feedback.due_on)
    )
    return [
        func.count(),
        func.count().filter(answered),
        func.count().filter(answered & (Feedback.response_days <= Feedback.due_days)),
        func.count().filter((is_open & (Feedback.due_on < today)) | late | dismissed_late),
        func.count().filter(is_open),
        func.coalesce(func.sum(Feedback.response_days).filter(answered), 0),
    ]


def _figures(counts: list[int]) -> Figures:
    received, answered, on_time, overdue, pending, days = counts
    mean = two_places(Decimal(int(days)) / answered) if answered else None
    return Figures(received, answered, on_time, overdue, pending, mean)


def dashboard(
    today: date | None = None, dependency_id: int | None = None, limit: int | None = None
) -> Dashboard:
    """Feedback received in the last twelve months (this one included) and how it was answered:
    in total, by type, by dependency and by month, and the ratings of the answers given in
    those months, from three SQL aggregates: one by type and month, one by dependency, one of
    the ratings. (One aggregate by type, month and dependency returns a row for each: tens of
    thousands at national scale, slower to group and to add up in Python.)

    ``dependency_id`` keeps the items assigned to that dependency and its children; ``today``
    decides which open items are overdue (the institution's date by default); ``limit`` lists
    only that many dependencies, the others added up.
    """
    today = today or local_today()
    months = Period.span(date(today.year - (today.month < 12), today.month % 12 + 1, 1), today, "M")
    first = months[0].start
    scope = [Feedback.received_on >= first, Feedback.received_on <= today]
    if dependency_id is not None:
        scope.append(Feedback.dependency_id.in_(dependency_subtree(dependency_id)))
    figures = _figure_columns(today)
    year, month = extract("year", Feedback.received_on), extract("month", Feedback.received_on)
    total: list[int] = [0] * 6
    by_type: dict = defaultdict(lambda: [0] * 6)
    by_month: dict = defaultdict(lambda: [0] * 6)
    for kind, y, m, *counts in db.session.execute(
        select(Feedback.type, year, month, *figures)
        .where(*scope)
        .group_by(Feedback.type, year, month)
    ):
        for sums in (total, by_type[kind], by_month[Period(int(y), "M", int(m))]):
            sums[:] = [a + b for a, b in zip(sums, counts, strict=True)]
    by_dependency = {
        owner: counts
        for owner, *counts in db.session.execute(
            select(Feedback.dependency_id, *figures).where(*scope).group_by(Feedback.dependency_id)
        )
    }
    ranked = sorted(by_dependency.items(), key=lambda item: (-item[1][0], item[0] or 0))
    ranked, rest = ranked[:limit], ranked[limit:] if limit is not None else []
    ids = [owner for owner, _counts in ranked if owner is not None]
    dependencies = (
        {d.id: d for d in db.session.scalars(select(Dependency).where(Dependency.id.in_(ids)))}
        if ids
        else {}
    )
    # Few items are reopened: a partial index counts them without reading the others.
    reopened = db.session.scalar(
        select(func.count()).where(*scope, Feedback.reopened_at.is_not(None))
    )
    others = [sum(column) for column in zip(*(counts for _owner, counts in rest), strict=True)]
    rated = [
        Feedback.citizen_rating.is_not(None),
        Feedback.rated_answer_at >= utc_at(first),
        Feedback.rated_answer_at < utc_at(today + timedelta(days=1)),
    ]
    if dependency_id is not None:
        rated.append(Feedback.dependency_id.in_(dependency_subtree(dependency_id)))
    count, rating_total = db.session.execute(
        select(func.count(), func.coalesce(func.sum(Feedback.citizen_rating), 0)).where(*rated)
    ).one()
    return Dashboard(
        today=today,
        first=first,
        updated_at=local_now(),
        total=_figures(total),
        by_type=[
            (kind, replace(_figures(by_type[kind]), timed=kind not in TIMED_EXCLUDED_TYPES))
            for kind in FeedbackType
        ],
        by_dependency=[(dependencies.get(owner), _figures(counts)) for owner, counts in ranked],
        by_month=[(m, _figures(by_month[m])) for m in months],
        other_dependencies=(len(rest), _figures(others)) if rest else None,
        reopened=reopened,
        ratings=Ratings(count, int(rating_total)),
    )
