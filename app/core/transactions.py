"""How a request's database transaction ends: a transaction that only read is committed, not
rolled back.

Both leave the data as it was, but psycopg forgets its prepared statements at every rollback
(the statements of a rolled-back transaction may name objects it created or dropped). Flask-
SQLAlchemy rolls every request's transaction back, so PostgreSQL planned every query of every
page again: more of its time than running them (0.75 ms to plan the charter of a service page,
0.05 ms to run it). Committed, a statement a worker runs often is prepared once and planned no
more.

A transaction that wrote anything its request did not commit (a flush, an insert, a statement
written by hand), that met an error, or whose session holds changes not yet flushed, is rolled
back as before: nothing a failed request wrote is ever kept.

On PostgreSQL a transaction that only reads is no transaction at all: its statements run in
the connection's autocommit mode, and the first statement that writes, locks rows (``FOR
UPDATE``, ``FOR SHARE``) or reads through a server-side cursor opens a real transaction for
itself and every statement after it. PostgreSQL's READ COMMITTED takes a new snapshot for every
statement, in a transaction or not, so a read sees the same rows either way; a page of the
layout alone saves two round trips (``BEGIN``, ``COMMIT``) of its three. Such a transaction is
not committed either: the session's removal rolls back nothing, and psycopg, with no
transaction open, keeps its prepared statements.

A write run with the execution option ``ALONE`` while nothing is open stays in autocommit: it
is a transaction of its own, committed by PostgreSQL as it ends, in one round trip rather than
three (``BEGIN``, the statement, ``COMMIT``). Only for a row that stands alone (an audit row of
a reading, see ``app.staff.services.audit_reading``).

Behind a connection pooler that hands each transaction another server connection and cannot
keep prepared statements (PgBouncer in transaction mode before 1.21), set
``DATABASE_PREPARED_STATEMENTS=0``: psycopg then prepares nothing.
"""

import re
from functools import lru_cache

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db

WROTE = "transaction_wrote"  # in a connection's ``info``: whether its transaction may have written
# In a connection's ``info``: whether its transaction still runs its statements in autocommit.
UNOPENED = "transaction_unopened"
# An execution option: the write may run as a transaction of its own (see the module's text).
ALONE = "alone"
LOCKS_ROWS = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE|KEY\s+SHARE)\b", re.IGNORECASE)


def _began(connection) -> None:
    connection.info[WROTE] = False


def _read_in_autocommit(connection) -> None:
    """``begin`` of the app's engine on PostgreSQL: the transaction runs its reading statements
    in autocommit until one needs it open (see the module's text)."""
    dbapi = connection.connection.dbapi_connection
    unopened = (
        # A connection asked for an isolation level by name (AUTOCOMMIT to create a database,
        # say) keeps it.
        "isolation_level" not in connection.get_execution_options()
        and dbapi.info.transaction_status.name == "IDLE"
    )
    if unopened:
        dbapi.autocommit = True
    connection.info[UNOPENED] = unopened


def _before_statement(connection, cursor, statement: str, _parameters, context, _many) -> None:
    unopened = connection.info.get(UNOPENED)
    if connection.info.get(WROTE) and not unopened:
        return
    reads = _reads_only(statement, context)
    if not reads:
        connection.info[WROTE] = True
    if unopened and (not reads or _needs_transaction(statement, context)):
        if not reads and context.execution_options.get(ALONE):
            return  # committed as it ends: nothing is left open
        connection.info[UNOPENED] = False
        cursor.connection.autocommit = False  # this statement begins the transaction


def unopened(connection) -> bool:
    """Whether ``connection`` has run only reads, in autocommit, since its transaction began (on
    PostgreSQL): a write run now with ``ALONE`` would be a transaction of its own."""
    return bool(connection.info.get(UNOPENED))


def _needs_transaction(statement: str, context) -> bool:
    """Whether a reading ``statement`` holds something until its transaction ends: locked rows,
    or a server-side cursor (which PostgreSQL opens only in a transaction)."""
    return bool(context.execution_options.get("stream_results")) or _locks_rows(statement)


@lru_cache(maxsize=1024)
def _locks_rows(statement: str) -> bool:
    # Remembered: a page runs the same few statements, and searching each took 1 % of its time.
    return LOCKS_ROWS.search(statement) is not None


def _failed(context) -> None:
    connection = context.connection
    if connection is not None:
        connection.info[WROTE] = True


def _reads_only(statement: str, context) -> bool:
    """Whether ``statement`` surely writes nothing: a query, or a query that opens with common
    table expressions none of which writes. Anything else (a write, a statement whose kind the
    compiler does not know) counts as a write."""
    if statement.lstrip()[:6].upper() == "SELECT":
        return True
    compiled = getattr(context, "compiled", None)
    if compiled is None or not compiled.statement.is_select:
        return False
    return not any(cte.element.is_dml for cte in getattr(compiled, "ctes", ()))


def _end_reading(error: BaseException | None) -> None:
    """Commit the session's transaction when the request only read (see the module's text)."""
    if error is not None or not db.session.registry.has():
        return
    session = db.session()
    if not session.in_transaction():
        return
    if session.new or session.dirty or session.deleted:
        return
    try:
        info = session.connection().info
        if info.get(UNOPENED):
            return  # nothing to end: the session's removal rolls back nothing
        if not info.get(WROTE, True):
            # The session is removed next: expiring every object it loaded (hundreds on a
            # work program's page) would be work for nothing.
            session.expire_on_commit = False
            session.commit()
    except SQLAlchemyError:
        pass  # the database is gone: nothing was written, the session's removal cleans up


def init_app(app: Flask) -> None:
    """Listen to every engine's statements, and end each app context's reading transaction
    before Flask-SQLAlchemy removes the session (teardown functions run last registered
    first: call it after ``db.init_app``)."""
    for name, listener in (
        ("begin", _began),
        ("before_cursor_execute", _before_statement),
        ("handle_error", _failed),
    ):
        if not event.contains(Engine, name, listener):
            event.listen(Engine, name, listener)
    app.teardown_appcontext(_end_reading)
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _read_in_autocommit)
    if not app.config["DATABASE_PREPARED_STATEMENTS"]:
        event.listen(engine, "connect", _never_prepare)


def _never_prepare(dbapi_connection, _record) -> None:
    if hasattr(dbapi_connection, "prepare_threshold"):  # psycopg's; SQLite prepares nothing
        dbapi_connection.prepare_threshold = None
