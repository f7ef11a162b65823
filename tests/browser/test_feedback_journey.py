"""The whole feedback journey in Chromium, by keyboard alone, in Spanish and Náhuatl, with and
without JavaScript, with axe-core on every step, the error states included."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import serve
from tests.conftest import demo_app

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def check_axe(page, step):
    # After a click the new page may still be loading its stylesheet: axe would judge it bare.
    page.wait_for_load_state("load")
    result = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    )
    assert result.violations_count == 0, f"{step}\n{result.generate_report()}"


def tab_to(page, locator, limit=60):
    """Press Tab until ``locator`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


@pytest.fixture(scope="module")
def journey_server(tmp_path_factory):
    """A demo of this module's own, served: the journey sends feedback."""
    with demo_app(tmp_path_factory) as application, serve(application) as address:
        yield address


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("lang", ["es", "nah"])
def test_keyboard_only_journey(browser, journey_server, lang, javascript):
    # axe is injected as a script, which the portal's CSP forbids: this context bypasses it.
    context = browser.new_context(java_script_enabled=javascript, bypass_csp=True)
    page = context.new_page()

    def axe(step, on=page):
        if javascript:  # axe itself is JavaScript; the "js" run checks the same pages
            check_axe(on, step)

    page.goto(f"{journey_server}/{lang}/buzon")
    axe("choose a type")

    complaint = page.locator("input[name=tipo][value=queja]")
    tab_to(page, page.locator("input[name=tipo]").first)
    while not complaint.evaluate("element => element === document.activeElement"):
        page.keyboard.press("ArrowDown")  # arrows move within a radio group, and select
    tab_to(page, page.locator("main button[type=submit]").first)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"tipo=queja"))
    axe("choose a service")

    tab_to(page, page.locator("#servicio"))  # "Otro o no lo sé" is chosen already
    tab_to(page, page.locator("main button[type=submit]").first)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"servicio=otro"))
    axe("the message form")

    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")  # nothing typed: errors
    expect(page.locator(".error-summary")).to_be_visible()
    axe("the form with errors")
    assert page.locator(".error-summary a[href='#descripcion']").count() == 1

    tab_to(page, page.locator("#descripcion"))
    page.keyboard.type("La ventanilla abrió tarde <b>otra vez</b>.")
    tab_to(page, page.locator("#consentimiento"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator(".check-answers")).to_contain_text("<b>otra vez</b>")
    axe("check your answers")

    tab_to(page, page.locator("main form button[type=submit]").first)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/buzon/recibido/SQR-\d{4}-\d{6}$"))
    axe("confirmation")
    folio = page.locator(".folio").inner_text()
    code = page.locator(".code-display strong").inner_text()

    other = context.new_page()  # a new visit: the folio and code are needed
    other.goto(f"{journey_server}/{lang}/buzon/seguimiento")
    tab_to(other, other.locator("#folio"))
    other.keyboard.type(folio)
    tab_to(other, other.locator("#codigo"))
    other.keyboard.type(code)
    other.keyboard.press("Enter")
    expect(other).to_have_url(re.compile(rf"/buzon/seguimiento/{folio}$"))
    expect(other.locator("h1")).to_contain_text(folio)
    axe("tracking", on=other)
    context.close()
