"""How a request's transaction ends (app/core/transactions.py): committed when it only read, so
that PostgreSQL keeps the statements it prepared; rolled back, as before, whenever it may have
written something nobody committed."""

import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, insert, select, text

from app.catalog.models import Topic
from app.extensions import db
from tests.conftest import make_app


@contextmanager
def endings(application):
    """The ends (``commit``, ``rollback``) of the transactions run inside the block."""
    with application.app_context():
        engine = db.engine
    ended = []

    def commit(_connection):
        ended.append("commit")

    def rollback(_connection):
        ended.append("rollback")

    event.listen(engine, "commit", commit)
    event.listen(engine, "rollback", rollback)
    try:
        yield ended
    finally:
        event.remove(engine, "commit", commit)
        event.remove(engine, "rollback", rollback)


def reading_end() -> str:
    """How a transaction that only read ends: with a commit; on PostgreSQL it ran its statements
    in autocommit, and the session's removal ends it with a rollback of nothing (psycopg keeps
    its prepared statements then: ``test_postgresql_keeps_the_statements_a_worker_prepared``)."""
    return "rollback" if db.engine.dialect.name == "postgresql" else "commit"


def topics() -> int:
    return db.session.scalar(select(func.count()).select_from(Topic))


def test_a_page_that_only_reads_ends_its_transaction_with_a_commit(app, client):
    with endings(app) as ended:
        response = client.get("/es/servicios")
    assert response.status_code == 200
    with app.app_context():
        # The session's, and those of the lookups that read on connections of their own and
        # commit them.
        assert ended and set(ended) <= {"commit", reading_end()}


def test_a_context_that_only_read_commits(empty_app):
    with endings(empty_app) as ended, empty_app.app_context():
        topics()
        expected = [reading_end()]
    assert ended == expected


def test_a_query_that_opens_with_common_table_expressions_only_reads(empty_app):
    named = select(Topic.id).where(Topic.retired_on.is_(None)).cte("named")
    with endings(empty_app) as ended, empty_app.app_context():
        db.session.execute(select(func.count()).select_from(named)).scalar()
        expected = [reading_end()]
    assert ended == expected


def test_a_context_that_never_touched_the_database_ends_nothing(empty_app):
    with endings(empty_app) as ended, empty_app.app_context():
        pass
    assert ended == []


def test_a_flushed_write_nobody_committed_is_rolled_back(empty_app):
    with endings(empty_app) as ended, empty_app.app_context():
        db.session.add(Topic(slug="agua", name={"es": "Agua"}))
        db.session.flush()
        topics()  # reads after the write do not make it a reading transaction
    assert ended == ["rollback"]
    with empty_app.app_context():
        assert topics() == 0


def test_changes_never_flushed_are_not_written_by_the_end(empty_app):
    with endings(empty_app) as ended, empty_app.app_context():
        topics()
        db.session.add(Topic(slug="agua", name={"es": "Agua"}))
    assert ended == ["rollback"]
    with empty_app.app_context():
        assert topics() == 0


def test_a_write_written_by_hand_is_rolled_back(empty_app):
    with endings(empty_app) as ended, empty_app.app_context():
        db.session.execute(
            text("INSERT INTO topics (version, slug, name) VALUES (1, 'agua', :name)"),
            {"name": '{"es": "Agua"}'},
        )
    assert ended == ["rollback"]
    with empty_app.app_context():
        assert topics() == 0


def test_a_writing_common_table_expression_is_a_write(empty_app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no writing common table expressions")
    added = (
        insert(Topic).values(version=1, slug="agua", name={"es": "Agua"}).returning(Topic.id)
    ).cte("added")
    with endings(empty_app) as ended, empty_app.app_context():
        db.session.execute(select(added.c.id))
    assert ended == ["rollback"]
    with empty_app.app_context():
        assert topics() == 0


def test_a_context_that_failed_is_rolled_back(empty_app):
    with endings(empty_app) as ended, pytest.raises(RuntimeError):  # noqa: PT012
        with empty_app.app_context():
            topics()
            raise RuntimeError("the request failed")
    assert ended == ["rollback"]


def test_a_statement_that_failed_makes_the_transaction_roll_back(empty_app):
    with endings(empty_app) as ended, empty_app.app_context():
        with pytest.raises(Exception):  # noqa: B017, PT011 - each engine raises its own
            db.session.execute(text("SELECT * FROM no_such_table"))
    assert ended == ["rollback"]


def test_what_a_request_committed_stays_and_its_later_reading_is_committed(empty_app):
    with endings(empty_app) as ended, empty_app.app_context():
        db.session.add(Topic(slug="agua", name={"es": "Agua"}))
        db.session.commit()
        topics()
        expected = ["commit", reading_end()]
    assert ended == expected
    with empty_app.app_context():
        assert topics() == 1


def prepared_after_requests(application) -> list[str]:
    """The statements the database holds prepared on ``application``'s connection after it served
    the same page eight times, each request in an app context of its own, as in a web worker."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (set TEST_DATABASE_URL)")
    client = application.test_client()
    statuses = []

    def worker():
        # A thread of its own has no app context: each request pushes and ends its own (the
        # test's context would otherwise serve them all).
        statuses.extend(client.get("/es/accesibilidad").status_code for _request in range(8))

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert statuses == [200] * 8
    with application.app_context():
        return list(db.session.scalars(text("SELECT statement FROM pg_prepared_statements")))


def test_postgresql_keeps_the_statements_a_worker_prepared(empty_app):
    prepared = prepared_after_requests(empty_app)
    assert any("FROM institution" in statement for statement in prepared)


def test_prepared_statements_can_be_turned_off_for_a_pooler(empty_app):
    application = make_app(
        empty_app.config["SQLALCHEMY_DATABASE_URI"], DATABASE_PREPARED_STATEMENTS=False
    )
    try:
        assert prepared_after_requests(application) == []
    finally:
        with application.app_context():
            db.engine.dispose()


def postgresql_only() -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("autocommit reads are PostgreSQL's (set TEST_DATABASE_URL)")


@contextmanager
def statuses(application):
    """psycopg's transaction status after each statement run inside the block: ``IDLE`` when
    the statement ran in autocommit, ``INTRANS`` when it ran in a transaction still open."""
    with application.app_context():
        engine = db.engine
    seen = []

    def after(_connection, cursor, statement, *_args):
        seen.append((cursor.connection.info.transaction_status.name, statement))

    event.listen(engine, "after_cursor_execute", after)
    try:
        yield seen
    finally:
        event.remove(engine, "after_cursor_execute", after)


def test_a_page_that_only_reads_opens_no_transaction(app, client):
    with app.app_context():
        postgresql_only()
    with statuses(app) as seen:
        assert client.get("/es/servicios").status_code == 200
    assert seen
    assert {status for status, _statement in seen} == {"IDLE"}


def test_the_first_write_opens_the_transaction_and_nothing_uncommitted_stays(empty_app):
    with empty_app.app_context():
        postgresql_only()
    with statuses(empty_app) as seen, empty_app.app_context():
        topics()
        db.session.add(Topic(slug="agua", name={"es": "Agua"}))
        db.session.flush()
        topics()
    assert [status for status, _statement in seen] == ["IDLE", "INTRANS", "INTRANS"]
    with empty_app.app_context():
        assert topics() == 0


def test_a_locking_read_holds_its_rows_until_the_transaction_ends(empty_app):
    with empty_app.app_context():
        postgresql_only()
        db.session.add(Topic(slug="agua", name={"es": "Agua"}))
        db.session.commit()
        locked = db.session.scalars(select(Topic).with_for_update()).all()
        assert [topic.slug for topic in locked] == ["agua"]
        with db.engine.connect() as other:
            with pytest.raises(Exception, match="could not obtain lock"):  # noqa: PT011
                other.execute(text("SELECT id FROM topics FOR UPDATE NOWAIT"))
        db.session.rollback()
        with db.engine.connect() as other:
            assert other.execute(text("SELECT slug FROM topics FOR UPDATE NOWAIT")).all()


def test_a_server_side_cursor_reads_in_a_transaction(empty_app):
    with empty_app.app_context():
        postgresql_only()
        db.session.add_all(Topic(slug=f"tema-{n}", name={"es": f"Tema {n}"}) for n in range(5))
        db.session.commit()
        streamed = db.session.scalars(select(Topic.slug).execution_options(yield_per=2))
        assert len(list(streamed)) == 5


def test_a_connection_asked_for_autocommit_stays_in_autocommit(empty_app):
    with empty_app.app_context():
        postgresql_only()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # VACUUM refuses to run in a transaction.
            connection.execute(text("VACUUM topics"))
