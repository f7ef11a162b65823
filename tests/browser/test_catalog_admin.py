"""A manager creates a service with its steps and requirements with the keyboard alone; axe-core
finds nothing on the catalog workspace (errors included); the service is then on the public
catalog in every language, the texts not yet translated marked as Spanish."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.catalog.models import Dependency, Service
from app.extensions import db
from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"
FAR = 250  # the service form has many fields


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            civil = db.session.scalar(select(Dependency).filter_by(slug="registro-civil"))
            create_user("gema@example.org", "Gema", Role.MANAGER, PASSWORD, dependency=civil)
            create_user("ada@example.org", "Ada", Role.ADMIN, PASSWORD)
        with serve(application) as address:
            yield application, address


def type_into(page, selector, text):
    tab_to(page, page.locator(selector), FAR)
    page.keyboard.type(text)


def test_a_manager_creates_a_service_by_keyboard(browser, portal):
    application, address = portal
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{address}/auth/entrar")
    type_into(page, "#email", "gema@example.org")
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    tab_to(page, page.get_by_role("link", name="Catálogo", exact=True))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Catálogo")
    check_axe(page, "services")
    tab_to(page, page.get_by_role("link", name="Crear un trámite o servicio"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Nuevo trámite o servicio")
    check_axe(page, "new service")
    tab_to(page, page.get_by_role("button", name="Guardar"), FAR)
    page.keyboard.press("Enter")  # nothing filled in
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, "new service with errors")

    type_into(page, "#codigo", "RC-900")
    type_into(page, "#clave", "constancia-de-inexistencia")
    type_into(page, "#nombre_es", "Constancia de inexistencia de registro")
    # The other languages are folded under the Spanish: Enter on their summary unfolds them.
    tab_to(page, page.get_by_text("Nombre en otros idiomas (0 de 4)"), FAR)
    page.keyboard.press("Enter")
    type_into(page, "#nombre_en", "Certificate of no record")
    type_into(page, "#descripcion_es", "Se hace constar que no hay un registro.")
    type_into(page, "#solicitantes_es", "Cualquier persona.")
    type_into(page, "#fundamento_es", "Código Civil del Estado de México.")
    type_into(page, "#plazo", "5")
    type_into(page, "#pasos-0-texto_es", "Entregue su solicitud en la ventanilla.")
    tab_to(page, page.get_by_role("button", name="Agregar otro paso"), FAR)
    page.keyboard.press("Enter")
    expect(page.locator("#pasos-1-texto_es")).to_be_visible()
    type_into(page, "#pasos-1-texto_es", "Recoja su constancia al día siguiente.")
    type_into(page, "#requisitos-0-nombre_es", "Solicitud por escrito")
    tab_to(page, page.get_by_role("button", name="Agregar otro requisito"), FAR)
    page.keyboard.press("Enter")
    expect(page.locator("#requisitos-1-nombre_es")).to_be_visible()
    type_into(page, "#requisitos-1-nombre_es", "Identificación oficial")
    tab_to(page, page.get_by_role("button", name="Guardar"), FAR)
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]").first).to_contain_text("Se guardó")
    check_axe(page, "service saved")

    with application.app_context():
        service = db.session.scalar(select(Service).filter_by(code="RC-900"))
        assert [row.name["es"] for row in service.requirements] == [
            "Solicitud por escrito",
            "Identificación oficial",
        ]
        assert [row.text["es"] for row in service.steps] == [
            "Entregue su solicitud en la ventanilla.",
            "Recoja su constancia al día siguiente.",
        ]
        assert service.dependency.slug == "registro-civil"

    citizen = browser.new_context().new_page()
    for lang, name in (
        ("es", "Constancia de inexistencia de registro"),
        ("en", "Certificate of no record"),
        ("nah", "Constancia de inexistencia de registro"),
    ):
        citizen.goto(f"{address}/{lang}/servicios/constancia-de-inexistencia")
        expect(citizen.locator("h1")).to_have_text(name)
        check_axe(citizen, f"public page in {lang}")
        expect(citizen.locator("ol.steps li")).to_have_count(2)
        if lang != "es":  # the description is not translated: marked as Spanish
            expect(
                citizen.locator("[lang=es]", has_text="Se hace constar que no hay un registro.")
            ).to_have_count(1)
    expect(citizen.locator("h1 [lang=es]")).to_have_count(1)  # the name, in Náhuatl
    citizen.goto(f"{address}/en/servicios?q=inexistencia")
    expect(citizen.get_by_role("link", name="Certificate of no record")).to_be_visible()


def test_every_workspace_page_passes_axe(browser, portal):
    application, address = portal
    with application.app_context():
        service = db.session.scalar(select(Service).filter_by(slug="acta-de-nacimiento"))
        service_id, topic_id = service.id, service.topic_id
        office_id = service.offices[0].id
        dependency_id = service.dependency_id
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{address}/auth/entrar")
    page.fill("#email", "ada@example.org")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    for path in (
        "/admin/catalogo/?q=acta",
        f"/admin/catalogo/servicios/{service_id}",
        "/admin/catalogo/dependencias",
        f"/admin/catalogo/dependencias/{dependency_id}",
        "/admin/catalogo/oficinas",
        f"/admin/catalogo/oficinas/{office_id}",
        "/admin/catalogo/oficinas/nueva",
        "/admin/catalogo/temas",
        f"/admin/catalogo/temas/{topic_id}",
    ):
        page.goto(f"{address}{path}")
        check_axe(page, path)
    page.goto(f"{address}/admin/catalogo/oficinas/nueva")
    page.get_by_role("button", name="Guardar").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, "new office with errors")
    page.goto(f"{address}/admin/catalogo/servicios/{service_id}")
    page.get_by_role("button", name="Retirar").click()  # no date
    expect(page.locator(".error-summary")).to_be_visible()
    check_axe(page, "retire with errors")
    page.fill("#fecha", "2026-12-01")
    page.get_by_role("button", name="Retirar").click()
    expect(page.locator("[role=status]").first).to_contain_text("se retiró")
    check_axe(page, "retired service (staff)")
    page.goto(f"{address}/es/servicios/acta-de-nacimiento")
    expect(page.locator("main")).to_contain_text("Este trámite ya no se ofrece")
    check_axe(page, "retired service (public)")
