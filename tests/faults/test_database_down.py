"""The database is unreachable: a localized 503 with Retry-After, a failing health check, and
the citizen keeps what they typed, to send it again once the database is back."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.extensions import db
from app.feedback.models import Feedback
from tests.conftest import SERVER_URL, make_app
from tests.feedback.conftest import PDF, hidden_fields

TEXT = "La ventanilla 3 abrió a las 10:40; había 30 personas esperando."


def unreachable_url(tmp_path) -> str:
    """A database of the engine under test that cannot be reached."""
    if SERVER_URL:
        # Port 1 on loopback: nothing listens there, the connection is refused at once.
        return make_url(SERVER_URL).set(port=1).render_as_string(hide_password=False)
    return f"sqlite:///{tmp_path / 'no-such-folder' / 'portal.sqlite3'}"


@pytest.fixture
def down(tmp_path):
    application = make_app(unreachable_url(tmp_path), UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with application.app_context():
        yield application.test_client()
        db.engine.dispose()


def soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


SPANISH = "El portal no está disponible por el momento"


@pytest.mark.parametrize("lang", ["es", "en", "nah"])
def test_pages_answer_503_in_their_language_with_retry_after(down, lang):
    response = down.get(f"/{lang}/servicios")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = soup(response)
    assert page.html["lang"] == lang
    heading = page.h1.get_text(strip=True)
    assert (heading == SPANISH) == (lang == "es")
    if lang == "en":
        assert heading == "The portal is not available at the moment"
    assert "Traceback" not in response.get_data(as_text=True)


def test_the_health_check_fails(down):
    response = down.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}
    assert response.headers["Retry-After"]


def test_staff_pages_answer_503_too(down):
    assert down.get("/admin/buzon").status_code in (302, 503)
    response = down.post("/auth/entrar", data={"email": "a@example.org", "password": "secret-pw"})
    assert response.status_code == 503
    assert "secret-pw" not in response.get_data(as_text=True)  # passwords are never echoed


def test_what_the_citizen_typed_comes_back_in_a_form_that_sends_it_again(down):
    response = down.post(
        "/es/buzon/enviar?tipo=queja&servicio=otro",
        data={
            "descripcion": TEXT,
            "lugar": "Oficina centro",
            "correo": "ana@example.org",
            "idioma": "es",
            "consentimiento": "y",
            "clave_envio": "a" * 32,
            "adjuntos": [(io.BytesIO(PDF), "acta.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 503
    page = soup(response)
    assert TEXT in page.get_text() and "ana@example.org" in page.get_text()
    assert "adjuntarlos otra vez" in page.get_text()  # files cannot be kept without storage
    form = page.select_one("main form")
    assert (
        form["method"] == "post" and form["action"] == "/es/buzon/enviar?tipo=queja&servicio=otro"
    )
    fields = {tag["name"]: tag["value"] for tag in form.select("input[type=hidden]")}
    assert fields["descripcion"] == TEXT and fields["clave_envio"] == "a" * 32


def test_sending_again_once_the_database_is_back_saves_one_item(tmp_path, empty_app):
    """The kept form, posted to the live portal, reaches the check step and then one item."""
    down_app = make_app(unreachable_url(tmp_path))
    with down_app.app_context():
        kept = down_app.test_client().post(
            "/es/buzon/enviar?tipo=queja&servicio=otro",
            data={
                "descripcion": TEXT,
                "idioma": "es",
                "consentimiento": "y",
                "clave_envio": "b" * 32,
            },
        )
        db.engine.dispose()
    assert kept.status_code == 503
    form = soup(kept).select_one("main form")
    live = empty_app.test_client()
    for _attempt in range(2):  # a double click on "try again" saves one item
        sent = live.post(form["action"], data=hidden_fields(kept))
        assert sent.status_code == 303
        assert re.search(r"SQR-\d{4}-\d{6}", sent.headers["Location"])
    assert db.session.scalar(select(func.count(Feedback.id))) == 1
    assert db.session.scalar(select(Feedback.text)) == TEXT


@pytest.mark.parametrize("path", ["/api/v1/services", "/api/v1/services.csv", "/api/v1/programs"])
def test_the_api_answers_a_json_503(down, path):
    response = down.get(path)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.json == {
        "error": {
            "status": 503,
            "message": "The server could not answer; please try again later.",
        }
    }
