"""A voice message as the body of a complaint, by keyboard alone: attached as a file with
JavaScript off, recorded in the browser with JavaScript on (an enhancement that appears only
where MediaRecorder exists), with axe-core on the pages."""

import io
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.catalog import audio as service_audio
from app.catalog.models import AudioPart, Service
from app.core import audio
from app.extensions import db
from app.staff.models import Role
from tests.audio_samples import ogg_opus
from tests.browser.conftest import CHROMIUM, serve
from tests.browser.test_feedback_journey import check_axe, tab_to
from tests.conftest import demo_app
from tests.factories import make_user

pytestmark = pytest.mark.browser

FORM = "/es/buzon/nuevo?tipo=queja&servicio=otro"
# A fake microphone that says yes without asking: the recording can be tested headless.
FAKE_MEDIA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@pytest.fixture(scope="module")
def voice_app(tmp_path_factory):
    with demo_app(tmp_path_factory) as application:
        yield application


@pytest.fixture(scope="module")
def voice_server(voice_app):
    with serve(voice_app) as address:
        yield address


@pytest.fixture(scope="module")
def media_browser(browser_type, browser_type_launch_args):
    args = browser_type_launch_args
    browser = browser_type.launch(**{**args, "executable_path": CHROMIUM,
                                     "args": [*args.get("args", []), *FAKE_MEDIA]})  # fmt: skip
    yield browser
    browser.close()


def consent_and_continue(page):
    tab_to(page, page.locator("#consentimiento"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("main form button[type=submit]"))
    page.keyboard.press("Enter")


def send(page):
    tab_to(page, page.locator("main form button[type=submit]").first)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/buzon/recibido/SQR-\d{4}-\d{6}$"))


def test_attach_a_voice_file_by_keyboard_without_javascript(browser, voice_server, tmp_path):
    recording = tmp_path / "mi-queja.ogg"
    recording.write_bytes(ogg_opus(3))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(voice_server + FORM)
    page.wait_for_load_state("load")
    assert page.locator(".voice-record").count() == 0
    field = page.locator("#voz")
    tab_to(page, field)
    expect(field).to_be_focused()  # reached by keyboard
    # The chooser is the system's dialog: headless Chromium opens it for Space only sometimes,
    # so the file is given to the focused field directly.
    field.set_input_files(str(recording))
    consent_and_continue(page)  # nothing written: the voice message is the message
    expect(page.locator(".check-answers")).to_contain_text("mi-queja.ogg")
    send(page)
    context.close()


def test_record_a_voice_message_by_keyboard_with_javascript(media_browser, voice_server):
    # axe is injected as a script, which the CSP forbids; the fake microphone is allowed.
    context = media_browser.new_context(bypass_csp=True, permissions=["microphone"])
    page = context.new_page()
    page.goto(voice_server + FORM)
    record = page.locator("button.voice-record")
    expect(record).to_have_text("Grabar un mensaje de voz")
    check_axe(page, "the form with the recorder")
    status = page.locator(".voice-status")
    expect(status).to_have_text("")  # nothing records on its own
    tab_to(page, record)
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Grabando")
    expect(record).to_have_text("Detener la grabación")
    page.wait_for_timeout(1200)
    page.keyboard.press("Enter")  # the focus stayed on the button
    expect(status).to_have_text("Grabación lista: se enviará como su mensaje de voz.")
    assert page.locator("#voz").evaluate("input => input.files.length") == 1
    consent_and_continue(page)
    expect(page.locator(".check-answers")).to_contain_text("mensaje-de-voz.")
    check_axe(page, "check your answers")
    send(page)
    check_axe(page, "confirmation")
    context.close()


def test_without_media_recorder_only_the_file_field_is_offered(media_browser, voice_server):
    context = media_browser.new_context()
    context.add_init_script("delete window.MediaRecorder;")
    page = context.new_page()
    page.goto(voice_server + FORM)
    expect(page.locator("#voz")).to_be_visible()
    page.wait_for_load_state("load")
    assert page.locator(".voice-record").count() == 0
    context.close()


def test_a_service_page_plays_its_recording_by_keyboard(browser, voice_app, voice_server):
    with voice_app.app_context():
        service = db.session.scalar(select(Service).order_by(Service.id))
        admin = make_user(Role.ADMIN)
        recording = audio.check("lectura.ogg", io.BytesIO(ogg_opus(2)))
        service_audio.save(service, "nah", AudioPart.DESCRIPTION, recording, "Tlen quihtoa.", admin)
        slug = service.slug
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{voice_server}/nah/servicios/{slug}")
    player = page.locator("figure.recording audio")
    expect(player).to_have_attribute("preload", "none")
    check_axe(page, "a service page with a recording")
    summary = page.locator("figure.recording summary")
    tab_to(page, summary, limit=200)
    page.keyboard.press("Enter")
    expect(page.locator("figure.recording .user-text")).to_be_visible()
    expect(page.locator("figure.recording .user-text")).to_have_text("Tlen quihtoa.")
    context.close()
