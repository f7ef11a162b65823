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

Behind a connection pooler that hands each transaction another server connection and cannot
keep prepared statements (PgBouncer in transaction mode before 1.21), set
``DATABASE_PREPARED_STATEMENTS=0``: psycopg then prepares nothing.
"""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db

WROTE = "transaction_wrote"  # in a connection's ``info``: whether its transaction may have written


def _began(connection) -> None:
    connection.info[WROTE] = False


def _before_statement(connection, _cursor, statement: str, _parameters, context, _many) -> None:
    if not connection.info.get(WROTE) and not _reads_only(statement, context):
        connection.info[WROTE] = True


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
        if not session.connection().info.get(WROTE, True):
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
    if not app.config["DATABASE_PREPARED_STATEMENTS"]:
        with app.app_context():
            event.listen(db.engine, "connect", _never_prepare)


def _never_prepare(dbapi_connection, _record) -> None:
    if hasattr(dbapi_connection, "prepare_threshold"):  # psycopg's; SQLite prepares nothing
        dbapi_connection.prepare_threshold = None
