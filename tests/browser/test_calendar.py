"""A coordinator declares a vacation on the calendar page with the keyboard alone; axe-core finds
nothing on the calendar pages."""

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


@pytest.fixture(scope="module")
def calendar(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            create_user("carla@example.org", "Carla", Role.COORDINATOR, PASSWORD)
        with serve(application) as address:
            yield address


def test_a_coordinator_declares_a_period_with_the_keyboard(browser, calendar):
    address = calendar
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{address}/auth/entrar")
    tab_to(page, page.locator("#email"))
    page.keyboard.type("carla@example.org")
    tab_to(page, page.locator("#password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{address}/admin/calendario?anio=2027")
    check_axe(page, "calendar")
    tab_to(page, page.locator("#desde"))
    page.keyboard.type("2027-03-15")
    tab_to(page, page.locator("#hasta"))
    page.keyboard.type("2027-03-10")
    tab_to(page, page.locator("#motivo_es"))
    page.keyboard.type("Puente")
    tab_to(page, page.locator("form[action*='/admin/calendario'] button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("posterior al primero")
    check_axe(page, "calendar with errors")
    page.locator("#hasta").fill("2027-03-16")
    tab_to(page, page.locator("form[action*='/admin/calendario'] button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text("Declaramos el periodo")
    check_axe(page, "calendar with a confirmation")

    page.get_by_role("link", name=re.compile("Cambiar o quitar.*Puente")).click()
    expect(page.locator("h1")).to_contain_text("Cambiar un día o periodo inhábil")
    check_axe(page, "calendar edit")
    page.goto(f"{address}/admin/calendario/importar")
    check_axe(page, "calendar import")
    context.close()
