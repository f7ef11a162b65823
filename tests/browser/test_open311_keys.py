"""An administrator issues and revokes an Open311 key with the keyboard; axe-core finds nothing
on the page, with errors, with the new key shown and after revoking it."""

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


def test_an_administrator_issues_and_revokes_a_key_with_the_keyboard(browser, portal):
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{portal}/auth/entrar")
    page.fill("#email", "ada@example.org")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{portal}/admin/institucion")
    page.get_by_role("link", name="Claves de la API Open311").click()
    expect(page).to_have_url(re.compile(r"/admin/institucion/claves-api$"))
    check_axe(page, "keys")
    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, "keys with errors")

    tab_to(page, page.locator("#nombre"))
    page.keyboard.type("Centro de atención telefónica")
    tab_to(page, page.locator("#contacto"))
    page.keyboard.type("cat@metepec.example.org")
    page.keyboard.press("Enter")
    expect(page.locator("code.api-key")).to_have_text(re.compile(r"^o311_"))
    check_axe(page, "key issued")

    revoke = page.get_by_role("button", name="Revocar la clave de Centro de atención telefónica")
    tab_to(page, revoke)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Se revocó la clave")
    check_axe(page, "key revoked")
