"""An administrator invites a person and that person chooses a password, with the keyboard
alone; axe-core finds nothing on the people pages."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.outbox.models import OutboxMessage
from app.staff.models import Role, User
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"
NEW = "cuatro caballos comen avena azul"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            create_user("ada@example.org", "Ada", Role.ADMIN, PASSWORD)
        with serve(application) as address:
            yield application, address


def test_inviting_a_person_who_then_chooses_a_password(browser, portal):
    application, address = portal
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{address}/auth/entrar")
    tab_to(page, page.locator("#email"))
    page.keyboard.type("ada@example.org")
    tab_to(page, page.locator("#password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    tab_to(page, page.get_by_role("link", name="Personal", exact=True))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Personal")
    check_axe(page, "people")
    tab_to(page, page.get_by_role("link", name="Invitar a una persona"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Invitar a una persona")
    check_axe(page, "invite")
    tab_to(page, page.locator("main button[type=submit]"))
    page.keyboard.press("Enter")  # nothing filled in: the errors, focusable from the summary
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, "invite with errors")
    tab_to(page, page.locator("#name"))
    page.keyboard.type("Nora Nueva")
    tab_to(page, page.locator("#email"))
    page.keyboard.type("nora@example.org")
    tab_to(page, page.locator("#role"))
    page.keyboard.type("Consulta")
    tab_to(page, page.locator("#dependency"))
    page.keyboard.type("Tesorer")
    tab_to(page, page.locator("main button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Nora Nueva")
    expect(page.locator("[role=status]").first).to_contain_text("Se envió la invitación")
    check_axe(page, "person")

    with application.app_context():
        person = db.session.scalar(select(User).filter_by(email="nora@example.org"))
        assert person.role is Role.VIEWER and person.dependency.slug.startswith("tesorer")
        mail = db.session.scalar(select(OutboxMessage).filter_by(recipient="nora@example.org"))
        link = re.search(r"https?://\S+", mail.body).group()
    path = link.split("://", 1)[1].split("/", 1)[1]

    nora = browser.new_context(bypass_csp=True, locale="es-MX").new_page()
    nora.goto(f"{address}/{path}")
    expect(nora.locator("h1")).to_have_text("Elija su contraseña")
    check_axe(nora, "accept")
    tab_to(nora, nora.locator("#password"))
    nora.keyboard.type("password1234")
    tab_to(nora, nora.locator("#confirm"))
    nora.keyboard.type("password1234")
    nora.keyboard.press("Enter")
    expect(nora.locator("#password-error")).to_contain_text("común o fácil de adivinar")
    check_axe(nora, "accept with errors")
    tab_to(nora, nora.locator("#password"))
    nora.keyboard.type(NEW)
    tab_to(nora, nora.locator("#confirm"))
    nora.keyboard.type(NEW)
    nora.keyboard.press("Enter")
    expect(nora).to_have_url(re.compile(r"/admin/"))
    expect(nora.locator("h1")).to_have_text("Inicio del personal")
    nora.goto(f"{address}/{path}")
    expect(nora.locator("h1")).to_have_text("Este enlace ya no sirve")
    check_axe(nora, "link gone")
