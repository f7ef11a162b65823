"""A page that loads with errors starts at their summary, and each error's link takes the
keyboard to its field, a radio group's to its first radio; with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    with demo_app(tmp_path_factory) as application, serve(application) as address:
        yield address


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_error_summary_has_the_focus_and_leads_to_the_first_radio(browser, portal, javascript):
    page = browser.new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{portal}/es/buzon")
    tab_to(page, page.locator("main button[type=submit]").first)
    page.keyboard.press("Enter")  # no type chosen
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    # Browsers move the focus to an autofocus element at their next rendering step, which may
    # come after the element shows: wait for it rather than read it once.
    expect(summary, "the page starts at the summary of its errors").to_be_focused()
    link = summary.locator("a").first
    assert link.get_attribute("href") == "#tipo-0"
    page.keyboard.press("Tab")
    expect(link, "the first error is one Tab away").to_be_focused()
    page.keyboard.press("Enter")
    first_radio = page.locator("#tipo-0")
    expect(first_radio).to_be_focused()
    page.keyboard.press("ArrowDown")  # the group is operable from there
    expect(page.locator("#tipo-1")).to_be_checked()


def test_the_contact_fields_let_the_browser_fill_in_the_persons_own_data(browser, portal):
    page = browser.new_page()
    page.goto(f"{portal}/es/buzon/nuevo?tipo=queja&servicio=otro")
    for name, token in (("nombre", "name"), ("correo", "email"), ("telefono", "tel")):
        assert page.locator(f"#{name}").get_attribute("autocomplete") == token
