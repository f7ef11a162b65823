"""A file over the form's limit is set aside as it is chosen, with JavaScript: sent, it could
make the request too large for the server, whose refusal cannot give back what was typed."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serve
from tests.conftest import demo_app

pytestmark = pytest.mark.browser

FORM = "/es/buzon/nuevo?tipo=queja&servicio=otro"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with demo_app(tmp_path_factory) as application, serve(application) as address:
        yield address


def test_a_file_too_large_is_set_aside_with_the_reason_and_the_text_stays(browser, server):
    page = browser.new_page()
    page.goto(f"{server}{FORM}")
    page.fill("#descripcion", "La ventanilla estuvo cerrada.")
    files = page.locator("#adjuntos")
    files.set_input_files(
        [
            {"name": "video.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" * (2 * MB)},
            {"name": "acta.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 acta"},
        ]
    )
    note = page.locator("#adjuntos-too-large")
    expect(note).to_have_text("El archivo video.pdf pesa más de 5 MB.")
    expect(note).to_have_attribute("role", "alert")
    assert files.evaluate("input => input.files.length") == 0
    assert page.input_value("#descripcion") == "La ventanilla estuvo cerrada."

    files.set_input_files(
        [{"name": "acta.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 acta"}]
    )
    expect(note).to_have_count(0)
    assert files.evaluate("input => input.files.length") == 1
    page.close()
