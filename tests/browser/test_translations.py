"""A translator finds a translation whose Spanish changed and fixes it with the keyboard alone;
axe-core finds nothing on the translation pages, and the public page drops its "in review"
note."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.catalog.models import Service
from app.extensions import db
from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"
SLUG = "acompanamiento-a-mujeres-en-situacion-de-violencia"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            create_user(
                "tere@example.org", "Tere", Role.TRANSLATOR, PASSWORD, translation_languages=["en"]
            )
            service = db.session.scalar(select(Service).filter_by(slug=SLUG))
            service.name = {**service.name, "es": "Acompañamiento a mujeres que viven violencia"}
            db.session.commit()
        with serve(application) as address:
            yield application, address


def test_a_translator_reviews_a_translation_by_keyboard(browser, portal):
    application, address = portal
    public = browser.new_context(bypass_csp=True).new_page()
    public.goto(f"{address}/en/servicios/{SLUG}")
    expect(public.locator("h1 .in-review")).to_have_text("(Translation under review)")
    check_axe(public, "public page with a translation in review")

    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{address}/auth/entrar")
    tab_to(page, page.locator("#email"))
    page.keyboard.type("tere@example.org")
    tab_to(page, page.locator("#password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="Buzón")).to_have_count(0)

    tab_to(page, page.get_by_role("link", name="Traducciones", exact=True))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Traducciones")
    check_axe(page, "translations")
    tab_to(page, page.get_by_role("link", name="English").first)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Traducciones: English")
    check_axe(page, "English list")
    tab_to(page, page.locator("#estado"))
    page.keyboard.type("Por revisar")
    tab_to(page, page.get_by_role("button", name="Mostrar"))
    page.keyboard.press("Enter")
    expect(page.locator("tbody tr")).to_have_count(1)
    tab_to(page, page.locator("tbody a").first)
    page.keyboard.press("Enter")
    expect(page.locator(".source-text").first).to_have_text(
        "Acompañamiento a mujeres que viven violencia"
    )
    check_axe(page, "editor")

    # The field's maxlength stops a browser at 300 characters; one that ignores it gets the
    # error.
    page.locator("#name").evaluate("field => field.removeAttribute('maxlength')")
    tab_to(page, page.locator("#name"))
    page.keyboard.press("Control+A")
    page.keyboard.type("x" * 301)
    tab_to(page, page.get_by_role("button", name="Guardar las traducciones"))
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, "editor with errors")
    tab_to(page, page.locator("#name"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Support for women living with violence")
    tab_to(page, page.get_by_role("button", name="Guardar las traducciones"))
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]").first).to_contain_text("Se guardaron 1 traducciones")
    expect(page.locator(".target .notice")).to_have_count(0)

    public.goto(f"{address}/en/servicios/{SLUG}")
    expect(public.locator("h1")).to_have_text("Support for women living with violence")
