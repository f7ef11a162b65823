"""A pooled connection is tested before use only when it sat idle (app/core/connections.py): the
database dropping it while idle costs nobody a request; a busy connection is not tested."""

import threading

import pytest
from sqlalchemy import create_engine, text

from app.core import connections
from app.extensions import db
from tests.conftest import SERVER_URL, make_app


@pytest.fixture
def worker(empty_app):
    """An app on the test's database whose requests each run in an app context of their own,
    as in a web worker (the test's context would otherwise keep one connection for all)."""
    if not SERVER_URL:
        pytest.skip("dropping a connection needs PostgreSQL (set TEST_DATABASE_URL)")
    application = make_app(empty_app.config["SQLALCHEMY_DATABASE_URI"])
    yield application
    with application.app_context():
        db.engine.dispose()


def status_of(application, path: str = "/es/cartas") -> int:
    found = []
    thread = threading.Thread(target=lambda: found.append(application.test_client().get(path)))
    thread.start()
    thread.join()
    return found[0].status_code


def drop_connections(application) -> int:
    """The database ends every session of the app's database but the test's own, as a restart
    would; how many it ended."""
    url = application.config["SQLALCHEMY_DATABASE_URI"]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).all()
            )
    finally:
        admin.dispose()


def test_a_connection_dropped_while_idle_is_replaced_before_a_request_uses_it(worker, monkeypatch):
    assert status_of(worker) == 200
    assert drop_connections(worker) >= 1
    monkeypatch.setattr(connections, "PING_AFTER_SECONDS", 0)  # every connection sat idle
    assert status_of(worker) == 200
    assert status_of(worker) == 200


def test_a_busy_connection_is_not_tested_and_the_pool_recovers_after_one_failure(worker):
    """Dropped between two requests a moment apart, the connection fails the next request (the
    "database unavailable" page), as it fails the requests a restart catches midway; the pool
    connects again for the one after."""
    assert status_of(worker) == 200
    assert drop_connections(worker) >= 1
    assert status_of(worker) == 503
    assert status_of(worker) == 200
