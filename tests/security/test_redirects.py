"""Open redirects: ``next=`` after sign-in stays on this site, however it is disguised."""

from urllib.parse import quote

import pytest

from app.staff.models import Role
from app.staff.services import create_user
from tests.factories import PASSWORD

ELSEWHERE = [
    "//evil.example/x",
    "///evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example/",
    "https:evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example",
    "evil.example",
    "%2F%2Fevil.example",
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_sign_in_never_redirects_to_another_site(empty_app, target):
    create_user("admin@example.org", "Ada", Role.ADMIN, PASSWORD)
    response = empty_app.test_client().post(
        f"/auth/entrar?next={quote(target, safe='')}",
        data={"email": "admin@example.org", "password": PASSWORD},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/"


def test_a_path_on_this_site_is_kept(empty_app):
    create_user("admin@example.org", "Ada", Role.ADMIN, PASSWORD)
    response = empty_app.test_client().post(
        "/auth/entrar?next=" + quote("/admin/buzon?estado=received", safe=""),
        data={"email": "admin@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/admin/buzon?estado=received"


def test_staff_pages_send_strangers_to_sign_in_with_a_local_next(empty_app):
    response = empty_app.test_client().get("/admin/buzon?q=x")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/entrar?next=")
