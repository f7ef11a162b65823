"""In Chromium, by keyboard, with axe-core: an overdue message's tracking page, answering a
request for information with a file, and asking for a new access code."""

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.core.clock import local_today
from app.extensions import db
from app.feedback.models import FeedbackType
from app.feedback.services import submission, workflow
from tests.browser.conftest import serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app
from tests.feedback.conftest import PDF

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A demo of this module's own, and its address: the tests write."""
    with demo_app(tmp_path_factory) as application, serve(application) as address:
        yield application, address


def new_item(application, overdue=False, asked=None):
    """An item (overdue, or waiting for information) and its access code."""
    with application.app_context():
        feedback, code = submission.submit(
            submission.Submission(
                type=FeedbackType.COMPLAINT,
                text="La ventanilla no abrió.",
                submission_key=uuid.uuid4().hex,
                language="es",
                consent=True,
            )
        )
        if overdue:
            due = local_today() - timedelta(days=2)
            feedback.received_on, feedback.due_on = due - timedelta(days=14), due
            db.session.commit()
        if asked:
            workflow.request_information(feedback, asked, None)
        folio = feedback.folio
        db.session.remove()
    return folio, code


def track(page, address, lang, folio, code):
    """Follow a folio from the tracking form, by keyboard."""
    page.goto(f"{address}/{lang}/buzon/seguimiento")
    tab_to(page, page.locator("#folio"))
    page.keyboard.type(folio)
    tab_to(page, page.locator("#codigo"))
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/buzon/seguimiento/{folio}$"))


@pytest.mark.parametrize("lang", ["es", "nah"])
def test_an_overdue_message_is_said_plainly_and_accessibly(browser, served, lang):
    application, address = served
    folio, code = new_item(application, overdue=True)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    track(page, address, lang, folio, code)
    overdue = page.locator("#overdue")
    expect(overdue).to_be_visible()
    if lang == "es":
        expect(overdue).to_contain_text("su mensaje está vencido")
        expect(overdue).to_contain_text("Órgano Interno de Control")
    check_axe(page, f"overdue tracking page ({lang})")
    context.close()


def test_information_is_sent_with_a_file_by_keyboard(browser, served, tmp_path):
    application, address = served
    folio, code = new_item(application, asked="¿Tiene el recibo de pago?")
    receipt = tmp_path / "recibo.pdf"
    receipt.write_bytes(PDF)
    wrong = tmp_path / "foto.png"
    wrong.write_bytes(b"not an image")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    track(page, address, "es", folio, code)
    check_axe(page, "a request for information")

    # A file that is not what it says: the error is told, next to the field and at the top.
    tab_to(page, page.locator("#respuesta"))
    page.keyboard.type("Adjunto el recibo.")
    files = page.locator("#adjuntos")
    tab_to(page, files)  # the file chooser is the system's; Playwright stands in for it
    files.set_input_files(str(wrong))
    tab_to(page, page.locator("main form button[type=submit]").first)
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("debe ser PDF, JPEG o PNG")
    check_axe(page, "a refused file")
    expect(page.locator("#respuesta")).to_have_value("Adjunto el recibo.")

    files = page.locator("#adjuntos")
    tab_to(page, files)
    files.set_input_files(str(receipt))
    tab_to(page, page.locator("main form button[type=submit]").first)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/buzon/seguimiento/{folio}$"))
    expect(page.locator("main")).to_contain_text("Usted envió la información solicitada.")
    check_axe(page, "information sent")
    context.close()


def test_a_new_code_is_asked_for_by_keyboard(browser, served):
    _application, address = served
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{address}/es/buzon/seguimiento")
    link = page.get_by_role("link", name="Pedir un código nuevo")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/buzon/seguimiento/codigo$"))
    check_axe(page, "ask for a new code")
    tab_to(page, page.locator("#folio"))
    page.keyboard.type("SQR-1999-000001")
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_contain_text("le enviamos ahí un código de acceso nuevo")
    check_axe(page, "new code asked for")
    context.close()
