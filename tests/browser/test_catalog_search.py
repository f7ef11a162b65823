"""The catalog search in a real browser, with JavaScript (htmx) and without it."""

import re

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from tests.conftest import many_dependencies

pytestmark = pytest.mark.browser


def result_titles(page):
    return page.locator("#results .card-title").all_inner_texts()


def test_search_without_javascript_submits_the_form(browser, live_server, client):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/es/servicios")
    everything = page.locator("#result-count").inner_text()
    page.get_by_label("Buscar trámites y servicios").fill("tramite")
    page.get_by_role("button", name="Buscar").click()
    expect(page).to_have_url(re.compile(r"/es/servicios\?q=tramite"))
    titles = result_titles(page)
    assert titles and any("Trámite" in title for title in titles)
    assert page.locator("#result-count").inner_text() != everything
    context.close()


def test_live_filtering_with_javascript_updates_results_and_address(browser, live_server, client):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server}/es/servicios")
    everything = page.locator("#result-count").inner_text()
    page.get_by_label("Modalidad").select_option("presencial")
    expect(page).to_have_url(re.compile(r"modalidad=presencial"))
    expect(page.locator("#result-count")).not_to_have_text(everything)
    page.get_by_label("Buscar trámites y servicios").press_sequentially("licencia", delay=20)
    expect(page).to_have_url(re.compile(r"q=licencia"))
    expect(page.locator("#result-count")).to_contain_text("encontrado")
    # What htmx swapped in is what the same address gives without JavaScript.
    path = page.url.removeprefix(live_server)
    expected = BeautifulSoup(client.get(path).data, "html.parser").select("#results .card-title")
    expect(page.locator("#results .card-title")).to_have_text(
        [t.get_text(strip=True) for t in expected]
    )
    assert expected
    assert page.locator("h1").count() == 1  # only the results were replaced
    assert not errors, errors  # e.g. a CSP violation by the enhancement
    context.close()


def test_paging_with_javascript_replaces_only_the_results(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/es/servicios")
    first = page.locator("#results .card-title").first.inner_text()
    page.evaluate("document.body.dataset.marker = 'same page'")  # a reload would lose it
    page.locator("nav.pagination a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("#results .card-title").first).not_to_have_text(first)
    assert page.evaluate("document.body.dataset.marker") == "same page"
    assert page.locator("h1").count() == 1 and page.locator("form.catalog-search").count() == 1
    context.close()


def test_a_typed_dependency_is_resolved_when_the_form_is_sent(app, browser, live_server, client):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    with many_dependencies(app):
        page.goto(f"{live_server}/es/servicios")
        page.evaluate("document.body.dataset.marker = 'first page'")
        page.get_by_label("Dependencia").press_sequentially("direcc", delay=20)
        page.wait_for_timeout(800)  # twice the live search's delay
        expect(page).to_have_url(f"{live_server}/es/servicios")  # half a word sends nothing
        page.get_by_label("Dependencia").press("Enter")
        expect(page.get_by_role("heading", name="¿Cuál de estas dependencias?")).to_be_visible()
        assert page.evaluate("document.body.dataset.marker") is None  # a whole page
        page.get_by_role("link", name="Dirección de Medio Ambiente").click()
        expect(page.get_by_label("Dependencia")).to_have_value("Dirección de Medio Ambiente")
        # The other fields still update the results in place, within the dependency found.
        page.evaluate("document.body.dataset.marker = 'same page'")
        page.get_by_label("Modalidad").select_option("presencial")
        expect(page).to_have_url(re.compile(r"modalidad=presencial"))
        expect(page.locator("#result-count")).to_contain_text("encontrado")
        assert page.evaluate("document.body.dataset.marker") == "same page"
        by_slug = client.get("/es/servicios?dependencia=medio-ambiente&modalidad=presencial")
        expected = BeautifulSoup(by_slug.data, "html.parser").select("#results .card-title")
        assert expected and result_titles(page) == [t.get_text(strip=True) for t in expected]
    assert not errors, errors
    context.close()
