"""Redis is optional: unreachable (a closed port) or silent (a listener that never answers), the
forms and the API keep working with limits counted per process and no page cache, one warning is
logged, /healthz says "degraded" with a 200, and a hanging Redis costs milliseconds."""

import logging
import socket
import time

import pytest

from app.core import shared
from app.extensions import db
from app.staff.models import Role
from tests.conftest import make_app
from tests.factories import PASSWORD, make_service, make_user
from tests.feedback.conftest import Journey
from tests.live import SEND, gunicorn, submission
from tests.security.conftest import limiter_restored


@pytest.fixture
def silent_listener():
    """A port that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


@pytest.fixture(params=["closed", "silent"])
def without_redis(request, tmp_path):
    with limiter_restored():
        yield from _without_redis(request, tmp_path)


def _without_redis(request, tmp_path):
    url = (
        "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once
        if request.param == "closed"
        else request.getfixturevalue("silent_listener")
    )
    application = make_app(
        f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        REDIS_URL=url,
        RATELIMIT_STORAGE_URI=url,
        RATELIMIT_ENABLED=True,
        RATELIMIT_TRACK="3 per minute",
        PAGE_CACHE_SECONDS=60,
        REDIS_TIMEOUT=0.2,
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
        MAIL_FOLDER=str(tmp_path / "mail"),
    )
    with application.app_context():
        db.create_all()
        service = make_service()
        make_user(Role.ADMIN, email="ana@example.org")
        db.session.commit()
        application.config["SURVEY_SLUG"] = service.slug
        yield application
        db.engine.dispose()


def redis_warnings(caplog) -> list[str]:
    """Warnings that Redis does not answer, since the app started (saving the fixture's
    catalog already tells the cache to forget its pages)."""
    return [
        r.getMessage()
        for r in (*caplog.get_records("setup"), *caplog.records)
        if r.levelno >= logging.WARNING and "does not answer" in r.getMessage()
    ]


def test_forms_and_the_api_keep_working_with_one_warning(without_redis, caplog):
    caplog.set_level(logging.INFO)
    citizen = Journey(without_redis.test_client())
    started = time.monotonic()
    folio, code = citizen.submit(descripcion="Nadie atendió en la ventanilla 2.")
    assert citizen.track(folio, code).status_code == 303
    slug = without_redis.config["SURVEY_SLUG"]
    survey = citizen.client.post(f"/es/encuesta/{slug}", data={"calificacion": "4"})
    assert survey.status_code == 303
    staff = without_redis.test_client()
    signed = staff.post("/auth/entrar", data={"email": "ana@example.org", "password": PASSWORD})
    assert signed.status_code == 303
    assert staff.get("/admin/buzon").status_code == 200
    for path in ("/api/v1/", "/api/v1/services", "/api/v1/services.csv", "/es/", "/es/servicios"):
        assert without_redis.test_client().get(path).status_code == 200, path
    elapsed = time.monotonic() - started
    # Each of ~15 requests waiting for Redis (0.2 s per call, several calls each) would take
    # seconds; after the first failure Redis is left alone.
    assert elapsed < 3, elapsed
    assert len(redis_warnings(caplog)) == 1
    assert "127.0.0.1" in redis_warnings(caplog)[0]


def test_rate_limits_still_hold_per_process(without_redis):
    attacker = Journey(without_redis.test_client())
    answers = [attacker.track("SQR-2026-000001", "AAAA-BBBB-CCCC") for _ in range(4)]
    assert [a.status_code for a in answers] == [400, 400, 400, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0


def test_health_check_says_degraded_but_stays_up(without_redis):
    response = without_redis.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "degraded", "database": "ok", "redis": "unreachable"}


def test_pages_are_not_cached_while_redis_is_away(without_redis):
    client = without_redis.test_client()
    assert client.get("/es/servicios").status_code == 200
    store = without_redis.extensions["page_cache"]
    assert store.get("anything") is None  # no error, nothing served from a cache


def test_a_redis_that_answers_again_is_used_again(without_redis, monkeypatch):
    redis = shared.shared_redis()
    assert not redis.reachable() and redis.down
    monkeypatch.setattr(redis, "down_until", 0.0)  # the pause after the failure is over
    monkeypatch.setattr(redis.client, "ping", lambda: True)
    assert redis.reachable() and not redis.down
    assert without_redis.test_client().get("/healthz").json["status"] == "ok"


def test_gunicorn_with_a_silent_redis_keeps_taking_submissions(tmp_path, silent_listener):
    """The production set-up: a gunicorn worker whose Redis never answers."""
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    application = make_app(url)
    with application.app_context():
        db.create_all()
        db.engine.dispose()
    limits = dict(ratelimit_track="5 per minute", ratelimit_submit="100 per minute")
    with gunicorn(
        tmp_path, url, workers=1, redis_url=silent_listener, key_prefix="live:", **limits
    ) as server:
        started = time.monotonic()
        statuses = [server.request("POST", SEND, submission())[0] for _ in range(5)]
        elapsed = time.monotonic() - started
        health = server.request("GET", "/healthz")
    assert statuses == [303] * 5
    assert elapsed < 3, elapsed  # not 5 s per request
    assert health[0] == 200 and b'"degraded"' in health[2]
