"""The staff item page, by keyboard: the reply box is a few tab stops from the start of the
page, with JavaScript and without; axe finds nothing; nothing scrolls sideways at 320 px."""

import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.catalog.models import Service
from app.extensions import db
from app.feedback.models import Feedback, FeedbackStatus, FeedbackType
from app.feedback.services import submission
from app.staff.models import Role
from app.staff.services import create_user
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"
# Tab stops from the start of the item page to the reply box before the redesign.
BEFORE = {True: 11, False: 27}


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            service = db.session.scalar(select(Service).filter_by(slug="acta-de-nacimiento"))
            create_user("lupe@example.org", "Lupe", Role.RESPONDER, PASSWORD, service.dependency)
            dependency_name = service.dependency.name["es"]
            folios = []
            for text in ("La fila era muy larga.", "No había sillas."):
                feedback, _code = submission.submit(
                    submission.Submission(
                        type=FeedbackType.COMPLAINT,
                        text=text,
                        submission_key=uuid.uuid4().hex,
                        language="es",
                        consent=True,
                        service=service,
                    )  # fmt: skip
                )
                folios.append(feedback.folio)
        with serve(application) as address:
            yield application, address, folios, dependency_name


def signed_in_page(browser, address, javascript=True, width=1280):
    context = browser.new_context(
        bypass_csp=True, java_script_enabled=javascript, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    page.goto(f"{address}/auth/entrar")
    page.fill("#email", "lupe@example.org")
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return context, page


def tab_stops(page, selector, limit=60) -> int:
    """How many presses of Tab, from the start of the page, bring the focus to ``selector``."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return count
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


@pytest.mark.parametrize("javascript", [True, False])
def test_the_reply_box_is_a_few_tab_stops_from_the_start(browser, desk, javascript):
    _application, address, folios, _name = desk
    context, page = signed_in_page(browser, address, javascript)
    page.goto(f"{address}/admin/buzon/{folios[0]}")
    stops = tab_stops(page, "a.skip-link[href='#respuesta']")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "respuesta"
    assert stops < BEFORE[javascript] and stops == 2
    # Tabbing through everything, as before, is no longer than it was with this header (13).
    page.goto(f"{address}/admin/buzon/{folios[0]}")
    assert tab_stops(page, "#respuesta") <= 13
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_responder_assigns_and_answers_by_keyboard_and_is_told_what_happened(
    browser, desk, javascript
):
    application, address, folios, name = desk
    folio = folios[0] if javascript else folios[1]
    context, page = signed_in_page(browser, address, javascript)
    page.goto(f"{address}/admin/buzon/{folio}")
    axe = check_axe if javascript else lambda page, step: None  # axe runs as a page script
    axe(page, "item")

    # The assignment: a search, then its matches as radio buttons.
    tab_stops(page, "#asignar")
    page.keyboard.type(name.split()[-1])
    if javascript:
        # Live matches: the search box keeps the focus while they arrive, and their count is
        # said by a status region that was on the page before (one new to it goes unheard).
        count = page.locator("#assign-count[role=status]")
        count.evaluate("element => { element.dataset.before = 'yes'; }")
        expect(count).to_contain_text("1 dependencia")
        assert count.get_attribute("data-before") == "yes"
        assert page.evaluate("document.activeElement.id") == "asignar"
    else:
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"asignar="))
    expect(page.get_by_role("radio", name=name, exact=False).first).to_be_visible()
    axe(page, "assignment matches")
    tab_stops(page, "#assign-choices input[name=dependencia_asignada]")
    page.keyboard.press("Space")
    tab_stops(page, "#assign-choices button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text(f"Se asignó a {name}")

    # The answer, from the skip link.
    tab_stops(page, "a.skip-link[href='#respuesta']")
    page.keyboard.press("Enter")
    page.keyboard.type("Abrimos una segunda ventanilla. Gracias por avisarnos.")
    tab_stops(page, "form[action$='/respuesta'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Se publicó la respuesta")
    expect(page.locator(".timeline .response").last).to_contain_text("segunda ventanilla")
    axe(page, "answered item")
    context.close()
    with application.app_context():
        feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
        assert feedback.status is FeedbackStatus.ANSWERED
        assert feedback.dependency.name["es"] == name


@pytest.mark.parametrize("width", [320, 1280])
def test_the_item_page_does_not_scroll_sideways(browser, desk, width):
    _application, address, folios, _name = desk
    context, page = signed_in_page(browser, address, width=width)
    page.goto(f"{address}/admin/buzon/{folios[0]}?asignar=a")
    page.wait_for_load_state("load")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    conversation = page.locator(".desk-conversation").bounding_box()
    side = page.locator(".desk-side").bounding_box()
    if width == 320:  # one column: the conversation, then the facts and actions
        assert side["y"] >= conversation["y"] + conversation["height"]
    else:  # side by side
        assert side["x"] >= conversation["x"] + conversation["width"]
        assert abs(side["y"] - conversation["y"]) < 5
    check_axe(page, f"item at {width} px")
    context.close()
