"""The quality team records a manual result with the keyboard alone; axe-core finds nothing on
the quality pages, in each staff language."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.charters.models import Indicator, Source
from app.core.types import Period
from app.extensions import db
from app.indicators.models import Measurement
from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            indicator = db.session.scalars(
                select(Indicator).where(Indicator.source == Source.MYSTERY_SHOPPER)
            ).first()
            charter = indicator.commitment.version.charter
            for language in ("es", "en"):
                user = create_user(f"mara-{language}@example.org", "Mara", Role.MANAGER,
                                   PASSWORD, charter.dependency)  # fmt: skip
                user.ui_language = language
            db.session.commit()
            ids = (indicator.id, charter.slug)
        with serve(application) as address:
            yield application, address, ids


def sign_in(page, address, email):
    page.goto(f"{address}/auth/entrar")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.parametrize("language", ["es", "en"])
def test_quality_pages_have_no_axe_violations(browser, office, language):
    _application, address, (indicator_id, slug) = office
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, address, f"mara-{language}@example.org")
    for path in (
        "/admin/indicadores",
        f"/admin/indicadores/cartas/{slug}",
        f"/admin/indicadores/indicador/{indicator_id}/resultado",
        f"/admin/indicadores/indicador/{indicator_id}/definicion",
        f"/admin/indicadores/cartas/{slug}/acciones/nueva",
        f"/admin/indicadores/cartas/{slug}/informes/2026-T3",
    ):
        page.goto(address + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        check_axe(page, path)
    context.close()


def test_a_manager_records_a_result_with_the_keyboard(browser, office):
    application, address, (indicator_id, _slug) = office
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, address, "mara-es@example.org")
    page.goto(f"{address}/admin/indicadores/indicador/{indicator_id}/resultado")
    tab_to(page, page.locator("#periodo"))
    page.keyboard.press("End")  # the oldest period: 2025-T1
    tab_to(page, page.locator("#numerador"))
    page.keyboard.type("12")
    tab_to(page, page.locator("#denominador"))
    page.keyboard.type("10")
    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("El numerador no puede ser mayor que el denominador.")
    check_axe(page, "errors")

    tab_to(page, page.locator("#numerador"))
    page.keyboard.press("Control+A")
    page.keyboard.type("9")
    tab_to(page, page.locator("#evidencia_nota"))
    page.keyboard.type("Diez visitas de cliente misterioso.")
    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).not_to_have_text("Registrar un resultado")
    context.close()
    with application.app_context():
        measurement = db.session.scalar(
            select(Measurement).filter_by(indicator_id=indicator_id, period=Period(2025, "T", 1))
        )
        assert (measurement.numerator, measurement.denominator) == (9, 10)
        assert measurement.evidence_note == "Diez visitas de cliente misterioso."


@pytest.mark.parametrize("lang", ["es", "en", "nah"])
def test_result_charts_have_a_text_alternative_and_a_table(
    browser, live_server, public_paths, lang
):
    charter_path = next(
        p for p in public_paths if p.startswith(f"/{lang}/cartas/") and p.count("/") == 3
    )
    page = browser.new_page()
    page.goto(live_server + charter_path)
    chart = page.locator("figure.chart").first.get_by_role("img").first
    expect(chart).to_have_accessible_name(re.compile(r".+: .+"))
    expect(chart).to_have_accessible_description(re.compile(r"\d"))
    table = page.locator("figure.chart + .table-scroll table").first
    expect(table.locator("caption")).not_to_be_empty()
    assert table.locator("tbody tr").count() >= 4
    page.close()
