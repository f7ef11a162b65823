"""The quality unit's yearly evaluation page by keyboard: axe-core finds nothing on the page,
published or draft, nor on its error state, nor on the public evaluation in each language."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.indicators.models import Evaluation
from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.browser.test_quality import PASSWORD, sign_in
from tests.conftest import demo_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def quality_unit(tmp_path_factory):
    """The demo, served, with a coordinator; the slug of the charter evaluated in 2025."""
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            create_user("coral@example.org", "Coral", Role.COORDINATOR, PASSWORD)
            slug = db.session.scalar(select(Evaluation)).charter.slug
        with serve(application) as address:
            yield address, slug


def test_the_evaluation_page_and_its_errors_pass_axe(browser, quality_unit):
    address, slug = quality_unit
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, address, "coral@example.org")
    page.goto(f"{address}/admin/cartas/{slug}/evaluacion/2025")
    expect(page.locator("main")).to_contain_text("Publicada: revisión 1")
    check_axe(page, "published")

    page.goto(f"{address}/admin/cartas/{slug}/evaluacion/2026")
    publish = page.get_by_role("button", name="Publicar la evaluación")
    tab_to(page, publish, limit=400)
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Elija una conclusión para el compromiso 1.")
    expect(summary).to_contain_text("El año todavía no termina.")
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_axe(page, "errors")

    # The summary's link takes the keyboard to the commitment's choices.
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#conclusion_\d+-0$"))
    expect(page.locator("[id^=conclusion_][id$='-0']").first).to_be_focused()  # its first radio
    context.close()


@pytest.mark.parametrize("lang", ["es", "en", "nah"])
def test_the_public_evaluation_passes_axe(browser, quality_unit, lang):
    address, slug = quality_unit
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{address}/{lang}/cartas/{slug}")
    page.locator(f"a[href='/{lang}/cartas/{slug}/evaluacion/2025']").click()
    expect(page.locator("h1")).to_contain_text("2025")
    check_axe(page, lang)
    context.close()
