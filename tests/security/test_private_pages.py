"""Pages with personal data or a code are never stored by a cache (Cache-Control: no-store), and
the access code never sits readable in the session cookie on its way to the confirmation."""

import re

import pytest
from flask.sessions import SecureCookieSessionInterface

from app.extensions import db
from app.staff.models import Role
from tests.factories import make_service
from tests.feedback.conftest import Journey, soup

PUBLIC = ["/es/", "/es/servicios", "/es/cartas", "/es/resultados", "/es/buzon"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_may_be_cached(client, path):
    assert "no-store" not in client.get(path).headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/buzon",
        "/admin/catalogo/",
        "/admin/indicadores",
        "/admin/personal/",
        "/admin/calendario",
    ],
)
def test_staff_pages_are_not_stored(signed_in, path):
    response = signed_in(Role.ADMIN).get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_sign_in_and_password_pages_are_not_stored(client):
    for path in ("/auth/entrar", "/auth/olvide"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def cookie_data(application, client) -> str:
    """What anyone holding the session cookie reads in it (it is signed, not encrypted)."""
    cookie = client.get_cookie("session")
    serializer = SecureCookieSessionInterface().get_signing_serializer(application)
    return str(serializer.loads(cookie.value))


def test_the_citizen_s_journey_is_never_stored_and_the_code_never_readable(empty_app, citizen):
    form = citizen.client.get("/es/buzon/nuevo?tipo=queja&servicio=otro")
    assert form.headers["Cache-Control"] == "no-store"
    check = citizen.fill(nombre="Rosa Martínez", correo="rosa@example.org")
    assert check.headers["Cache-Control"] == "no-store"
    sent = citizen.send(check)
    assert sent.status_code == 303 and sent.headers["Cache-Control"] == "no-store"
    folio = re.search(r"SQR-\d{4}-\d{6}", sent.headers["Location"]).group()
    sealed = cookie_data(empty_app, citizen.client)
    confirmation = citizen.client.get(sent.headers["Location"])
    assert confirmation.headers["Cache-Control"] == "no-store"
    code = soup(confirmation).select_one(".code-display strong").get_text(strip=True)
    assert len(code.replace("-", "")) == 12
    assert code not in sealed and code.replace("-", "") not in sealed
    assert folio in sealed  # the folio is not a secret: the code is
    again = citizen.client.get(sent.headers["Location"])  # shown once
    assert again.status_code == 200 and code not in again.get_data(as_text=True)
    tracking = citizen.client.get("/es/buzon/seguimiento")
    assert tracking.headers["Cache-Control"] == "no-store"
    found = citizen.track(folio, code)
    assert found.status_code == 303
    status = citizen.client.get(found.headers["Location"])
    assert status.status_code == 200 and status.headers["Cache-Control"] == "no-store"


def test_a_forged_sealed_code_shows_nothing(empty_app, citizen):
    from app.core.sealed import seal, unseal

    with empty_app.test_request_context():
        token = seal("ABCD-EFGH-JKMN", "new_codes")
        assert unseal(token, "new_codes") == "ABCD-EFGH-JKMN"
        assert unseal(token, "other-purpose") is None
        tampered = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
        assert unseal(tampered, "new_codes") is None
        assert unseal("not base64!", "new_codes") is None and unseal(None, "new_codes") is None


def test_another_browser_gets_no_code(empty_app):
    folio_page = Journey(empty_app.test_client())
    check = folio_page.fill()
    sent = folio_page.send(check)
    stranger = empty_app.test_client().get(sent.headers["Location"])
    assert stranger.status_code == 200
    assert soup(stranger).select_one(".code-display") is None


def test_a_code_for_feedback_registered_by_staff_is_sealed_too(empty_app, signed_in):
    client = signed_in(Role.ADMIN)
    service = make_service()
    db.session.commit()
    response = client.post(
        "/admin/buzon/registrar",
        data={"canal": "telefono", "recibido": "2026-11-13", "tipo": "queja",
              "servicio": service.slug, "descripcion": "Llamó por una fila larga", "idioma": "es"},
    )  # fmt: skip
    assert response.status_code == 303
    sealed = cookie_data(empty_app, client)
    shown = client.get(response.headers["Location"])
    assert shown.headers["Cache-Control"] == "no-store"
    code = soup(shown).select_one(".code-display strong").get_text(strip=True)
    assert code not in sealed and code.replace("-", "") not in sealed
