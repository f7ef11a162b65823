"""A community translator of Otomí uploads a PO file with a lost placeholder: the page starts
at the error summary, which says what to correct; axe-core finds nothing on the page; a good file
is then taken. The service page's easy-reading summary passes axe too."""

import re

import pytest
from playwright.sync_api import expect

from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Language: ots\\n"\n\n'


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            create_user(
                "nati@example.org", "Nati", Role.TRANSLATOR, PASSWORD, translation_languages=["ots"]
            )
        with serve(application) as address:
            yield application, address


def test_a_translator_fixes_a_refused_po_file(browser, portal, tmp_path):
    _application, address = portal
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{address}/auth/entrar")
    tab_to(page, page.locator("#email"))
    page.keyboard.type("nati@example.org")
    tab_to(page, page.locator("#password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{address}/admin/traducciones/interfaz/ots")
    expect(page.locator("h1")).to_have_text("Textos de la interfaz: Hñähñu")
    check_axe(page, "interface translation page")

    wrong = tmp_path / "ots.po"
    wrong.write_text(
        HEADER + '#, python-format\nmsgid "Traducciones: %(language)s"\nmsgstr "Sin marcador"\n',
        encoding="utf-8",
    )
    page.locator("#archivo").set_input_files(str(wrong))
    tab_to(page, page.get_by_role("button", name="Subir el archivo"))
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("No se guardó ninguna traducción del archivo.")
    expect(summary).to_contain_text("debe conservar los marcadores %(language)s")
    check_axe(page, "refused PO file")

    wrong.write_text(
        HEADER + '#, python-format\nmsgid "Traducciones: %(language)s"\n'
        'msgstr "Traducciones (%(language)s)"\n',
        encoding="utf-8",
    )
    page.locator("#archivo").set_input_files(str(wrong))
    tab_to(page, page.get_by_role("button", name="Subir el archivo"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Se guardó 1 traducción de la interfaz.")).to_be_visible()


def test_the_easy_reading_summary_comes_first_and_passes_axe(browser, portal):
    _application, address = portal
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{address}/es/servicios/asesoria-y-orientacion-juridica")
    heading = page.get_by_role("heading", name="En palabras sencillas")
    expect(heading).to_be_visible()
    check_axe(page, "service page with an easy-reading summary")
