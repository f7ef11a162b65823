"""The dashboard in a real browser: it refreshes its figures by itself, a keyboard user can
pause and resume that, and without JavaScript it is a plain page with an "update" link."""

import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def fast_refresh(app, monkeypatch):
    """Refresh every second instead of every 30 (the live server serves this same app)."""
    monkeypatch.setitem(app.config, "DASHBOARD_REFRESH_SECONDS", 1)


def refreshes(page) -> list[str]:
    """The htmx requests the page makes for its figures, as they start."""
    seen: list[str] = []
    page.on(
        "request",
        lambda request: (
            request.headers.get("hx-request") == "true"
            and "/tablero" in request.url
            and seen.append(request.url)
        ),
    )
    return seen


def tab_to(page, locator, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError("the control cannot be reached with the Tab key")


def test_pause_and_resume_by_keyboard(browser, live_server, fast_refresh):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    seen = refreshes(page)
    page.goto(f"{live_server}/es/tablero")
    pause = page.get_by_role("button", name="Pausar actualización automática")
    expect(pause).to_be_visible()
    expect(pause).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#dashboard-paused")).to_be_hidden()
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert seen, "the figures refresh by themselves"
    # Nothing changed: the live region says nothing new (it is not rewritten with the time).
    sentence = page.locator("#dashboard-status").inner_text()
    page.wait_for_timeout(1500)
    assert page.locator("#dashboard-status").inner_text() == sentence
    assert page.locator("#dashboard-status").count() == 1
    assert page.locator("#dashboard-status").get_attribute("aria-live") == "polite"
    assert page.locator("h1").count() == 1  # only the figures were replaced

    tab_to(page, pause)
    page.keyboard.press("Enter")
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#dashboard-paused")).to_be_visible()
    page.wait_for_timeout(300)  # a request already on its way may still finish
    before = len(seen)
    page.wait_for_timeout(3000)
    assert len(seen) == before, "no refresh while paused"

    page.keyboard.press("Space")
    expect(pause).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#dashboard-paused")).to_be_hidden()
    deadline = time.monotonic() + 10
    while len(seen) == before and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert len(seen) > before, "refreshing resumes"
    assert page.locator("#dashboard-figures table").count() == 3
    # The live region still holds one sentence, not the tables.
    assert page.locator("#dashboard-status table, #dashboard-status dl").count() == 0
    assert not errors, errors  # e.g. a CSP violation by the script
    context.close()


def test_without_javascript_the_dashboard_has_an_update_link(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/es/tablero?dependencia=secretaria-del-ayuntamiento")
    expect(page.get_by_role("button", name="Pausar actualización automática")).to_be_hidden()
    page.get_by_role("link", name="Actualizar", exact=True).click()
    expect(page).to_have_url(f"{live_server}/es/tablero?dependencia=secretaria-del-ayuntamiento")
    assert page.locator("#dashboard-figures table").count() == 3
    page.get_by_label("Dependencia", exact=True).select_option("tesoreria")
    page.get_by_role("button", name="Ver cifras").click()
    expect(page).to_have_url(f"{live_server}/es/tablero?dependencia=tesoreria")
    context.close()


def test_results_filters_update_the_table_with_javascript(browser, live_server, client):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/es/resultados")
    everything = page.locator("#results tbody tr").count()
    page.evaluate("document.body.dataset.marker = 'same page'")  # a reload would lose it
    page.get_by_label("Cumplimiento").select_option("todos_cumplidos")
    expect(page).to_have_url(re.compile(r"/es/resultados\?periodo=\d{4}-T\d&.*todos_cumplidos"))
    expect(page.locator("#results-count")).not_to_contain_text(str(everything))
    assert page.evaluate("document.body.dataset.marker") == "same page"
    path = page.url.removeprefix(live_server)
    expected = client.get(path).get_data(as_text=True)
    links = page.locator("#results tbody th a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert links and all(f'href="{link}"' in expected for link in links)
    context.close()
