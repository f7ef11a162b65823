"""What htmx updates on the public pages leaves keyboard focus where it was and speaks through
live regions that stay on the page: the dashboard's refresh, the live searches and their
result counts."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FIGURES = "document.getElementById('dashboard-figures')"


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page
    context.close()
    assert not errors, errors  # e.g. a CSP violation by a script


def hx_requests(page) -> list[str]:
    seen: list[str] = []
    page.on(
        "request",
        lambda request: request.headers.get("hx-request") == "true" and seen.append(request.url),
    )
    return seen


def mark(locator) -> None:
    """Tag the element itself (a property, not an attribute): a replaced element loses it."""
    locator.evaluate("element => { element.sameElement = true; }")


def is_same(locator) -> bool:
    return locator.evaluate("element => element.sameElement === true")


def focus_is_kept(page) -> bool:
    return page.evaluate("document.activeElement && document.activeElement.sameElement === true")


def refresh(page) -> None:
    with page.expect_response(lambda response: response.request.headers.get("hx-request")):
        page.evaluate(f"window.htmx.trigger({FIGURES}, 'refresh')")
    page.wait_for_timeout(100)  # the swap follows the response


def test_dashboard_refresh_keeps_focus_and_announces_only_changes(page, live_server):
    page.goto(f"{live_server}/es/tablero")
    status = page.locator("#dashboard-status")
    region = page.get_by_role("region", name="Mensajes por mes de recepción")
    region.focus()
    mark(region)
    mark(status)
    sentence = status.inner_text()

    refresh(page)  # the same figures
    assert focus_is_kept(page), "focus stays on the table the visitor was reading"
    assert status.inner_text() == sentence, "nothing changed, nothing announced"

    # The next refresh brings one total more received.
    def one_more(route):
        response = route.fetch()
        body = re.sub(
            r"(<dt>Recibidas</dt>\s*<dd>)([\d,]+)",
            lambda m: m.group(1) + str(int(m.group(2).replace(",", "")) + 1),
            response.text(),
            count=1,
        )
        route.fulfill(response=response, body=body)

    page.route(re.compile(r"/es/tablero$"), one_more)
    refresh(page)
    assert focus_is_kept(page)
    assert is_same(status)
    expect(status).to_have_text(re.compile(r"^Cifras que cambiaron: Recibidas: [\d,]+\.$"))
    assert page.locator("h1").count() == 1 and page.locator("#dashboard-figures h1").count() == 0

    # Paused, a refresh that still arrives changes nothing.
    page.get_by_role("button", name="Pausar actualización automática").click()
    shown = page.locator(".dashboard-totals dd").first.inner_text()
    said = status.inner_text()
    refresh(page)
    assert page.locator(".dashboard-totals dd").first.inner_text() == shown
    assert status.inner_text() == said
    page.unroute(re.compile(r"/es/tablero$"))


def test_catalog_search_on_input_only_keeps_focus_and_count_region(page, live_server):
    page.goto(f"{live_server}/es/servicios")
    seen = hx_requests(page)
    search = page.get_by_label("Buscar trámites y servicios")
    count = page.locator("#result-count")
    mark(search)
    mark(count)
    everything = count.inner_text()
    history = page.evaluate("history.length")
    search.press_sequentially("licencia", delay=20)
    expect(page).to_have_url(re.compile(r"q=licencia"))
    expect(count).not_to_have_text(everything)
    assert len(seen) == 1, seen
    assert focus_is_kept(page), "the search field keeps focus (and is not replaced)"
    assert is_same(count), "the live region stays; only its content changes"
    assert count.get_attribute("role") == "status"
    assert page.evaluate("history.length") == history + 1

    page.keyboard.press("Tab")  # leaving the field sends nothing
    page.wait_for_timeout(1000)
    assert len(seen) == 1, seen

    # Arrow keys through a filter list: one search, one history entry.
    modality = page.get_by_label("Modalidad")
    modality.focus()
    mark(modality)
    history = page.evaluate("history.length")
    modality.press("ArrowDown")
    modality.press("ArrowDown")
    expect(page).to_have_url(re.compile(r"modalidad="))
    page.wait_for_timeout(800)
    assert len(seen) == 2, seen
    assert page.evaluate("history.length") == history + 1
    assert focus_is_kept(page) and is_same(count)


def test_results_filter_keeps_the_count_region(page, live_server):
    page.goto(f"{live_server}/es/resultados")
    seen = hx_requests(page)
    count = page.locator("#results-count")
    mark(count)
    before = count.inner_text()
    choice = page.get_by_label("Cumplimiento")
    mark(choice)
    choice.select_option("todos_cumplidos")
    expect(page).to_have_url(re.compile(r"todos_cumplidos"))
    page.wait_for_load_state("networkidle")
    assert is_same(count) and count.get_attribute("role") == "status"
    assert count.inner_text() != before or len(seen) == 1
    choice.focus()
    page.keyboard.press("Tab")
    page.wait_for_timeout(800)
    assert len(seen) == 1, seen


def test_paging_keeps_focus_on_the_link_used(page, live_server):
    page.goto(f"{live_server}/es/servicios")
    page.locator("nav.pagination a[rel=next]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("nav.pagination a[aria-current=page]")).to_have_text(re.compile("2"))
    # The new page's "next" link has the focus, not the start of the page.
    expect(page.locator("nav.pagination a[rel=next]")).to_be_focused()


def test_paging_to_the_last_page_keeps_the_focus_where_next_was(page, live_server):
    """On the last page "next" is gone: the focus stayed nowhere (on the body). It stays on
    the place of "next", and back on the first page on the place of "previous"."""
    page.goto(f"{live_server}/es/servicios")
    last = int(page.locator("nav.pagination a:not([rel])").last.inner_text().split()[-1])
    page.goto(f"{live_server}/es/servicios?page={last - 1}")
    page.locator("nav.pagination a[rel=next]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"page={last}"))
    expect(page.locator("#results-next")).to_be_focused()
    assert page.locator("nav.pagination a[rel=next]").count() == 0
    page.goto(f"{live_server}/es/servicios?page=2")
    page.locator("nav.pagination a[rel=prev]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"page=1"))
    expect(page.locator("#results-prev")).to_be_focused()
