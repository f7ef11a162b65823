"""HTTP behaviour of /api/v1: JSON errors, caching with ETags, open CORS, rate limits."""

import pytest

from app.extensions import db, limiter
from tests.conftest import make_app


def assert_json_error(response, status: int) -> str:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    error = response.get_json()["error"]
    assert error["status"] == status and error["message"]
    assert "<" not in response.get_data(as_text=True), "no HTML"
    return error["message"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=", "page"),
        ("page=1.5", "page"),
        ("page=99999999999999999999999", "page"),
        ("per_page=0", "per_page"),
        ("per_page=501", "per_page"),
        ("per_page=ten", "per_page"),
        ("indicator=x", "indicator"),
        ("indicator=0", "indicator"),
        ("period=2026-T5", "period"),
        ("period=julio", "period"),
        ("status=draft", "status"),
        ("charter=" + "a" * 201, "charter"),
    ],
)
def test_bad_query_values_are_a_json_400_naming_the_parameter(client, query, parameter):
    message = assert_json_error(client.get(f"/api/v1/measurements?{query}"), 400)
    assert message.startswith(parameter)


def test_the_largest_page_size_is_allowed(client):
    assert client.get("/api/v1/measurements?per_page=500").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here",
        "/api/v1/services/no-such-service",
        "/api/v1/services/0",
        "/api/v1/services/99999999999999999999999",
        "/api/v1/commitments/999999",
        "/api/v1/commitments/abc",
        "/api/v1/measurements/-1",
        "/api/v1/reports.json",
        "/api/v1/dependencies/%0A",
    ],
)
def test_missing_things_are_a_json_404(client, path):
    assert_json_error(client.get(path), 404)


@pytest.mark.parametrize("path", ["/api/v1/services/a%00b", "/api/v1/measurements?charter=a%00b"])
def test_a_nul_byte_anywhere_in_the_address_is_a_json_400(client, path):
    assert_json_error(client.get(path), 400)


def test_other_methods_are_a_json_405(client):
    response = client.post("/api/v1/services")
    assert_json_error(response, 405)
    assert "GET" in response.headers["Allow"]
    assert_json_error(client.delete("/api/v1/services/1"), 405)


def test_the_site_keeps_its_html_error_pages(client):
    response = client.get("/es/no-existe")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_server_errors_are_json_and_tell_nothing(tmp_path):
    application = make_app(f"sqlite:///{tmp_path / 'boom.sqlite3'}", PROPAGATE_EXCEPTIONS=False)

    @application.get("/api/v1/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = application.test_client().get("/api/v1/boom")
    message = assert_json_error(response, 500)
    assert "secret" not in message
    assert response.headers["Cache-Control"] == "no-store"


def test_too_many_requests_is_a_json_429(tmp_path, monkeypatch):
    # The limiter is one object for every app: put its switch back for the apps of later tests.
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    application = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}", RATELIMIT_ENABLED=True, RATELIMIT_API="2/minute"
    )
    with application.app_context():
        db.create_all()
    client = application.test_client()
    statuses = [client.get("/api/v1/dependencies").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert_json_error(client.get("/api/v1/services.csv"), 429)
    # The work programs' open data shares the same budget.
    for path in ("/api/v1/programs", "/api/v1/programs/pat-2024", "/api/v1/datapackage.json"):
        assert client.get(path).status_code == 429, path
    with application.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/openapi.json",
        "/api/v1/services?per_page=3",
        "/api/v1/services/acta-de-nacimiento",
        "/api/v1/measurements.csv?status=met",
    ],
)
def test_reads_are_cacheable_and_conditional(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Set-Cookie" not in response.headers
    etag = response.headers["ETag"]
    assert etag.startswith('"')

    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "public, max-age=300"

    other = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.get_data() == response.get_data()
    # A proxy that compresses the answer marks its ETag weak: it still names the same data.
    weak = client.get(path, headers={"If-None-Match": f"W/{etag}"})
    assert weak.status_code == 304


def test_the_etag_follows_the_content(client):
    first = client.get("/api/v1/services?per_page=3").headers["ETag"]
    second = client.get("/api/v1/services?per_page=3&page=2").headers["ETag"]
    csv_all = client.get("/api/v1/measurements.csv").headers["ETag"]
    csv_met = client.get("/api/v1/measurements.csv?status=met").headers["ETag"]
    assert first != second and csv_all != csv_met


def test_browsers_may_ask_from_any_origin(client):
    preflight = client.options(
        "/api/v1/services",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "If-None-Match"
    head = client.head("/api/v1/services.csv")
    assert head.status_code == 200 and head.headers["ETag"]
    head.close()
