"""A coordinator imports charter files in the workspace with the keyboard alone, from the
charter list: a broken file lists its problems, a clean one leads to the confirmation and is
imported; axe-core finds nothing on any of those pages."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.charters.exchange.exporting import export_tables
from app.charters.models import Charter
from app.core.tabular import to_csv
from app.extensions import db
from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_catalog_import import PASSWORD, upload
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            create_user("carla@example.org", "Carla", Role.COORDINATOR, PASSWORD)
            header, rows = export_tables()["charters.csv"]
        with serve(application) as address:
            yield application, address, header, rows


def test_a_coordinator_imports_charters_by_keyboard(browser, portal, tmp_path):
    application, address, header, rows = portal
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{address}/auth/entrar")
    tab_to(page, page.locator("#email"))
    page.keyboard.type("carla@example.org")
    tab_to(page, page.locator("#password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{address}/admin/cartas/")
    tab_to(page, page.get_by_role("link", name="Importar y exportar las cartas"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Importar y exportar las cartas")
    check_axe(page, "import")

    broken = tmp_path / "broken" / "charters.csv"
    broken.parent.mkdir()
    broken.write_text(to_csv(header, [{**rows[0], "title_es": ""}]), encoding="utf-8")
    upload(page, broken)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_text("charters.csv:2: title_es: está vacía")).to_be_visible()
    check_axe(page, "import with problems")

    clean = tmp_path / "charters.csv"
    clean.write_text(to_csv(header, [{**rows[0], "title_es": "Carta renombrada"}]), "utf-8")
    upload(page, clean)
    expect(page.locator("h1")).to_have_text("Confirmar la importación")
    expect(page.get_by_text(rows[0]["slug"], exact=True)).to_be_visible()
    check_axe(page, "confirmation")
    tab_to(page, page.get_by_role("button", name="Importar"))
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]").first).to_contain_text("Se importaron las cartas")
    with application.app_context():
        titles = [title["es"] for title in db.session.scalars(select(Charter.title))]
        assert "Carta renombrada" in titles
