"""The home page's overview of results, counted when results change rather than on every visit.

Adding up every published charter's latest quarter reads thousands of rows, and the figures
change only when results or charters do, or when the date reaches a new quarter or a version
published for a later day. ``ResultsOverview`` keeps them:

* every commit of a session that changed results, quarter figures or charters counts them
  again just before it commits, in its own transaction, so that they never disagree with what
  it wrote (the row is locked first: two commits at once count one after the other);
* a page reads them only while they are true (``counted_on`` ≤ today < ``valid_before``), and
  otherwise counts them itself, as it always did.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import event, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.charters.models import Charter, CharterStatus, CharterVersion, Commitment, Indicator
from app.core.clock import local_today
from app.core.types import Period
from app.extensions import db
from app.indicators.models import Measurement, MeasurementStatus, ResultsOverview
from app.indicators.services.results import (
    COUNTED,
    OVERVIEW_STALE,
    count_results_overview,
    default_results_period,
)

# What the figures are counted from: a session that writes any of these counts them again.
COUNTED_FROM = (Measurement, Charter, CharterVersion, Commitment, Indicator)

ROW_ID = 1
FIGURES = [status.value for status in COUNTED]  # the columns of the figures, in that order
_TABLE = ResultsOverview.__table__
_KEPT = select(
    _TABLE.c.counted_on, _TABLE.c.valid_before, _TABLE.c.period, *[_TABLE.c[n] for n in FIGURES]
).where(_TABLE.c.id == ROW_ID)


def latest_results_overview() -> tuple[Period | None, list[tuple[MeasurementStatus, int]]]:
    """The quarter the results page opens on (the latest finished one with judged results of
    published charters), and how many indicators met their target, did not, had no data or are
    still provisional in it."""
    today = local_today()
    kept = _kept(today)
    if kept is not None:
        period, figures = kept.period, kept[3:]
    else:
        period, figures = count_results_overview(db.session, today)
    return period, [(status, n) for status, n in zip(COUNTED, figures, strict=True) if n]


def opening_period() -> Period | None:
    """The quarter the results page opens on: the kept one while it is true."""
    today = local_today()
    kept = _kept(today)
    return kept.period if kept is not None else default_results_period(today)


def _kept(today: date):
    """The kept row, when its figures are still true today."""
    kept = db.session.execute(_KEPT).first()
    return kept if kept is not None and kept.counted_on <= today < kept.valid_before else None


def _mark_stale(session: Session) -> None:
    session.info[OVERVIEW_STALE] = True


def keep_results_overview(session: Session) -> None:
    """Count the figures for today and keep them, in the session's transaction."""
    connection = session.connection()
    table = _TABLE
    # The row exists (two first commits at once: the second waits for the first's row), and is
    # locked: a commit counting at the same time waits, then counts what this one wrote.
    insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[connection.dialect.name]
    never = {"counted_on": date.min, "valid_before": date.min}
    connection.execute(insert(table).values(id=ROW_ID, **never).on_conflict_do_nothing())
    connection.execute(select(table.c.id).where(table.c.id == ROW_ID).with_for_update())
    today = local_today()
    period, figures = count_results_overview(session, today)
    values = dict(zip(FIGURES, figures, strict=True))
    values |= {"period": period, "counted_on": today, "valid_before": _next_change(session, today)}
    connection.execute(table.update().where(table.c.id == ROW_ID).values(**values))


def _next_change(session: Session, today: date) -> date:
    """The first day after ``today`` on which the date alone may change the figures: the next
    quarter's (the quarter the results open on, and what is still provisional), or the start
    of a version published for a later day."""
    later = session.scalar(
        select(func.min(CharterVersion.valid_from)).where(
            CharterVersion.status == CharterStatus.PUBLISHED, CharterVersion.valid_from > today
        )
    )
    next_quarter = Period.quarter_of(today).end
    return min(later, next_quarter) if later else next_quarter


def _changes_counted(session: Session) -> bool:
    return any(
        isinstance(item, COUNTED_FROM) for item in (*session.new, *session.dirty, *session.deleted)
    )


def _after_flush(session: Session, _context) -> None:
    if _changes_counted(session):
        _mark_stale(session)


def _orm_execute(state) -> None:
    """An UPDATE or DELETE written as a statement (a version's status moved) changes no object
    the flush would see."""
    if (state.is_update or state.is_delete) and any(
        mapper.class_ in COUNTED_FROM for mapper in state.all_mappers
    ):
        _mark_stale(state.session)


def _before_commit(session: Session) -> None:
    if not (session.info.get(OVERVIEW_STALE) or _changes_counted(session)):
        return
    session.flush()  # what is still pending, so that the count sees it
    session.info.pop(OVERVIEW_STALE, None)
    keep_results_overview(session)


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:  # committed (and counted) or rolled back: nothing to count
        session.info.pop(OVERVIEW_STALE, None)


def register_listeners() -> None:
    """Keep the figures in step with what any session commits (the application factory calls
    it; calling it again changes nothing)."""
    for name, listener in (
        ("after_flush", _after_flush),
        ("do_orm_execute", _orm_execute),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
