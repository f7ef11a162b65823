"""Rate limits that are fair to people behind one address, and that never throw away what was
typed: the 429 page gives it back, with the time to wait."""

import uuid

import pytest
import redis
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.core import ratelimit
from app.extensions import db, limiter
from app.feedback.models import Feedback
from tests.conftest import require_tool
from tests.factories import make_service
from tests.feedback.conftest import Journey, hidden_fields
from tests.live import REDIS_URL, redis_reachable
from tests.security.conftest import limited_app
from tests.test_html_validation import vnu_errors

TEXT = "El módulo 4 estuvo cerrado toda la mañana y nadie avisó."


def limits(tmp_path, submit="3 per minute"):
    return limited_app(
        tmp_path,
        RATELIMIT_SUBMIT=submit,
        RATELIMIT_SUBMIT_BROWSER="1 per minute",
        RATELIMIT_SURVEY_DAILY="2 per day",
        CACHE_KEY_PREFIX="portal-a:",
    )


@pytest.fixture
def limited(tmp_path):
    with limits(tmp_path) as application:
        yield application


@pytest.fixture
def survey_limits(tmp_path):
    with limits(tmp_path, submit="100 per minute") as application:
        yield application


def send(citizen: Journey, text: str = TEXT, **fields):
    check = citizen.fill(descripcion=text, **fields)
    assert check.status_code == 200
    return citizen.send(check)


def test_the_429_page_gives_back_what_was_typed_with_the_time_to_wait(limited, tmp_path):
    citizen = Journey(limited.test_client())
    assert send(citizen, "Primer mensaje.").status_code == 303
    refused = send(citizen, lugar="Oficina de Tesorería")
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 0 < wait <= 60
    page = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    text = page.get_text(" ")
    assert TEXT in text and "Oficina de Tesorería" in text
    assert "Podrá intentarlo de nuevo en 1 minuto" in text
    form = page.select_one("main form")
    assert form["action"] == "/es/buzon/enviar?tipo=queja&servicio=otro"
    kept = hidden_fields(refused)
    assert kept["descripcion"] == TEXT and len(kept["clave_envio"]) == 32
    assert refused.headers["Cache-Control"] == "no-store"  # what was typed stays private
    assert not vnu_errors({"429": refused.data}, tmp_path)


def test_sending_again_after_the_wait_saves_one_item(limited):
    citizen = Journey(limited.test_client())
    send(citizen, "Primer mensaje.")
    refused = send(citizen)
    assert refused.status_code == 429
    with limited.test_request_context():
        limiter.reset()  # the minute is over
    again = citizen.client.post(
        "/es/buzon/enviar?tipo=queja&servicio=otro", data=hidden_fields(refused)
    )
    assert again.status_code == 303
    assert db.session.scalar(select(func.count(Feedback.id)).where(Feedback.text == TEXT)) == 1


def test_people_sharing_an_address_each_get_their_own_limit(limited):
    """Three browsers behind one address send one message each; the address's limit is higher
    than a browser's, and still bounds software that drops its cookies."""
    for _person in range(3):
        assert send(Journey(limited.test_client())).status_code == 303
    assert send(Journey(limited.test_client())).status_code == 429


def test_rate_limit_counters_carry_the_cache_key_prefix(limited):
    from app.extensions import limiter

    send(Journey(limited.test_client()))
    keys = list(limiter.storage.storage)
    assert keys and all("portal-a:" in key for key in keys), keys


def test_surveys_have_a_limit_per_browser_and_a_daily_cap_per_service_and_address(
    survey_limits,
):
    limited = survey_limits
    first, second = make_service(), make_service()
    db.session.commit()

    def answer(client, service):
        path = f"/es/encuesta/{service.slug}"
        return client.post(path, data={"calificacion": "5"}).status_code

    one_browser = limited.test_client()
    assert [answer(one_browser, first) for _ in range(2)] == [303, 429]
    # Another browser at the same address: its own limit, but the day's cap for the service.
    other = limited.test_client()
    assert answer(other, first) == 303
    capped = limited.test_client().post(f"/es/encuesta/{first.slug}", data={"calificacion": "4"})
    assert capped.status_code == 429
    assert answer(limited.test_client(), second) == 303


def test_a_wait_of_hours_is_said_in_hours(survey_limits, monkeypatch):
    """A day's cap (a survey's) is not "wait a few minutes … in 1440 minutes"."""
    service = make_service()
    db.session.commit()
    monkeypatch.setattr(ratelimit, "seconds_to_wait", lambda: 5 * 3600 + 10)
    client = survey_limits.test_client()
    for _ in range(2):
        client.post(f"/es/encuesta/{service.slug}", data={"calificacion": "4"})
    capped = client.post(f"/es/encuesta/{service.slug}", data={"calificacion": "4"})
    assert capped.status_code == 429 and capped.headers["Retry-After"] == str(5 * 3600 + 10)
    text = BeautifulSoup(capped.get_data(as_text=True), "html.parser").get_text(" ")
    assert "Podrá intentarlo de nuevo en 6 horas." in text
    assert "límite por día" in text and "minutos" not in text


def test_two_portals_on_one_redis_do_not_share_counters(tmp_path):
    """Staging and production on one Redis: the counters are kept apart by CACHE_KEY_PREFIX."""
    require_tool(redis_reachable(), f"Redis at {REDIS_URL}")
    prefix = uuid.uuid4().hex[:8]
    answers = {}
    for portal in ("staging", "production"):
        settings = dict(
            REDIS_URL=REDIS_URL,
            RATELIMIT_STORAGE_URI=REDIS_URL,
            RATELIMIT_TRACK="2 per minute",
            CACHE_KEY_PREFIX=f"{prefix}-{portal}:",
        )
        (tmp_path / portal).mkdir()
        with limited_app(tmp_path / portal, **settings) as application:
            client = Journey(application.test_client())
            answers[portal] = [
                client.track("SQR-2026-000001", "AAAA-BBBB-CCCC").status_code for _ in range(3)
            ]
            health = application.test_client().get("/healthz").json
            assert health == {"status": "ok", "database": "ok", "redis": "ok"}
    assert answers == {"staging": [400, 400, 429], "production": [400, 400, 429]}
    keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).scan_iter(f"*{prefix}-*")]
    assert any(f"{prefix}-staging:" in key for key in keys)
    assert any(f"{prefix}-production:" in key for key in keys)


def test_the_api_says_when_to_try_again(tmp_path):
    with limited_app(tmp_path, RATELIMIT_API="1 per minute") as application:
        client = application.test_client()
        assert client.get("/api/v1/dependencies").status_code == 200
        refused = client.get("/api/v1/dependencies")
    assert refused.status_code == 429 and refused.json["error"]["status"] == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
