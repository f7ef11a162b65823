"""Staff pages reflow at 320 CSS pixels (WCAG 1.4.10): no page of the staff area, on the demo
institution's data, scrolls sideways; wide tables scroll inside their own focusable region.
The pages are found by following the staff area's own links, one page per kind of address."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Downloads (files, recordings, translation catalogs), and the feedback item page (its own
# browser test checks it at 320 px).
SKIP = re.compile(
    r"\.(ics|xlsx|zip|csv|json|po)$|/evidencia$|/adjuntos/|/voz/|/archivo$|^/admin/buzon/[A-Z]{2,}-"
)
LIMIT = 80


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            create_user("ana@example.org", "Ana", Role.ADMIN, PASSWORD)
        with serve(application) as address:
            yield address


@pytest.fixture(scope="module")
def staff_page(browser, staff_site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{staff_site}/auth/entrar")
    page.locator("#email").fill("ana@example.org")
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    yield page
    context.close()


def kind(path: str) -> str:
    """One address per kind of page: numbers and the query string do not make a new kind."""
    return re.sub(r"\d+", "N", path.split("?", 1)[0])


def staff_paths(page, address: str) -> list[str]:
    """The staff pages reachable by links from the staff home, one per kind."""
    queue, seen, kinds = ["/admin/"], [], {"/admin/"}
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        page.goto(address + path)
        seen.append(path)
        hrefs = page.locator("main a[href], nav a[href]").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        for href in hrefs:
            parts = urlsplit(href)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc and parts.netloc != urlsplit(address).netloc:
                continue
            if not target.startswith("/admin/") or SKIP.search(parts.path):
                continue
            parent = kind(target).rstrip("/").rsplit("/", 1)[0]
            # Every section, and a few pages of each list in it.
            siblings = sum(1 for known in kinds if known.rstrip("/").rsplit("/", 1)[0] == parent)
            if kind(target) not in kinds and (parent == "/admin" or siblings < 3):
                kinds.add(kind(target))
                queue.append(target)
    return seen


def test_staff_pages_do_not_scroll_sideways_at_320_pixels(staff_page, staff_site):
    paths = staff_paths(staff_page, staff_site)
    kinds = {kind(path) for path in paths}
    # The inbox, charter workspace, result entry, mechanism, program admin and audit log among them.
    for expected in (
        "/admin/buzon",
        "/admin/cartas/N/versiones/N",
        "/admin/indicadores/indicador/N/resultado",
        "/admin/programas/pat-N",
        "/admin/bitacora",
    ):
        assert expected in kinds, sorted(kinds)
    assert any(re.fullmatch(r"/admin/programas/pat-N/[^/]+", k) for k in kinds), sorted(kinds)
    axe, wide, failures = Axe(), [], []
    for path in paths:
        staff_page.goto(staff_site + path)
        overflow = staff_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide.append(f"{path} scrolls sideways by {overflow}px")
        result = axe.run(
            staff_page,
            options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]},
        )
        if result.violations_count:
            failures.append(f"{path}\n{result.generate_report()}")
    assert not wide, "\n".join(wide)
    assert not failures, "\n\n".join(failures)


def test_the_audit_log_fits_at_640_pixels(staff_page, staff_site):
    staff_page.set_viewport_size({"width": 640, "height": 640})
    staff_page.goto(f"{staff_site}/admin/bitacora")
    assert staff_page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    staff_page.set_viewport_size({"width": 320, "height": 640})


def test_inbox_search_keeps_focus_and_its_count_region(staff_page, staff_site):
    page = staff_page
    page.goto(f"{staff_site}/admin/buzon")
    seen: list[str] = []
    page.on("request", lambda r: r.headers.get("hx-request") == "true" and seen.append(r.url))
    search = page.locator("#q")
    count = page.locator("#inbox-count")
    for element in (search, count):
        element.evaluate("element => { element.sameElement = true; }")
    before = count.inner_text()
    search.press_sequentially("zzzz", delay=20)
    expect(count).not_to_have_text(before)
    assert len(seen) == 1, seen
    assert page.evaluate("document.activeElement.sameElement === true"), "focus stays in the field"
    assert count.evaluate("element => element.sameElement === true"), "the same live region"
    assert count.get_attribute("role") == "status"
    page.keyboard.press("Tab")  # leaving the field sends nothing
    page.wait_for_timeout(1000)
    assert len(seen) == 1, seen
