"""A demo institution of its own for the feedback tests, which write, and journey helpers."""

import io
import re

import pytest
from bs4 import BeautifulSoup

from tests.conftest import demo_app

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def journey_app(tmp_path_factory):
    """A demo institution of this module's own: the journey writes."""
    with demo_app(tmp_path_factory) as application:
        yield application


@pytest.fixture
def journey(journey_app):
    with journey_app.app_context():
        yield Journey(journey_app.test_client())


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def hidden_fields(response) -> dict:
    """The hidden inputs of the check-answers form (repeated names become lists)."""
    fields: dict = {}
    for tag in soup(response).select("form input[type=hidden]"):
        fields.setdefault(tag["name"], []).append(tag.get("value", ""))
    return {name: values if len(values) > 1 else values[0] for name, values in fields.items()}


def errors(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select(".error-summary a")]


class Journey:
    """Walks the citizen's steps with the test client."""

    def __init__(self, client):
        self.client = client

    def fill(self, tipo="queja", servicio="otro", lang="es", files=(), **fields):
        """Post the message form; returns the response (the check page when it is valid)."""
        data = {
            "descripcion": "La ventanilla abrió una hora tarde.",
            "idioma": lang,
            "consentimiento": "y",
            **fields,
        }
        data = {key: value for key, value in data.items() if value is not None}
        if files:
            data["adjuntos"] = [(io.BytesIO(content), name) for name, content in files]
        return self.client.post(
            f"/{lang}/buzon/nuevo?tipo={tipo}&servicio={servicio}",
            data=data,
            content_type="multipart/form-data",
        )

    def send(self, check_page, tipo="queja", servicio="otro", lang="es"):
        return self.client.post(
            f"/{lang}/buzon/enviar?tipo={tipo}&servicio={servicio}", data=hidden_fields(check_page)
        )

    def submit(self, tipo="queja", servicio="otro", lang="es", **fields):
        """The whole journey; returns the folio and the access code shown once."""
        check = self.fill(tipo, servicio, lang, **fields)
        assert check.status_code == 200, errors(check)
        sent = self.send(check, tipo, servicio, lang)
        assert sent.status_code == 303
        page = self.client.get(sent.headers["Location"])
        folio = re.search(r"SQR-\d{4}-\d{6}", sent.headers["Location"]).group()
        code = soup(page).select_one(".code-display strong").get_text(strip=True)
        return folio, code

    def track(self, folio, code, lang="es"):
        return self.client.post(f"/{lang}/buzon/seguimiento", data={"folio": folio, "codigo": code})
