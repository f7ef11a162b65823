"""Strict headers on every kind of response, and cookies that scripts and other sites cannot use."""

import pytest

from app.staff.models import Role
from app.staff.services import create_user
from tests.conftest import make_app
from tests.factories import PASSWORD
from tests.staff.conftest import sign_in

KINDS_OF_RESPONSE = ["/es/", "/en/servicios", "/nah/no-existe", "/healthz", "/static/css/site.css"]


def assert_strict(headers) -> None:
    csp = dict(
        (part.split(" ", 1) + [""])[:2] for part in headers["Content-Security-Policy"].split("; ")
    )
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert csp["form-action"] == "'self'" and csp["base-uri"] == "'none'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in headers["Permissions-Policy"]


@pytest.mark.parametrize("path", KINDS_OF_RESPONSE)
def test_every_kind_of_response_has_strict_headers(client, path):
    with client.get(path) as response:  # static files are streamed: close them
        assert response.status_code in (200, 404)
        assert_strict(response.headers)
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP, no HSTS
        for name, _value in response.headers:
            assert len(response.headers.getlist(name)) == 1, name


def test_no_public_page_has_inline_event_handlers_or_javascript_urls(client, public_paths):
    for path in public_paths[:14]:  # one language: the templates are the same in every one
        html = client.get(path).get_data(as_text=True).lower()
        assert " onclick=" not in html and " onload=" not in html and " onerror=" not in html
        assert "javascript:" not in html, path


def test_hsts_over_https_behind_a_proxy_and_when_configured(tmp_path):
    behind_proxy = make_app(f"sqlite:///{tmp_path / 'a.sqlite3'}", PROXY_COUNT=1)
    response = behind_proxy.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = behind_proxy.test_client().get("/healthz")
    assert "Strict-Transport-Security" not in plain.headers

    configured = make_app(f"sqlite:///{tmp_path / 'b.sqlite3'}", HSTS=True)
    response = configured.test_client().get("/es/accesibilidad")
    assert "includeSubDomains" in response.headers["Strict-Transport-Security"]


def test_production_cookies_are_secure_http_only_and_same_site(tmp_path):
    from app.extensions import db

    application = make_app(
        f"sqlite:///{tmp_path / 'c.sqlite3'}",
        SESSION_COOKIE_SECURE=True,
        REMEMBER_COOKIE_SECURE=True,
    )
    with application.app_context():
        db.create_all()
        create_user("admin@example.org", "Ada", Role.ADMIN, PASSWORD)
        client = application.test_client()
        response = sign_in(client, "admin@example.org", base_url="https://localhost")
        assert response.status_code == 303
        cookie = response.headers["Set-Cookie"]
        assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert application.config["REMEMBER_COOKIE_HTTPONLY"] is True
        db.engine.dispose()
