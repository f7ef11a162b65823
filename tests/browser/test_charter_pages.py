"""The charter's archived version, what changed, the printable poster and the renewal list in a
real browser: axe-core finds nothing; the poster prints without the site's header and footer,
with its QR codes; a manager reaches the renewal list from the staff home with the keyboard."""

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"
CHARTER = "/es/cartas/impuesto-predial"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            from sqlalchemy import select

            from app.charters.models import Charter
            from app.extensions import db

            charter = db.session.scalar(select(Charter).filter_by(slug="impuesto-predial"))
            create_user("teso@example.org", "Tere", Role.MANAGER, PASSWORD, charter.dependency)
        with serve(application) as address:
            yield address


@pytest.fixture
def page(browser):
    # axe is injected as a script, which the portal's CSP forbids: this context bypasses it.
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def test_charter_version_and_poster_pages_have_no_axe_violations(page, site):
    for path in (
        CHARTER,
        f"{CHARTER}/versiones/1",
        f"{CHARTER}/cartel",
        f"/nah{CHARTER[3:]}/cartel",
    ):
        page.goto(site + path)
        check_axe(page, path)


def test_the_poster_prints_without_the_site_around_it(page, site):
    page.goto(f"{site}{CHARTER}/cartel")
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".poster-tools", ".breadcrumbs"):
        expect(page.locator(hidden)).to_be_hidden()
    codes = page.locator(".poster-code svg")
    expect(codes).to_have_count(2)
    box = codes.first.bounding_box()
    assert box["width"] > 100 and box["width"] == box["height"]  # 38 mm squares
    # Printed by the browser on A4: one or two pages.
    printed = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    assert 1 <= len(printed.pages) <= 2


def test_the_poster_fits_a_phone_screen(browser, site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    phone.goto(f"{site}{CHARTER}/cartel")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the poster scrolls sideways by {overflow}px"
    context.close()


def test_a_manager_reaches_the_renewal_list_with_the_keyboard(page, site):
    page.goto(f"{site}/auth/entrar")
    tab_to(page, page.locator("#email"))
    page.keyboard.type("teso@example.org")
    tab_to(page, page.locator("#password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    link = page.get_by_role("link", name="Cartas por renovar o recertificar")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/cartas/vencimientos$"))
    expect(page.locator("tbody tr").first).to_contain_text("Pago del impuesto predial")
    check_axe(page, "renewals")
