"""axe-core (WCAG 2.x A and AA rules) finds nothing on any public page, in any language."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import long_catalog, many_dependencies

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="module")
def axe_page(browser):
    # axe is injected as a script, which the portal's CSP forbids: this context bypasses it.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_public_pages_have_no_axe_violations(
    app, axe_page, live_server, public_paths, search_paths, dependency_search_paths
):
    axe = Axe()
    failures = []

    def check(paths):
        for path in paths:
            axe_page.goto(live_server + path)
            result = axe.run(
                axe_page,
                options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]},
            )
            if result.violations_count:
                failures.append(f"{path}\n{result.generate_report()}")

    check(public_paths + ["/nah/no-existe"])
    with long_catalog(app):
        check(search_paths)
    with many_dependencies(app):
        check(dependency_search_paths)
    assert not failures, "\n\n".join(failures)


def test_pages_work_at_320_pixels_without_horizontal_scrolling(
    app, browser, live_server, public_paths, search_paths, dependency_search_paths
):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()

    def check(paths):
        for path in paths:
            page.goto(live_server + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"

    check(public_paths)
    # The printed charter, whose codes' labels are long in Náhuatl.
    check([f"/{lang}/cartas/impuesto-predial/cartel" for lang in ("es", "en", "nah")])
    with long_catalog(app):
        check(search_paths)
    with many_dependencies(app):
        check(dependency_search_paths)
    context.close()
