"""Recordings of a service's description and requirements: uploaded with a transcript by
those who may record the language, checked by content, played on the public page."""

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.catalog.models import AudioPart, ServiceAudio
from app.core import audio
from app.extensions import db
from app.staff.models import AuditLog, Role
from tests.audio_samples import m4a, mp3, ogg_opus
from tests.conftest import configured
from tests.factories import make_charter, make_dependency, make_service
from tests.feedback.conftest import PDF

TRANSCRIPT = "Este trámite sirve para pagar el predial."


@pytest.fixture
def service(empty_app):
    found = make_service("Pago del predial", slug="pago-del-predial")
    db.session.commit()
    return found


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def upload(client, service, code="es", part="descripcion", content=None, name="lectura.ogg",
           transcript=TRANSCRIPT):  # fmt: skip
    data = {f"{part}-transcript": transcript}
    if content is not None:
        data[f"{part}-audio"] = (io.BytesIO(content), name)
    return client.post(
        f"/admin/traducciones/audio/{service.id}/{code}/{part}",
        data=data,
        content_type="multipart/form-data",
    )


def problems(response) -> str:
    return " ".join(a.get_text(strip=True) for a in page(response).select(".error-summary a"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [(ogg_opus(), "audio/ogg"), (mp3(), "audio/mpeg"), (m4a(), "audio/mp4"),
     (m4a(brand=b"isom"), "audio/mp4"), (m4a(brand=b"mp42"), "audio/mp4")],
)  # fmt: skip
def test_each_accepted_format_is_recognised_by_its_content(app_context, content, expected):
    checked = audio.check("lectura.bin", io.BytesIO(content))
    assert checked.content_type == expected and 1 < checked.seconds < 3


@pytest.mark.parametrize(
    "content",
    [PDF, b"ID3" + bytes(500), b"OggS" + bytes(500), m4a(handler=b"vide"), b"\xff\xfb" + bytes(9)],
)
def test_files_that_only_look_like_audio_are_refused(app_context, content):
    with pytest.raises(audio.AudioError):
        audio.check("lectura.mp3", io.BytesIO(content))


def test_a_coordinator_publishes_a_recording_with_its_transcript(empty_app, service, signed_in):
    client = signed_in(Role.COORDINATOR)
    response = upload(client, service, content=ogg_opus(3))
    assert response.status_code == 303
    stored = db.session.scalar(select(ServiceAudio))
    assert (stored.language, stored.part, stored.seconds) == ("es", AudioPart.DESCRIPTION, 3)
    assert db.session.scalar(select(AuditLog).filter_by(action="catalog.audio_added"))

    public = page(client.get("/es/servicios/pago-del-predial"))
    player = public.select_one("figure.recording audio[controls][preload=none]")
    source = player.select_one("source")
    assert source["type"] == "audio/ogg"
    assert public.select_one("figure.recording details summary").get_text(strip=True) == (
        "Leer la transcripción"
    )
    assert TRANSCRIPT in public.select_one("figure.recording details").get_text()
    played = empty_app.test_client().get(source["src"])
    assert played.status_code == 200 and played.mimetype == "audio/ogg"
    played.close()
    # Only the page in that language offers it.
    assert not page(client.get("/en/servicios/pago-del-predial")).select("figure.recording")


def test_replacing_and_deleting_are_audited_and_remove_the_old_file(empty_app, service, signed_in):
    client = signed_in(Role.ADMIN)
    upload(client, service, part="requisitos", content=mp3(2), name="requisitos.mp3")
    first = db.session.scalar(select(ServiceAudio))
    old = Path(empty_app.config["UPLOAD_FOLDER"], "audio", first.stored_name)
    assert old.is_file()
    assert upload(client, service, part="requisitos", content=m4a(2)).status_code == 303
    db.session.expire_all()
    replaced = db.session.scalar(select(ServiceAudio))
    assert replaced.content_type == "audio/mp4" and not old.exists()
    assert db.session.scalar(select(AuditLog).filter_by(action="catalog.audio_replaced"))
    listen = page(client.get("/es/servicios/pago-del-predial"))
    assert (
        listen.select_one("figure.recording figcaption")
        .get_text(" ", strip=True)
        .startswith("Escuche los requisitos")
    )
    gone = client.post(f"/admin/traducciones/audio/{service.id}/es/requisitos/borrar")
    assert gone.status_code == 303
    assert db.session.scalar(select(ServiceAudio)) is None
    assert db.session.scalar(select(AuditLog).filter_by(action="catalog.audio_deleted"))


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (PDF, "lectura.mp3", "debe ser un audio Ogg/Opus, MP3 o M4A"),
        (b"ID3\x04\x00" + bytes(400), "lectura.mp3", "debe ser un audio"),  # disguised
        (None, "", "Elija el archivo de audio."),
    ],
)
def test_wrong_or_disguised_files_are_refused(empty_app, service, signed_in, content, name,
                                              message):  # fmt: skip
    response = upload(signed_in(Role.ADMIN), service, content=content, name=name)
    assert response.status_code == 400 and message in problems(response)
    assert db.session.scalar(select(ServiceAudio)) is None


def test_too_long_too_big_or_without_transcript_is_refused(empty_app, service, signed_in):
    client = signed_in(Role.ADMIN)
    with configured(empty_app, AUDIO_MAX_SECONDS=120):
        response = upload(client, service, content=ogg_opus(121))
    assert response.status_code == 400 and "dura más de 2 minutos" in problems(response)
    with configured(empty_app, AUDIO_MAX_BYTES=32 * 1024):
        response = upload(client, service, content=mp3(10))  # 40 kB
    assert response.status_code == 400 and "pesa más de 0.03125 MB" in problems(response)
    response = upload(client, service, content=ogg_opus(3), transcript="")
    assert response.status_code == 400
    assert "Escriba la transcripción de la grabación." in problems(response)
    assert db.session.scalar(select(ServiceAudio)) is None


def test_translators_record_only_their_languages(empty_app, service, signed_in):
    translator = signed_in(Role.TRANSLATOR, translation_languages=["nah"])
    assert translator.get(f"/admin/traducciones/audio/{service.id}/nah").status_code == 200
    assert upload(translator, service, code="nah", content=ogg_opus(2)).status_code == 303
    assert translator.get(f"/admin/traducciones/audio/{service.id}/en").status_code == 403
    assert upload(translator, service, code="en", content=ogg_opus(2)).status_code == 403
    assert upload(translator, service, code="es", content=ogg_opus(2)).status_code == 403
    responder = signed_in(Role.RESPONDER, make_dependency())
    assert upload(responder, service, code="nah", content=ogg_opus(2)).status_code == 403
    assert [a.language for a in db.session.scalars(select(ServiceAudio))] == ["nah"]
    shown = page(empty_app.test_client().get("/nah/servicios/pago-del-predial"))
    assert shown.select_one("figure.recording source")["type"] == "audio/ogg"


def test_the_pages_with_recordings_are_valid_html(empty_app, service, signed_in, tmp_path):
    from tests.test_html_validation import vnu_errors

    charter = make_charter([service])
    db.session.commit()
    client = signed_in(Role.ADMIN)
    upload(client, service, content=ogg_opus(2))
    upload(client, service, part="requisitos", content=mp3(2), name="requisitos.mp3")
    pages = {
        "charter": client.get(f"/es/cartas/{charter.slug}").data,
        "service": client.get("/es/servicios/pago-del-predial").data,
        "workspace": client.get(f"/admin/traducciones/audio/{service.id}/es").data,
        "refused": upload(client, service, content=PDF, name="x.mp3").data,
        "catalog": client.get(f"/admin/catalogo/servicios/{service.id}").data,
    }
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


def test_a_charter_page_plays_its_services_recordings(empty_app, service, signed_in):
    charter = make_charter([service])
    db.session.commit()
    client = signed_in(Role.COORDINATOR)
    upload(client, service, code="nah", content=ogg_opus(2))
    listed = page(client.get(f"/nah/cartas/{charter.slug}"))
    figure = listed.select_one("li figure.recording")
    assert figure.select_one("audio[controls][preload=none] source")["type"] == "audio/ogg"
    assert TRANSCRIPT in figure.select_one("details").get_text()
    assert not page(client.get(f"/es/cartas/{charter.slug}")).select("figure.recording")


def test_the_workspaces_link_to_the_recordings_for_those_who_may_record(
    empty_app, service, signed_in
):
    link = f"/admin/traducciones/audio/{service.id}/nah"
    translator = signed_in(Role.TRANSLATOR, translation_languages=["nah"])
    editor = page(translator.get(f"/admin/traducciones/nah/servicios/{service.id}"))
    assert editor.select_one(f"a[href='{link}']") is not None
    manager = signed_in(Role.MANAGER, service.dependency)
    editor = page(manager.get(f"/admin/traducciones/nah/servicios/{service.id}"))
    assert editor.select_one(f"a[href='{link}']") is None
    assert manager.get(link).status_code == 403
    coordinator = page(signed_in(Role.COORDINATOR).get(f"/admin/catalogo/servicios/{service.id}"))
    assert coordinator.select_one(f"a[href='{link}']") is not None
    assert coordinator.select_one(f"a[href='/admin/traducciones/audio/{service.id}/es']")
