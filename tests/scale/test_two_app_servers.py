"""Two app servers (two gunicorn masters on different ports) against one PostgreSQL and one
Redis: rate limits are shared, and concurrent submissions through both never share a folio."""

import re
import threading
import uuid

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.feedback.models import Feedback
from tests.conftest import SERVER_URL, demo_app, require_tool
from tests.live import REDIS_URL, SEND, gunicorn, redis_reachable, submission

THREADS = 8
PER_THREAD = 6


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """The demo institution on PostgreSQL, and the Redis both servers use."""
    if not SERVER_URL:
        pytest.skip("several app servers need PostgreSQL: set TEST_DATABASE_URL")
    require_tool(redis_reachable(), f"Redis at {REDIS_URL}")
    with demo_app(tmp_path_factory) as application:
        yield application


@pytest.fixture
def two_servers(shared, tmp_path):
    settings = dict(
        redis_url=REDIS_URL,
        key_prefix=f"test-{uuid.uuid4().hex}",  # this test's counters only
        ratelimit_track="4 per minute",
        ratelimit_submit="1000 per minute",
    )
    url = shared.config["SQLALCHEMY_DATABASE_URI"]
    with (
        gunicorn(tmp_path, url, workers=1, **settings) as first,
        gunicorn(tmp_path, url, workers=1, **settings) as second,
    ):
        yield first, second


def track(server, n: int) -> int:
    data = {"folio": f"SQR-2026-{n:06d}", "codigo": "AAAA-BBBB-CCCC"}
    return server.request("POST", "/es/buzon/seguimiento", data)[0]


def test_a_rate_limit_used_up_on_one_server_holds_on_the_other(two_servers):
    first, second = two_servers
    assert first.port != second.port
    assert [track(first, n) for n in range(4)] == [400] * 4
    assert track(second, 5) == 429
    assert track(first, 6) == 429


def test_concurrent_submissions_through_both_servers_get_distinct_folios(shared, two_servers):
    folios, failures, lock = [], [], threading.Lock()

    def citizen(server):
        for _n in range(PER_THREAD):
            status, headers, _body = server.request("POST", SEND, submission())
            found = re.search(r"SQR-\d{4}-\d{6}", headers.get("Location", ""))
            with lock:
                (
                    folios.append(found.group())
                    if status == 303 and found
                    else failures.append(status)
                )

    threads = [threading.Thread(target=citizen, args=(two_servers[n % 2],)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(folios) == THREADS * PER_THREAD == len(set(folios))
    with shared.app_context():
        stored = db.session.scalars(select(Feedback.folio).where(Feedback.folio.in_(folios))).all()
        assert sorted(stored) == sorted(folios)
        duplicates = db.session.scalar(
            select(func.count()).select_from(
                select(Feedback.folio).group_by(Feedback.folio).having(func.count() > 1).subquery()
            )
        )
        assert duplicates == 0
        db.session.remove()
