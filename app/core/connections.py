"""A pooled database connection is tested before use only when it sat idle.

A connection the database dropped (a restart, a failover, an idle timeout) fails the first
request that uses it. SQLAlchemy's ``pool_pre_ping`` tests every connection at every checkout:
one more round trip on every request, a tenth of the cost of a page of the layout alone. A
connection given back a moment ago is almost surely alive, so one is tested only when it has not
been used for ``PING_AFTER_SECONDS``; when the test finds it dropped, every connection of the
pool is replaced, as with ``pool_pre_ping``. A database that restarts under steady load can
still fail the requests that held a connection then, which no test before use prevents: they
get the "database unavailable" page (503) with what they typed.
"""

import time

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import InvalidatePoolError

from app.extensions import db

PING_AFTER_SECONDS = 10.0
LAST_USED = "last_used"  # in a connection record's ``info``: when it was last given back


def _used(_dbapi_connection, record) -> None:
    record.info[LAST_USED] = time.monotonic()


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    dialect = engine.dialect

    def checkout(dbapi_connection, record, _proxy) -> None:
        if time.monotonic() - record.info.get(LAST_USED, 0) < PING_AFTER_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise InvalidatePoolError() from error  # the pool connects again
            raise

    event.listen(engine, "connect", _used)  # a new connection needs no test
    event.listen(engine, "checkin", _used)
    event.listen(engine, "checkout", checkout)
