"""A manager drafts a charter and sends it for review, and a coordinator approves it, with the
keyboard alone; axe-core finds nothing on the charter workspace (errors included); the charter
is then public."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.catalog.models import Dependency
from app.charters.models import Charter, CharterStatus
from app.extensions import db
from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"
FAR = 400  # the version page has many fields and buttons


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            civil = db.session.scalar(select(Dependency).filter_by(slug="registro-civil"))
            create_user("gema@example.org", "Gema", Role.MANAGER, PASSWORD, dependency=civil)
            create_user("cora@example.org", "Cora", Role.COORDINATOR, PASSWORD)
        with serve(application) as address:
            yield application, address


def type_into(page, selector, text):
    tab_to(page, page.locator(selector), FAR)
    page.keyboard.type(text)


def press(page, locator):
    tab_to(page, locator, FAR)
    page.keyboard.press("Enter")


def sign_in(browser, address, email):
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{address}/auth/entrar")
    type_into(page, "#email", email)
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def test_a_manager_drafts_a_charter_and_a_coordinator_approves_it_by_keyboard(browser, portal):
    application, address = portal
    page = sign_in(browser, address, "gema@example.org")
    press(page, page.get_by_role("link", name="Cartas", exact=True))
    expect(page.locator("h1")).to_have_text("Cartas compromiso")
    check_axe(page, "charters")
    press(page, page.get_by_role("link", name="Crear una carta"))
    expect(page.locator("h1")).to_have_text("Nueva carta compromiso")
    check_axe(page, "new charter")
    press(page, page.get_by_role("button", name="Crear la carta"))  # nothing filled in
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, "new charter with errors")

    type_into(page, "#titulo", "Carta del divorcio administrativo")
    type_into(page, "#clave", "divorcio-administrativo")
    tab_to(page, page.locator("#dependencia"), FAR)
    page.keyboard.press("ArrowDown")  # the one dependency in her scope
    tab_to(page, page.get_by_label(re.compile("^Divorcio administrativo")), FAR)
    page.keyboard.press("Space")
    press(page, page.get_by_role("button", name="Crear la carta"))
    expect(page.locator("h1")).to_have_text("Carta del divorcio administrativo, versión 1")
    expect(page.locator("[role=status]").first).to_contain_text("Se creó la carta")
    check_axe(page, "draft")

    type_into(page, "#proposito", "Divorciarse sin litigio, con trato digno y en plazo.")
    type_into(page, "#derechos", "Trato digno y atención en su lengua.")
    type_into(page, "#obligaciones", "Presentar su identificación.")
    type_into(page, "#participacion", "Buzón ciudadano.")
    type_into(page, "#quejas", "En el buzón del portal o en la oficialía.")
    type_into(page, "#compensacion", "Una disculpa por escrito.")
    type_into(page, "#unidad_responsable", "Oficialía del Registro Civil")
    press(page, page.get_by_role("button", name="Guardar el borrador"))
    expect(page.locator("[role=status]").first).to_contain_text("Se guardó el borrador")
    press(page, page.get_by_role("button", name="Enviar a revisión"))
    expect(page.locator("[role=status]").first).to_contain_text("a revisión")
    check_axe(page, "in review")

    page = sign_in(browser, address, "cora@example.org")
    press(page, page.get_by_role("link", name="Cartas", exact=True))
    type_into(page, "#q", "divorcio")
    page.keyboard.press("Enter")
    press(page, page.get_by_role("link", name="Carta del divorcio administrativo"))
    expect(page.locator("h1")).to_have_text("Carta del divorcio administrativo, versión 1")
    check_axe(page, "review")
    tab_to(page, page.locator("#publicar_desde"), FAR)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    press(page, page.get_by_role("button", name="Aprobar y publicar"))
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, "review with errors")
    with application.app_context():
        from app.core.clock import local_today

        today = local_today().isoformat()
    type_into(page, "#publicar_desde", today)
    press(page, page.get_by_role("button", name="Aprobar y publicar"))
    expect(page.locator("[role=status]").first).to_contain_text("Se aprobó y publicó")
    check_axe(page, "approved")

    with application.app_context():
        charter = db.session.scalar(select(Charter).filter_by(slug="divorcio-administrativo"))
        assert charter.versions[0].status is CharterStatus.PUBLISHED
        assert [e.kind.value for e in charter.versions[0].events] == [
            "created",
            "submitted",
            "approved",
        ]
    citizen = browser.new_context().new_page()
    citizen.goto(f"{address}/es/cartas/divorcio-administrativo")
    expect(citizen.locator("h1")).to_contain_text("Carta del divorcio administrativo")


def test_commitment_and_indicator_pages_pass_axe_errors_included(browser, portal):
    _application, address = portal
    page = sign_in(browser, address, "gema@example.org")
    page.goto(f"{address}/admin/cartas/nueva")
    type_into(page, "#titulo", "Carta del matrimonio civil")
    type_into(page, "#clave", "carta-matrimonio-axe")
    tab_to(page, page.locator("#dependencia"), FAR)
    page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_label(re.compile("^Registro de defunción")), FAR)
    page.keyboard.press("Space")
    press(page, page.get_by_role("button", name="Crear la carta"))
    expect(page.locator("h1")).to_have_text("Carta del matrimonio civil, versión 1")
    press(page, page.get_by_role("link", name=re.compile("^Le atenderemos con amabilidad")))
    expect(page.locator("h1")).to_have_text("Compromiso 1")
    check_axe(page, "commitment")
    press(page, page.get_by_role("link", name="Porcentaje de personas usuarias satisfechas"))
    expect(page.locator("h1")).to_have_text("Porcentaje de personas usuarias satisfechas")
    check_axe(page, "indicator")
    tab_to(page, page.locator("#valor_meta"), FAR)
    page.keyboard.press("Control+A")
    page.keyboard.type("120")
    press(page, page.get_by_role("button", name="Guardar el indicador"))
    expect(page.locator(".error-summary")).to_contain_text("Un porcentaje va de 0 a 100.")
    check_axe(page, "indicator with errors")
    tab_to(page, page.locator("#valor_meta"), FAR)
    page.keyboard.press("Control+A")
    page.keyboard.type("95")
    press(page, page.get_by_role("button", name="Guardar el indicador"))
    expect(page.locator("[role=status]").first).to_contain_text("Se guardó el indicador")
    check_axe(page, "indicator saved")
