"""An administrator changes the institution's contacts with the keyboard; axe-core finds nothing
on the page, with and without errors."""

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
def portal(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            create_user("ada@example.org", "Ada", Role.ADMIN, PASSWORD)
        with serve(application) as address:
            yield address


def test_an_administrator_edits_the_institution_with_the_keyboard(browser, portal):
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{portal}/auth/entrar")
    page.fill("#email", "ada@example.org")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{portal}/admin/institucion")
    check_axe(page, "institution")
    tab_to(page, page.locator("#accesibilidad_correo"))
    page.keyboard.press("Control+A")
    page.keyboard.type("no es un correo")
    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, "institution with errors")

    tab_to(page, page.locator("#accesibilidad_correo"))
    page.keyboard.press("Control+A")
    page.keyboard.type("barreras@metepec.example.org")
    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"guardado=1"))
    check_axe(page, "institution saved")

    page.goto(f"{portal}/es/accesibilidad")
    expect(page.get_by_role("link", name="barreras@metepec.example.org")).to_be_visible()
