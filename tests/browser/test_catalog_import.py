"""A coordinator imports catalog files in the workspace with the keyboard alone: a broken file
lists its problems, a clean one leads to the confirmation and is imported; axe-core finds
nothing on any of those pages."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.catalog.exchange.exporting import export_tables
from app.catalog.models import Topic
from app.core.tabular import to_csv
from app.extensions import db
from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            create_user("coral@example.org", "Coral", Role.COORDINATOR, PASSWORD)
            header, rows = export_tables()["topics.csv"]
        with serve(application) as address:
            yield application, address, header, rows


def upload(page, path):
    tab_to(page, page.locator("#archivos"))
    page.locator("#archivos").set_input_files(str(path))  # what the file dialog would choose
    tab_to(page, page.get_by_role("button", name="Revisar los archivos"))
    page.keyboard.press("Enter")


def test_a_coordinator_imports_topics_by_keyboard(browser, portal, tmp_path):
    application, address, header, rows = portal
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{address}/auth/entrar")
    tab_to(page, page.locator("#email"))
    page.keyboard.type("coral@example.org")
    tab_to(page, page.locator("#password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{address}/admin/catalogo/")
    tab_to(page, page.get_by_role("link", name="Importar y exportar"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Importar y exportar el catálogo")
    check_axe(page, "import")

    broken = tmp_path / "broken" / "topics.csv"
    broken.parent.mkdir()
    broken.write_text(to_csv(header, [{**rows[0], "name_es": ""}]), encoding="utf-8")
    upload(page, broken)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_text("topics.csv:2: name_es: está vacía")).to_be_visible()
    check_axe(page, "import with problems")

    clean = tmp_path / "topics.csv"
    clean.write_text(to_csv(header, [{**rows[0], "name_es": "Tema renombrado"}]), "utf-8")
    upload(page, clean)
    expect(page.locator("h1")).to_have_text("Confirmar la importación")
    expect(page.get_by_text("Tema renombrado")).to_be_visible()
    check_axe(page, "confirmation")
    tab_to(page, page.get_by_role("button", name="Importar"))
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]").first).to_contain_text("Se importó el catálogo")
    with application.app_context():
        names = [name["es"] for name in db.session.scalars(select(Topic.name))]
        assert "Tema renombrado" in names
