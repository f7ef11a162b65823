"""A responder signs in, filters the inbox and answers an item with the keyboard alone; axe-core
finds nothing on the staff pages."""

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
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app

pytestmark = pytest.mark.browser
PASSWORD = "una frase larga y segura"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        with application.app_context():
            service = db.session.scalar(select(Service).filter_by(slug="acta-de-nacimiento"))
            create_user("rosa@example.org", "Rosa", Role.RESPONDER, PASSWORD, service.dependency)
            feedback, _code = submission.submit(
                submission.Submission(
                    type=FeedbackType.COMPLAINT,
                    text="La fila era muy larga.",
                    submission_key=uuid.uuid4().hex,
                    language="es",
                    consent=True,
                    service=service,
                )  # fmt: skip
            )
            folio = feedback.folio
        with serve(application) as address:
            yield application, address, folio


def test_a_responder_answers_an_item_with_the_keyboard(browser, office):
    application, address, folio = office
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{address}/admin/")
    expect(page).to_have_url(re.compile(r"/auth/entrar"))
    check_axe(page, "sign in")
    tab_to(page, page.locator("#email"))
    page.keyboard.type("rosa@example.org")
    tab_to(page, page.locator("#password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    check_axe(page, "staff home")

    page.goto(f"{address}/admin/buzon")
    check_axe(page, "inbox")
    tab_to(page, page.locator("#estado"))
    page.keyboard.type("Recibida")  # a select picks the option whose label is typed
    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"estado=received"))
    page.wait_for_load_state("networkidle")  # htmx may still be swapping the results in
    expect(page.locator("#results")).to_contain_text(folio)
    link = page.get_by_role("link", name=folio)
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(folio)
    check_axe(page, "item")

    tab_to(page, page.locator("#respuesta"))
    page.keyboard.type("Abrimos una segunda ventanilla. Gracias por avisarnos.")
    tab_to(page, page.locator("form[action$='/respuesta'] button"))
    page.keyboard.press("Enter")
    expect(page.locator(".response").last).to_contain_text("segunda ventanilla")
    check_axe(page, "answered item")
    context.close()
    with application.app_context():
        feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
        assert feedback.status is FeedbackStatus.ANSWERED
