"""A voice message as the body of a complaint or suggestion: attached as an audio file (or
recorded by the browser into the same field), checked by its content, heard by staff who may
see the item, and routed by its language like a written one."""

import io
import re

import pytest
from sqlalchemy import func, select

from app.core import audio
from app.extensions import db
from app.feedback.models import Feedback
from app.staff.models import AuditLog, Role
from tests.audio_samples import ogg_opus, webm_recording, webm_recording_of
from tests.conftest import configured
from tests.factories import PASSWORD, make_dependency, make_service, make_user
from tests.feedback.conftest import PDF, errors, hidden_fields, soup


def voice_fill(journey, voice: bytes | None, name="mensaje.ogg", **fields):
    data = {"descripcion": "", **fields}
    if voice is not None:
        data["voz"] = (io.BytesIO(voice), name)
    return journey.fill(**data)


def send_voice(journey, voice: bytes, **fields) -> Feedback:
    servicio = fields.pop("servicio", "otro")
    check = voice_fill(journey, voice, servicio=servicio, **fields)
    assert check.status_code == 200, errors(check)
    sent = journey.send(check, servicio=servicio, lang=fields.get("lang", "es"))
    assert sent.status_code == 303
    folio = re.search(r"SQR-\d{4}-\d{6}", sent.headers["Location"]).group()
    return db.session.scalar(select(Feedback).filter_by(folio=folio))


def test_the_form_offers_an_audio_field_and_the_recorder_script(journey):
    page = soup(journey.client.get("/es/buzon/nuevo?tipo=queja&servicio=otro"))
    field = page.select_one("input[type=file][name=voz]")
    assert field["accept"] == "audio/*"
    assert page.select_one(f"label[for={field['id']}]").get_text(strip=True) == (
        "Mensaje de voz (opcional)"
    )
    assert page.select_one("script[src$='js/voice.js']") is not None
    assert page.select_one("[data-voice-recorder] [role=status]") is not None
    assert not page.select("script:not([src])")  # no inline script (CSP)


def test_a_voice_message_makes_the_text_optional(journey):
    check = voice_fill(journey, ogg_opus(3))
    assert check.status_code == 200, errors(check)
    facts = soup(check).select_one("dl.check-answers").get_text(" ", strip=True)
    assert "Mensaje de voz mensaje.ogg" in facts and "No lo escribió" in facts
    sent = journey.send(check)
    assert sent.status_code == 303
    folio = re.search(r"SQR-\d{4}-\d{6}", sent.headers["Location"]).group()
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.text == ""
    assert feedback.voice_message.content_type == "audio/ogg"
    assert feedback.voice_message.original_name == "mensaje.ogg"


def test_a_browser_recording_is_accepted_too(journey):
    feedback = send_voice(journey, webm_recording(), name="mensaje-de-voz.webm")
    assert feedback.voice_message.content_type == "audio/webm"


def tracking_page(journey, voice: bytes, name: str):
    folio, code = journey.submit(descripcion="", voz=(io.BytesIO(voice), name))
    followed = journey.track(folio, code)
    assert followed.status_code == 303
    return soup(journey.client.get(followed.headers["Location"]))


def test_the_tracking_page_says_a_voice_message_was_sent_and_how_long_without_playing_it(
    journey,
):
    page = tracking_page(journey, ogg_opus(65), "mensaje.ogg")
    said = page.select_one("main .voice-sent").get_text(" ", strip=True)
    assert said.startswith("Envió un mensaje de voz de 1 min 5 s.")
    assert "solo lo escucha el personal autorizado del buzón" in said
    assert not page.select("audio, source, a[href*=voz], a[href*=adjunto]")
    assert "mensaje.ogg" not in page.get_text()


def test_a_browser_recording_is_timed_by_its_blocks(journey, app_context):
    recording = audio.check("mensaje-de-voz.webm", io.BytesIO(webm_recording_of(3.2)), True)
    assert recording.seconds == pytest.approx(3.2)
    page = tracking_page(journey, webm_recording_of(42.5), "mensaje-de-voz.webm")
    assert (
        page.select_one(".voice-sent")
        .get_text(" ", strip=True)
        .startswith("Envió un mensaje de voz de 0 min 43 s.")
    )


def test_a_recording_that_does_not_say_how_long_it_lasts_is_still_announced(journey):
    page = tracking_page(journey, webm_recording(), "mensaje-de-voz.webm")
    assert (
        page.select_one(".voice-sent")
        .get_text(" ", strip=True)
        .startswith("Envió un mensaje de voz. Por su privacidad")
    )


def test_without_text_nor_voice_the_message_is_the_same_as_before(journey):
    response = voice_fill(journey, None)
    assert response.status_code == 400
    assert errors(response) == ["Escriba qué pasó."]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (PDF, "mensaje.mp3", "debe ser un audio Ogg/Opus, MP3 o M4A"),  # wrong type
        (b"OggS" + b"OpusHead" + bytes(200), "mensaje.ogg", "debe ser un audio"),  # disguised
        (b"MZ\x90\x00" + bytes(300), "mensaje.m4a", "debe ser un audio"),  # an executable
    ],
)
def test_a_voice_file_that_is_not_audio_is_refused(journey, content, name, message):
    response = voice_fill(journey, content, name=name)
    assert response.status_code == 400
    assert any(message in text for text in errors(response)), errors(response)
    assert not soup(response).select("input[name=voz_guardada]")


def test_a_voice_message_too_long_or_too_big_is_refused(journey, journey_app):
    with configured(journey_app, AUDIO_MAX_SECONDS=60):
        response = voice_fill(journey, ogg_opus(61))
    assert response.status_code == 400
    assert "dura más de 1 minutos" in " ".join(errors(response))
    with configured(journey_app, AUDIO_MAX_SECONDS=60):  # a browser's recording too
        response = voice_fill(journey, webm_recording_of(61.5), name="mensaje-de-voz.webm")
        assert response.status_code == 400
        assert "dura más de 1 minutos" in " ".join(errors(response))
        assert voice_fill(journey, webm_recording_of(59.5), name="voz.webm").status_code == 200
    with configured(journey_app, AUDIO_MAX_BYTES=100):
        response = voice_fill(journey, ogg_opus(3))
    assert response.status_code == 400
    assert "pesa más de" in " ".join(errors(response))


def test_the_voice_message_survives_changing_the_answers(journey):
    check = voice_fill(journey, ogg_opus(3))
    fields = hidden_fields(check)
    back = journey.client.post(
        "/es/buzon/nuevo?tipo=queja&servicio=otro", data={**fields, "editar": "1"}
    )
    assert "Ya adjuntó un mensaje de voz" in back.get_data(as_text=True)
    again = journey.client.post("/es/buzon/nuevo?tipo=queja&servicio=otro", data=fields)
    assert again.status_code == 200, errors(again)


def _sign_in(app, user):
    client = app.test_client()
    response = client.post("/auth/entrar", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    return client


def test_a_voice_message_is_routed_by_its_language_and_heard_in_the_item(journey, journey_app):
    spoken, silent = make_dependency("Agua en náhuatl"), make_dependency("Panteones")
    heard = make_service("Toma de agua", spoken, slug="toma-de-agua-voz")
    unheard = make_service("Panteón", silent, slug="panteon-voz")
    db.session.commit()
    speaker = make_user(Role.RESPONDER, spoken, languages=["es", "nah"])
    make_user(Role.RESPONDER, silent, languages=["es"])

    routed = send_voice(journey, ogg_opus(3), servicio=heard.slug, idioma="nah")
    assert routed.assignee == speaker and not routed.needs_interpreter
    waiting = send_voice(journey, ogg_opus(3), servicio=unheard.slug, idioma="nah")
    assert waiting.assignee is None and waiting.needs_interpreter

    staff = _sign_in(journey_app, speaker)
    page = soup(staff.get(f"/admin/buzon/{routed.folio}"))
    player = page.select_one(".voice-message audio[controls]")
    source = player.select_one("source")
    assert source["type"] == "audio/ogg"
    played = staff.get(source["src"])
    assert played.status_code == 200 and played.mimetype == "audio/ogg"
    assert played.data.startswith(b"OggS")
    played.close()
    heard_rows = (
        select(func.count())
        .select_from(AuditLog)
        .filter_by(action="feedback.attachment_downloaded", target_id=str(routed.id))
    )
    assert db.session.scalar(heard_rows) == 1
    # The player's further ranges are the same hearing; any first range is on record.
    staff.get(source["src"], headers={"Range": "bytes=10-"}).close()
    assert db.session.scalar(heard_rows) == 1
    other = _sign_in(journey_app, make_user(Role.COORDINATOR))
    other.get(source["src"], headers={"Range": "bytes=1-"}).close()
    assert db.session.scalar(heard_rows) == 2
    # Someone of another dependency hears nothing, not even that the item exists.
    stranger = _sign_in(journey_app, make_user(Role.RESPONDER, silent, languages=["es"]))
    assert stranger.get(source["src"]).status_code == 404
    assert journey.client.get(source["src"]).status_code in (302, 303)


def test_only_the_message_form_may_use_the_microphone(journey):
    form = journey.client.get("/es/buzon/nuevo?tipo=queja&servicio=otro")
    assert "microphone=(self)" in form.headers["Permissions-Policy"]
    assert "camera=()" in form.headers["Permissions-Policy"]
    for path in ("/es/buzon", "/es/buzon/seguimiento", "/es/servicios"):
        assert "microphone=()" in journey.client.get(path).headers["Permissions-Policy"]


def test_the_voice_pages_are_valid_html(journey, journey_app, tmp_path):
    from tests.test_html_validation import vnu_errors

    check = voice_fill(journey, ogg_opus(3))
    back = journey.client.post(
        "/es/buzon/nuevo?tipo=queja&servicio=otro", data={**hidden_fields(check), "editar": "1"}
    )
    feedback = send_voice(journey, ogg_opus(3))
    staff = _sign_in(journey_app, make_user(Role.ADMIN))
    pages = {
        "form": journey.client.get("/es/buzon/nuevo?tipo=queja&servicio=otro").data,
        "refused": voice_fill(journey, PDF, name="x.ogg").data,
        "check": check.data,
        "kept": back.data,
        "item": staff.get(f"/admin/buzon/{feedback.folio}").data,
    }
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
