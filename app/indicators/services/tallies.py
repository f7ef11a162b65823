"""What the automatic indicators count, per charter and month, in a few SQL aggregates: the
feedback answered (and within which working-day thresholds), the open items (and those
dismissed late) and the survey responses; and, apart, the citizens' ratings of answers. Months
then add up into quarters and years."""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from sqlalchemy import (
    Integer,
    String,
    bindparam,
    case,
    exists,
    extract,
    func,
    literal,
    select,
    type_coerce,
    union_all,
)

from app.charters.models import CharterVersion, Commitment, charter_services
from app.core.clock import utc_at
from app.core.types import Period
from app.extensions import db
from app.feedback.models import (
    Feedback,
    FeedbackStatus,
    FeedbackType,
    SurveyResponse,
    WaitingBracket,
)
from app.feedback.services.workflow import ANSWERED_STATUSES as ANSWERED

DEFAULT_GOOD_SCORE = 4


def charter_items(columns, *conditions):
    """The charter (``charter_id``) and ``columns`` of ``Feedback`` of each item that meets
    ``conditions``: an item counts for every charter that covers its service, and for the
    charter whose commitment it names when that charter does not cover the service. The
    conditions go inside each branch, so that the database reads only the items they select,
    and the columns come along, so that it does not read them again."""
    by_service = (
        select(charter_services.c.charter_id.label("charter_id"), *columns)
        .join(Feedback, Feedback.service_id == charter_services.c.service_id)
        .where(*conditions)
    )
    covered = exists().where(
        charter_services.c.charter_id == CharterVersion.charter_id,
        charter_services.c.service_id == Feedback.service_id,
    )
    by_commitment = (
        select(CharterVersion.charter_id, *columns)
        .join(Commitment, Commitment.version_id == CharterVersion.id)
        .join(Feedback, Feedback.commitment_id == Commitment.id)
        .where(~covered, *conditions)
    )
    return union_all(by_service, by_commitment).subquery()


def _span_of(moment, starts: list, labels: list):
    """SQL: the label of the span (of consecutive spans beginning at ``starts``) in which
    ``moment`` falls, found by halving the spans: a few comparisons per row, on any engine.
    The first span's start is never compared."""
    if len(labels) == 1:
        return labels[0]
    middle = len(labels) // 2
    return case(
        (moment < starts[middle], _span_of(moment, starts[:middle], labels[:middle])),
        else_=_span_of(moment, starts[middle:], labels[middle:]),
    )


def _period_of(moment, periods: list[Period]):
    """SQL: the code of the period (of consecutive ``periods``) in whose local time the UTC
    ``moment`` falls."""
    return _span_of(
        moment,
        [utc_at(period.start) for period in periods],
        [literal(str(period), String) for period in periods],
    )


@dataclass
class Tallies:
    """Additive counts per (charter, source, month), each a row of numbers named by
    ``layouts[source]``: months add up into quarters and years. Months are numbered (see
    ``month_number``) and counts kept as rows, not dictionaries: a national institution has
    hundreds of thousands of them to store, look up and add."""

    layouts: dict[str, tuple[str, ...]]
    counts: dict = field(default_factory=dict)
    # Open feedback items, and those dismissed after their due date, per (charter, month
    # received): (received_on, due_on, due_days, dismissed_on, how many).
    open_items: dict = field(default_factory=lambda: defaultdict(list))
    # Totals already added up: several indicators of a charter read the same period's.
    totals: dict = field(default_factory=dict)

    def add(self, charter_id: int, source: str, month: int, counts: Sequence[int]) -> None:
        key = (charter_id, source, month)
        found = self.counts.get(key)
        self.counts[key] = counts if found is None else list(map(operator.add, found, counts))

    def total(self, charter_id: int, source: str, period: Period) -> dict[str, int]:
        key = (charter_id, source, period)
        total = self.totals.get(key)
        if total is None:
            layout, counts = self.layouts[source], self.counts
            rows = [
                row
                for month in months_of(period)
                if (row := counts.get((charter_id, source, month))) is not None
            ]
            # A run asks for a hundred thousand totals: a single month is its own sum.
            if len(rows) == 1:
                sums = rows[0]
            else:
                sums = [sum(column) for column in zip(*rows, strict=True)] or [0] * len(layout)
            total = self.totals[key] = dict(zip(layout, sums, strict=True))
        return total


def month_number(year: int, month: int) -> int:
    """Months counted from year 0: consecutive numbers, cheaper to hash than periods."""
    return 12 * year + month - 1


@lru_cache(maxsize=1024)
def months_of(period: Period) -> range:
    """The numbers of the months of a period."""
    last = period.end - timedelta(days=1)
    return range(
        month_number(period.start.year, period.start.month), month_number(last.year, last.month) + 1
    )


def tally(
    first: date, last: date, charter_ids: set[int] | None, thresholds: dict[str, set[int]]
) -> Tallies:
    """Count, per charter and month from ``first`` to ``last``, what the automatic indicators
    need. ``thresholds`` lists the working-day thresholds of feedback indicators ("feedback")
    and the good scores of satisfaction indicators ("satisfaction") to count within."""
    days = sorted(thresholds.get("feedback", ()))
    scores = sorted(thresholds.get("satisfaction", ()) | {DEFAULT_GOOD_SCORE})
    brackets = list(WaitingBracket)
    tallies = Tallies(
        {
            "feedback": ("answered", "days", *(f"within_{d}" for d in days)),
            "surveys": (
                "count",
                "total",
                *(f"good_{s}" for s in scores),
                *(f"waiting_{b.value}" for b in brackets),
                *(f"attention_{b.value}" for b in brackets),
            ),
        }
    )
    # Core rows, not ORM ones: hundreds of thousands of plain tuples, read once.
    connection = db.session.connection()
    counted = (
        Feedback.type != FeedbackType.COMPLIMENT,
        Feedback.status != FeedbackStatus.DISMISSED,
    )

    def of_charters(column) -> list:
        return [] if charter_ids is None else [column.in_(charter_ids)]

    months = Period.span(first, last, "M")
    by_code = {str(month): month_number(month.year, month.index) for month in months}

    # Feedback by the local day it was received: one query, grouped by charter and month.
    received = (Feedback.received_on >= months[0].start, Feedback.received_on <= last)
    items = charter_items(
        (Feedback.received_on, Feedback.status, Feedback.response_days), *received, *counted
    )
    year, month_of_year = (
        extract("year", items.c.received_on),
        extract("month", items.c.received_on),
    )
    answered = items.c.status.in_(ANSWERED)
    rows = connection.execute(
        select(
            items.c.charter_id,
            year,
            month_of_year,
            func.count().filter(answered),
            func.coalesce(func.sum(items.c.response_days).filter(answered), 0),
            *[func.count().filter(answered & (items.c.response_days <= d)) for d in days],
        )
        .where(*of_charters(items.c.charter_id))
        .group_by(items.c.charter_id, year, month_of_year)
    ).all()
    for charter_id, y, m, *counts in rows:
        tallies.add(charter_id, "feedback", month_number(int(y), int(m)), counts)

    # Surveys by the local month of their UTC moment (the ratings of answers to complaints
    # measure something else: see ``rating_tallies``).
    start, end = utc_at(months[0].start), utc_at(months[-1].end)
    month = _period_of(SurveyResponse.created_at, months).label("month")
    surveys = (
        select(
            charter_services.c.charter_id.label("charter_id"),
            month,
            func.count(),
            func.coalesce(func.sum(SurveyResponse.score), 0),
            *[func.count().filter(SurveyResponse.score >= s) for s in scores],
            *[func.count().filter(SurveyResponse.waiting == b) for b in brackets],
            *[func.count().filter(SurveyResponse.attention == b) for b in brackets],
        )
        .join(SurveyResponse, SurveyResponse.service_id == charter_services.c.service_id)
        .where(SurveyResponse.created_at >= start, SurveyResponse.created_at < end)
        .where(*of_charters(charter_services.c.charter_id))
        .group_by(charter_services.c.charter_id, month)
    )
    for charter_id, code, *counts in connection.execute(surveys).all():
        tallies.add(charter_id, "surveys", by_code[code], counts)
    unanswered = charter_items(
        # Plain integers: a hundred thousand groups need no WorkingDays objects.
        (
            Feedback.received_on,
            Feedback.due_on,
            type_coerce(Feedback.due_days, Integer),
            Feedback.dismissed_on,
        ),
        *received,
        Feedback.type != FeedbackType.COMPLIMENT,
        Feedback.status.not_in(ANSWERED),
        # Dismissed after its due date, an item stays late (judged as of its dismissal).
        (Feedback.status != FeedbackStatus.DISMISSED) | (Feedback.dismissed_on > Feedback.due_on),
    )
    grouped = [
        unanswered.c[name]
        for name in ("charter_id", "received_on", "due_on", "due_days", "dismissed_on")
    ]
    rows = connection.execute(
        select(*grouped, func.count())
        .where(*of_charters(unanswered.c.charter_id))
        .group_by(*grouped)
    ).all()
    for charter_id, received_on, due_on, due_days, dismissed_on, count in rows:
        month = month_number(received_on.year, received_on.month)
        tallies.open_items[charter_id, month].append(
            (received_on, due_on, due_days, dismissed_on, count)
        )
    return tallies


@dataclass
class Ratings:
    """Ratings (1–5) citizens gave to answers: how many and their sum."""

    count: int = 0
    total: int = 0

    @property
    def mean(self) -> Decimal | None:
        """The mean rating, two decimals (halves up): it is judged against no target."""
        if not self.count:
            return None
        return (Decimal(self.total) / self.count).quantize(Decimal("0.01"), ROUND_HALF_UP)


def rating_tallies(first: date, last: date, charter_id: int) -> dict[Period, Ratings]:
    """The citizens' ratings (1–5) of the answers to a charter's feedback, per quarter of the
    answer they rate, from the month of ``first`` to that of ``last``: how many and their sum
    (one query, which sorts each answer into its quarter: four times fewer cases to build and
    for the database to try than months). They measure how complaints were handled, not the
    service: no satisfaction indicator reads them."""
    months = Period.span(first, last, "M")
    quarters = Period.span(first, last, "T")
    rows = db.session.execute(
        _ratings_by_quarter(len(quarters)),
        {
            "charter": charter_id,
            "start": utc_at(months[0].start),
            "end": utc_at(months[-1].end),
            **{f"quarter_{n}": utc_at(quarter.start) for n, quarter in enumerate(quarters)},
        },
    )
    return {quarters[n]: Ratings(count, int(total)) for n, count, total in rows}


@lru_cache(maxsize=128)
def _ratings_by_quarter(quarters: int):
    """``rating_tallies``'s statement for that many quarters, built once (a charter's page
    asks for it, and building it took longer than the database to answer): rows of the
    quarter's number (from 0), how many ratings and their sum. Bound: ``charter``, ``start``,
    ``end`` and each quarter's start, ``quarter_0``…"""
    rated = charter_items(
        (Feedback.rated_answer_at, Feedback.citizen_rating),
        Feedback.citizen_rating.is_not(None),
        Feedback.rated_answer_at >= bindparam("start"),
        Feedback.rated_answer_at < bindparam("end"),
    )
    quarter = _span_of(
        rated.c.rated_answer_at,
        [bindparam(f"quarter_{n}") for n in range(quarters)],
        [literal(n, Integer) for n in range(quarters)],
    ).label("quarter")
    return (
        select(quarter, func.count(), func.sum(rated.c.citizen_rating))
        .where(rated.c.charter_id == bindparam("charter"))
        .group_by(quarter)
    )
