"""The dashboard's figures, kept as items change, so that the dashboard adds up a few dozen rows
instead of a million items (see ``DashboardCounts`` in app/indicators/models.py).

Every flush that writes feedback items moves the figures by what it changed: the items' rows as
they were before the flush are taken away and the rows as they are after it are added, read from
the database both times so that nothing depends on what the session happened to load. Moving
figures by differences (``+=``) keeps them right when several workers write at once, which
counting a group again would not. What depends on the day (which open items are overdue) and on
the month (the twelve months shown) moves when the dashboard is first read on a new day or in a
new month. Items written around the ORM (bulk loads) call ``rebuild``.

On PostgreSQL the state row is locked for share by every flush and for update while the figures
are rebuilt or moved to a new day: a rebuild never misses or counts twice an item written
meanwhile.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Integer, cast, delete, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core.clock import local_date, local_today
from app.extensions import db
from app.feedback.models import Feedback, FeedbackStatus, FeedbackType
from app.feedback.services.workflow import ANSWERED_STATUSES as ANSWERED
from app.indicators.models import (
    DashboardCounts,
    DashboardMonth,
    DashboardState,
    DashboardTotal,
    DashboardWindow,
)

STATE_ID = 1
COLUMNS = tuple(DashboardCounts.__annotations__)  # received, answered, … as declared
TABLES = (DashboardMonth, DashboardTotal, DashboardWindow)
# What an item's figures depend on, as plain values.
ROW = (
    Feedback.id,
    Feedback.type,
    Feedback.status,
    Feedback.received_on,
    Feedback.due_on,
    cast(Feedback.due_days, Integer),
    cast(Feedback.response_days, Integer),
    Feedback.dismissed_on,
    Feedback.reopened_at,
    Feedback.citizen_rating,
    Feedback.rated_answer_at,
    Feedback.dependency_id,
)


@dataclass(frozen=True)
class Item:
    id: int
    type: FeedbackType
    status: FeedbackStatus
    received_on: date
    due_on: date | None
    due_days: int | None
    response_days: int | None
    dismissed_on: date | None
    reopened_at: datetime | None
    citizen_rating: int | None
    rated_answer_at: datetime | None
    dependency_id: int | None


def month_of(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def first_month(today: date) -> date:
    """The first day of the twelve months the dashboard shows on ``today`` (its month included)."""
    return add_months(month_of(today), -11)


RECEIVED, RATED = "received", "rated"


def contributions(item: Item, as_of: date | None) -> list[tuple[str, date, int, list]]:
    """What one item adds to the figures: (part, month, dependency key, counts in ``COLUMNS``
    order), for the month it was received (part ``RECEIVED``) and, when it was rated, the month
    of the answer it rates (part ``RATED``)."""
    with_deadline = item.type is not FeedbackType.COMPLIMENT
    dismissed = item.status is FeedbackStatus.DISMISSED
    timed = with_deadline and not dismissed
    answered = timed and item.status in ANSWERED
    days, due_days = item.response_days, item.due_days
    known = answered and days is not None and due_days is not None
    late = (known and days > due_days) or (
        with_deadline
        and dismissed
        and item.dismissed_on is not None
        and item.due_on is not None
        and item.dismissed_on > item.due_on
    )
    still_open = timed and not answered
    overdue = still_open and item.due_on is not None and as_of is not None and item.due_on < as_of
    # In COLUMNS order: received, answered, on_time, late, open, open_overdue, days, reopened,
    # ratings, rating_points.
    counts = [
        1,
        int(answered),
        int(known and days <= due_days),
        int(late),
        int(still_open),
        int(overdue),
        days if answered and days is not None else 0,
        int(item.reopened_at is not None),
        0,
        0,
    ]
    key = item.dependency_id or 0
    found = [(RECEIVED, month_of(item.received_on), key, counts)]
    if item.citizen_rating is not None and item.rated_answer_at is not None:
        rating = [0, 0, 0, 0, 0, 0, 0, 0, 1, item.citizen_rating]
        found.append((RATED, month_of(local_date(item.rated_answer_at)), key, rating))
    return found


class Changes:
    """Differences to add to the figures: by month, type and dependency, from which the other
    tables' rows are added up when they are written."""

    def __init__(self, state: Counted) -> None:
        self.state = state
        self.months: dict = defaultdict(lambda: [0] * len(COLUMNS))

    def add(self, items: Iterable[Item], sign: int = 1, as_of: date | None = None) -> None:
        as_of = as_of or self.state.as_of
        for item in items:
            for _part, month, key, counts in contributions(item, as_of):
                sums = self.months[(month, item.type, key)]
                for index, value in enumerate(counts):
                    if value:
                        sums[index] += sign * value

    def rows(self) -> dict:
        """The differences of every table, by key."""
        window = self.state.window_start
        found = {table: defaultdict(lambda: [0] * len(COLUMNS)) for table in TABLES}
        for (month, kind, key), sums in self.months.items():
            keys = [(DashboardMonth, (month, kind, key)), (DashboardTotal, (month, kind))]
            if window and window <= month < add_months(window, 12):
                keys.append((DashboardWindow, (key,)))
            for table, row_key in keys:
                found[table][row_key] = [
                    a + b for a, b in zip(found[table][row_key], sums, strict=True)
                ]
        return found

    def apply(self, connection) -> None:
        for table, rows in self.rows().items():
            names = [c.name for c in table.__table__.primary_key.columns]
            # Rows in one order in every transaction: two writers never wait on each other
            # crosswise (a deadlock).
            values = [
                dict(zip(names, key, strict=True)) | dict(zip(COLUMNS, sums, strict=True))
                for key, sums in sorted(rows.items(), key=lambda row: repr(row[0]))
                if any(sums)
            ]
            if values:
                connection.execute(_upsert(connection, table, names), values)


def _upsert(connection, table, names: list[str]):
    """INSERT … ON CONFLICT (key) DO UPDATE SET column = column + excluded.column."""
    dialect = connection.dialect.name
    statement = (postgresql if dialect == "postgresql" else sqlite).insert(table.__table__)
    columns = table.__table__.c
    return statement.on_conflict_do_update(
        index_elements=names,
        set_={name: columns[name] + statement.excluded[name] for name in COLUMNS},
    )


def _items(connection, *conditions) -> list[Item]:
    return [Item(*row) for row in connection.execute(select(*ROW).where(*conditions))]


@dataclass
class Counted:
    """What the figures were counted for (``DashboardState``'s values)."""

    as_of: date | None
    window_start: date | None


# Read by every dashboard: built once (see ``app.core.loading``).
_STATE = select(DashboardState.as_of, DashboardState.window_start).where(
    DashboardState.id == STATE_ID
)


def _state(connection, lock: str | None = None) -> Counted | None:
    statement = _STATE
    if lock:
        statement = statement.with_for_update(read=lock == "share")
    row = connection.execute(statement).first()
    return Counted(*row) if row else None


# --- kept as items change ---------------------------------------------------------------------


def _before_flush(session: Session, _context, _instances) -> None:
    """The rows of the items this flush changes or deletes, as they are before it."""
    ids = {
        item.id
        for item in (*session.dirty, *session.deleted)
        if isinstance(item, Feedback) and item.id is not None
    }
    if ids:
        session.info["dashboard_before"] = _items(session.connection(), Feedback.id.in_(ids))


def _after_flush(session: Session, _context) -> None:
    """Move the figures by what the flush changed."""
    before = session.info.pop("dashboard_before", [])
    ids = {
        item.id
        for item in (*session.new, *session.dirty, *session.deleted)
        if isinstance(item, Feedback) and item.id is not None
    }
    if not ids:
        return
    connection = session.connection()
    state = _state(connection, lock="share")
    if state is None or state.as_of is None:
        return  # never counted: the first reading counts everything
    changes = Changes(state)
    changes.add(before, -1)
    changes.add(_items(connection, Feedback.id.in_(ids)))
    changes.apply(connection)


def register_listeners() -> None:
    """Keep the figures in step with every item written through any session (the application
    factory calls it; calling it again changes nothing)."""
    for name, listener in (("before_flush", _before_flush), ("after_flush", _after_flush)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


# --- counted again, and moved to a new day or month -------------------------------------------


def rebuild(today: date, window_start: date) -> None:
    """Count every item again (after bulk loads, or the first time); commits."""
    connection = db.session.connection()
    state = _locked_state(connection)
    for table in TABLES:
        connection.execute(delete(table))
    state.as_of, state.window_start = today, window_start
    changes = Changes(state)
    # Items are read in batches of ids: a million rows at once would hold them all in memory.
    last = 0
    while batch := [
        Item(*row)
        for row in connection.execute(
            select(*ROW).where(Feedback.id > last).order_by(Feedback.id).limit(50_000)
        )
    ]:
        changes.add(batch)
        last = batch[-1].id
    changes.apply(connection)
    _save_state(connection, state)
    db.session.commit()


def recount() -> None:
    """Count every item again for today (after items were loaded around the ORM); commits."""
    today = local_today()
    rebuild(today, first_month(today))


def move_to(today: date, window_start: date) -> None:
    """Count the figures for ``today`` and the window starting at ``window_start``: open items
    that fell due between the day counted and ``today`` become (or, going back, stop being)
    overdue, and the window is added up again from the months; commits."""
    connection = db.session.connection()
    state = _locked_state(connection)
    if state.as_of is None:
        db.session.rollback()
        rebuild(today, window_start)
        return
    if state.as_of != today:
        low, high = sorted((state.as_of, today))
        due = _items(
            connection,
            Feedback.due_on >= low,
            Feedback.due_on < high,
            Feedback.status.not_in((*ANSWERED, FeedbackStatus.DISMISSED)),
            Feedback.type != FeedbackType.COMPLIMENT,
        )
        changes = Changes(state)
        changes.add(due, -1, as_of=state.as_of)
        changes.add(due, 1, as_of=today)
        changes.apply(connection)
        state.as_of = today
    if state.window_start != window_start:
        window = DashboardWindow.__table__
        months = DashboardMonth.__table__.c
        connection.execute(delete(window))
        connection.execute(
            window.insert().from_select(
                ["dependency_key", *COLUMNS],
                select(months.dependency_key, *[func.sum(months[name]) for name in COLUMNS])
                .where(months.month >= window_start, months.month < add_months(window_start, 12))
                .group_by(months.dependency_key),
            )
        )
        state.window_start = window_start
    _save_state(connection, state)
    db.session.commit()


def _locked_state(connection) -> Counted:
    state = _state(connection, lock="update")
    if state is None:
        connection.execute(DashboardState.__table__.insert().values(id=STATE_ID))
        state = _state(connection, lock="update")
    return state


def _save_state(connection, state: Counted) -> None:
    connection.execute(
        DashboardState.__table__.update()
        .where(DashboardState.id == STATE_ID)
        .values(as_of=state.as_of, window_start=state.window_start)
    )


def counted_for(today: date, window_start: date) -> None:
    """Make sure the figures are those of ``today`` and of that window (once a day, and once a
    month, the first reader moves them)."""
    state = _state(db.session.connection())
    if state is None or state.as_of != today or state.window_start != window_start:
        move_to(today, window_start)


def later(today: date, rated_before: datetime) -> list[tuple[Item, str]]:
    """Parts of items that the month of ``today`` holds but the figures of ``today`` must not
    count: items received after it, answers rated from ``rated_before`` on. There are none
    unless ``today`` is a past day, as when a test asks for the figures of an earlier day."""
    connection = db.session.connection()
    received = _items(
        connection,
        Feedback.received_on > today,
        Feedback.received_on < add_months(month_of(today), 1),
    )
    rated = _items(
        connection, Feedback.citizen_rating.is_not(None), Feedback.rated_answer_at >= rated_before
    )
    return [(item, RECEIVED) for item in received] + [(item, RATED) for item in rated]
