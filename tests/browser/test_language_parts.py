"""Spanish that falls back on English and Náhuatl pages is marked as Spanish wherever it
appears (WCAG 3.1.2), charts keep readable text at 320 px, and the accessibility statement
says how to report a barrier; the pages stay valid and free of axe findings."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_html_validation import vnu_errors

pytestmark = pytest.mark.browser
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CLAIM = "buzon/nuevo?tipo=reclamacion&servicio=acta-de-nacimiento"
PAGES = [
    "servicios",
    "programas/pat-2024",
    CLAIM,
    "tablero",
    "accesibilidad",
    "resultados",
    "cartas/impuesto-predial",
]


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def spanish(page, selector: str) -> list[str]:
    return page.locator(f"{selector}[lang=es]").all_inner_texts()


@pytest.mark.parametrize("lang", ["en", "nah"])
def test_spanish_fallback_is_marked_in_options_charts_and_headers(page, live_server, app, lang):
    page.goto(f"{live_server}/{lang}/servicios")
    dependencies = page.locator("#dependencia option[lang=es]")
    assert dependencies.count() > 0
    # Only what fell back: an option in the page's language has no lang of its own.
    assert page.locator("#dependencia option:not([lang])").count() > 0
    page.goto(f"{live_server}/{lang}/programas/pat-2024")
    assert spanish(page, "svg text tspan"), "chart texts"
    assert spanish(page, ".chart-table th span"), "the chart's table headers"
    assert page.locator("abbr[title]").count() == 0  # full unit names are shown
    page.goto(f"{live_server}/{lang}/{CLAIM}")
    assert page.locator("#compromiso option[lang=es]").count() > 0, "claim commitments"
    # What a screen reader is told: the element's language, as the browser computes it.
    assert (
        page.locator("#compromiso option[lang=es]").first.evaluate(
            "option => option.closest('[lang]').lang"
        )
        == "es"
    )


def test_chart_text_is_readable_at_320_pixels(page, live_server):
    for path in ("/es/programas/pat-2024", "/es/tablero", "/es/cartas/impuesto-predial"):
        page.goto(live_server + path)
        sizes = page.locator("svg text").evaluate_all(
            "texts => texts.map(t => t.getBoundingClientRect().height).filter(h => h > 0)"
        )
        assert sizes and min(sizes) >= 11, f"{path}: text {min(sizes):.1f}px high"


def test_the_statement_says_how_to_report_a_barrier(page, live_server):
    for lang in ("es", "en", "nah"):
        page.goto(f"{live_server}/{lang}/accesibilidad")
        main = page.locator("main")
        assert main.locator("a[href^='mailto:'], a[href^='tel:']").count() > 0
        assert main.locator(f"a[href='/{lang}/buzon']").count() == 1


def test_changed_pages_have_no_axe_findings_and_are_valid(page, live_server, client, tmp_path):
    axe, failures, html = Axe(), [], {}
    for lang in ("es", "en", "nah"):
        for path in PAGES:
            address = f"/{lang}/{path}"
            page.goto(live_server + address)
            result = axe.run(
                page,
                options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]},
            )
            if result.violations_count:
                failures.append(f"{address}\n{result.generate_report()}")
            html[address] = client.get(address).data
    assert not failures, "\n\n".join(failures)
    errors = vnu_errors(html, tmp_path)
    assert not errors, "\n".join(errors)


def test_dates_in_nahuatl_sentences_are_marked_as_spanish(page, live_server):
    # Náhuatl has no locale data: its dates are written in Spanish, and must say so.
    page.goto(f"{live_server}/nah/tablero")
    dates = page.locator("main p.meta span[lang=es]").all_inner_texts()
    assert len(dates) == 2 and all(" de 20" in date for date in dates), dates
    assert page.locator("table:has(#by-month-caption) tbody th span[lang=es]").count() == 12
    page.goto(f"{live_server}/en/tablero")
    assert page.locator("main p.meta span[lang]").count() == 0  # English dates are English
