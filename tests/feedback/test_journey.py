"""The citizen's journey through the test client: every step, every message, every refusal."""

import gc
import io
import re
import warnings
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.catalog.models import Service
from app.core.clock import utcnow
from app.extensions import db
from app.feedback import routes
from app.feedback.models import (
    Attachment,
    EventKind,
    Feedback,
    FeedbackStatus,
    FeedbackType,
    SurveyResponse,
)
from app.feedback.services.submission import find_for_tracking
from app.feedback.services.workflow import answer
from app.outbox.models import OutboxMessage
from tests.feedback.conftest import PDF, errors, hidden_fields, png_bytes, soup


def feedback_count() -> int:
    return db.session.scalar(select(func.count(Feedback.id)))


def test_the_mailbox_explains_each_type(journey):
    page = soup(journey.client.get("/es/buzon"))
    assert page.h1.get_text(strip=True) == "¿Qué desea enviarnos?"
    labels = [label.get_text(strip=True) for label in page.select(".radio label")]
    assert labels == ["Sugerencia", "Queja", "Reclamación", "Felicitación"]
    assert (
        "compromiso de una carta compromiso"
        in page.select_one(".radio .hint", id=None).find_next("p", id="tipo-2-hint").text
    )


def test_choosing_nothing_is_explained(journey):
    response = journey.client.get("/es/buzon/nuevo")
    assert response.status_code == 400
    assert errors(response) == ["Elija el tipo de mensaje."]
    assert soup(response).title.text.startswith("Error:")


def test_unknown_service_is_explained(journey):
    response = journey.client.get("/es/buzon/nuevo?tipo=queja&servicio=no-existe")
    assert response.status_code == 400
    assert errors(response) == ["Elija un trámite o servicio de la lista."]


@pytest.mark.parametrize("kind", list(FeedbackType))
def test_each_type_is_received_with_a_folio_and_a_deadline(journey, kind):
    servicio = "acta-de-nacimiento" if kind is not FeedbackType.CLAIM else "otro"
    folio, code = journey.submit(tipo=kind.value, servicio=servicio)
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.type is kind and feedback.status is FeedbackStatus.RECEIVED
    assert [e.kind for e in feedback.events] == [EventKind.CREATED]
    assert feedback.due_on > feedback.received_on
    assert feedback.access_code_hash != code and code not in feedback.access_code_hash
    assert find_for_tracking(folio, code.lower().replace("-", " ")) == feedback


def test_a_claim_names_the_commitment_that_was_not_met(journey):
    form = soup(journey.client.get("/es/buzon/nuevo?tipo=reclamacion&servicio=acta-de-nacimiento"))
    options = [o["value"] for o in form.select("#compromiso option") if o["value"]]
    assert options
    missing = journey.fill("reclamacion", "acta-de-nacimiento")
    assert missing.status_code == 400
    assert errors(missing) == ["Elija el compromiso que no se cumplió."]
    folio, _code = journey.submit("reclamacion", "acta-de-nacimiento", compromiso=options[0])
    assert db.session.scalar(select(Feedback).filter_by(folio=folio)).commitment_id == int(
        options[0]
    )


def test_the_check_page_marks_a_commitment_shown_in_spanish_on_another_languages_page(journey):
    """A commitment without a Náhuatl text is read out in Spanish on the check page too, as its
    option in the form is (WCAG 3.1.2)."""
    path = "/nah/buzon/nuevo?tipo=reclamacion&servicio=acta-de-nacimiento"
    options = soup(journey.client.get(path)).select("#compromiso option[lang=es]")
    assert options, "the demo has a commitment without a Náhuatl text"
    check = journey.fill("reclamacion", "acta-de-nacimiento", "nah", compromiso=options[0]["value"])
    assert check.status_code == 200, errors(check)
    shown = soup(check).find("span", lang="es", string=options[0].get_text(strip=True))
    assert shown is not None


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"descripcion": "   "}, "Escriba qué pasó."),
        ({"descripcion": "x" * 4001}, "Escriba como máximo 4000 caracteres."),
        (
            {"correo": "no-es-correo"},
            "Escriba un correo electrónico válido, como nombre@ejemplo.com.",
        ),
        ({"telefono": "abc"}, "Escriba un teléfono de 7 a 20 dígitos, como 722 123 4567."),
        ({"fecha": "2999-01-01"}, "La fecha no puede ser posterior a hoy."),
        # Typed on a phone without a date picker: our words, with an example.
        ({"fecha": "4/12/2026"}, "Escriba la fecha como año-mes-día, por ejemplo 2024-07-15."),
        ({"consentimiento": None}, "Acepte el aviso de privacidad para enviar su mensaje."),
        ({"idioma": "xx"}, "Elija un idioma de la lista."),
    ],
)
def test_each_mistake_gets_its_message_and_keeps_what_was_typed(journey, fields, message):
    response = journey.fill(nombre="Ana Pérez", **fields)
    assert response.status_code == 400
    assert errors(response) == [message]
    page = soup(response)
    assert (
        page.select_one(".field-error .error-message").get_text(" ", strip=True).endswith(message)
    )
    assert page.select_one("#nombre")["value"] == "Ana Pérez"


def test_the_check_step_shows_everything_and_lets_the_citizen_change_it(journey):
    check = journey.fill(
        descripcion="Me trataron mal <b>hoy</b>", nombre="Ana", correo="ana@example.com"
    )
    page = soup(check)
    assert page.h1.get_text(strip=True) == "Revise su mensaje antes de enviarlo"
    assert "Me trataron mal <b>hoy</b>" in page.select_one(".user-text").get_text()
    assert "<b>hoy</b>" not in check.get_data(as_text=True)  # escaped, never markup
    change = journey.client.post(
        "/es/buzon/nuevo?tipo=queja&servicio=otro", data={**hidden_fields(check), "editar": "1"}
    )
    assert change.status_code == 200
    form = soup(change)
    assert form.select_one("#descripcion").get_text().strip() == "Me trataron mal <b>hoy</b>"
    assert form.select_one("#correo")["value"] == "ana@example.com"


def test_the_language_links_of_a_refused_message_lead_to_the_form_in_that_language(journey):
    """The form's answer to a sent message is no page to link to (it takes only a POST): its
    links to other languages lead to the same form, same type and service, in each."""
    check = journey.fill()
    refused = journey.client.post(
        "/es/buzon/enviar?tipo=queja&servicio=otro",
        data={**hidden_fields(check), "descripcion": ""},
    )
    assert refused.status_code == 400
    links = [a["href"] for a in soup(refused).select("nav.languages a")]
    assert "/en/buzon/nuevo?tipo=queja&servicio=otro" in links
    for link in links:
        page = journey.client.get(link)
        assert page.status_code == 200, link
        assert soup(page).find("textarea", attrs={"name": "descripcion"}), link


def test_a_double_submit_creates_one_item(journey):
    check = journey.fill(descripcion="Enviado dos veces")
    before = feedback_count()
    first = journey.send(check)
    second = journey.send(check)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert feedback_count() == before + 1


def test_a_double_submit_with_files_and_a_place_creates_one_item(journey):
    """The first send takes the kept file along: the second finds the same item all the same."""
    check = journey.fill(
        descripcion="Con archivo",
        files=[("recibo.pdf", PDF)],
        latitud="19.2544",
        longitud="-99.6041",
    )
    before = feedback_count()
    first = journey.send(check)
    second = journey.send(check)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert feedback_count() == before + 1
    feedback = db.session.scalar(select(Feedback).filter_by(text="Con archivo"))
    assert [a.original_name for a in feedback.attachments] == ["recibo.pdf"]


def test_a_message_changed_after_it_was_sent_is_not_taken_as_received(journey):
    """Back on the check page after the confirmation, "Cambiar mis respuestas" keeps the form's
    key: the changed message is not said to be received, and is kept to send as a new one."""
    check = journey.fill(descripcion="Primer texto")
    folio = journey.send(check).headers["Location"].rsplit("/", 1)[-1]
    before = feedback_count()
    changed = {**hidden_fields(check), "descripcion": "Segundo texto, con un dato nuevo"}
    response = journey.client.post("/es/buzon/enviar?tipo=queja&servicio=otro", data=changed)
    assert response.status_code == 409
    page = soup(response)
    assert f"Este mensaje ya se había enviado con el folio {folio}" in page.get_text(" ")
    assert "Recibimos su mensaje" not in page.get_text(" ")
    assert page.select_one("#descripcion").get_text().strip() == "Segundo texto, con un dato nuevo"
    assert feedback_count() == before
    assert db.session.scalar(select(Feedback.text).filter_by(folio=folio)) == "Primer texto"
    # Sent again from that page, it is a new message with a folio of its own.
    new_key = page.select_one("input[name=clave_envio]")["value"]
    assert new_key != changed["clave_envio"]
    again = journey.fill(descripcion="Segundo texto, con un dato nuevo", clave_envio=new_key)
    assert again.status_code == 200, errors(again)
    sent = journey.send(again)
    assert sent.status_code == 303 and not sent.headers["Location"].endswith(folio)
    assert feedback_count() == before + 1


@pytest.mark.parametrize("voice_only", [False, True])
def test_kept_files_purged_before_sending_are_asked_for_again(journey, voice_only):
    from app.feedback import uploads
    from tests.audio_samples import ogg_opus

    if voice_only:
        check = journey.fill(descripcion="", voz=(io.BytesIO(ogg_opus(2)), "mensaje.ogg"))
        tokens = [hidden_fields(check)["voz_guardada"]]
        message = "Ya no tenemos el mensaje de voz que había grabado. Grábelo o adjúntelo otra vez."
    else:
        check = journey.fill(descripcion="Adjunto el recibo", files=[("recibo.pdf", PDF)])
        tokens = [hidden_fields(check)["adjuntos_guardados"]]
        message = "Ya no tenemos el archivo recibo.pdf que había adjuntado. Elíjalo otra vez."
    assert check.status_code == 200, errors(check)
    for token in tokens:  # what "flask feedback purge" does to a form left open overnight
        (uploads._folder("pending") / uploads.named(token).stored_name).unlink()
    before = feedback_count()
    response = journey.send(check)
    assert response.status_code == 400
    assert errors(response) == [message]
    assert feedback_count() == before
    form = soup(response)
    assert not form.select("input[name=adjuntos_guardados], input[name=voz_guardada]")
    if not voice_only:
        assert form.select_one("#descripcion").get_text().strip() == "Adjunto el recibo"
    # Sent again as it is (no file chosen again), a voice-only message has no content.
    text = "" if voice_only else "Adjunto el recibo"
    again = {**hidden_fields(response), "descripcion": text, "consentimiento": "y", "idioma": "es"}
    response = journey.client.post("/es/buzon/enviar?tipo=queja&servicio=otro", data=again)
    assert response.status_code == (400 if voice_only else 303)
    assert feedback_count() == before + (0 if voice_only else 1)


def test_the_access_code_is_shown_once_and_the_page_survives_a_reload(journey):
    check = journey.fill()
    location = journey.send(check).headers["Location"]
    first = soup(journey.client.get(location))
    assert first.select_one(".code-display")
    again = journey.client.get(location)
    assert again.status_code == 200
    assert not soup(again).select_one(".code-display")
    assert "se muestra solo una vez" in again.get_data(as_text=True)


def test_the_access_code_follows_a_language_switch_but_not_a_reload(
    journey, journey_app, monkeypatch
):
    """Whoever sent the item may switch the confirmation's language and still read the code,
    for a few minutes; a reload in the same language never shows it again."""
    check = journey.fill()
    location = journey.send(check).headers["Location"]
    code = soup(journey.client.get(location)).select_one(".code-display strong").get_text()
    english = soup(journey.client.get(location.replace("/es/", "/en/", 1)))
    assert english.select_one(".code-display strong").get_text() == code
    assert english.html["lang"] == "en"
    assert not soup(journey.client.get(location.replace("/es/", "/en/", 1))).select_one(
        ".code-display"
    )
    assert soup(journey.client.get(location)).select_one(".code-display")  # back to Spanish
    assert not soup(journey.client.get(location)).select_one(".code-display")
    later = utcnow() + timedelta(minutes=routes.SWITCH_MINUTES, seconds=1)
    monkeypatch.setattr(routes, "utcnow", lambda: later)
    assert not soup(journey.client.get(location.replace("/es/", "/en/", 1))).select_one(
        ".code-display"
    )
    # Another browser never sees it.
    other = journey_app.test_client().get(location.replace("/es/", "/en/", 1))
    assert not soup(other).select_one(".code-display")


def test_anonymous_items_are_accepted_and_told_they_will_not_be_notified(journey):
    folio, _code = journey.submit(nombre=None, correo=None)
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.contact_email is None and feedback.contact_name is None
    page = journey.client.get(f"/es/buzon/recibido/{folio}").get_data(as_text=True)
    assert "Como no nos dejó un correo" in page


def test_the_acknowledgment_email_is_queued_with_the_item_but_not_the_code(journey):
    folio, code = journey.submit(correo="vecina@example.com")
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.contains(folio)))
    assert message.recipient == "vecina@example.com"
    assert folio in message.body and code not in message.body
    assert "/es/buzon/seguimiento" in message.body


def test_an_address_with_an_apostrophe_gets_the_item_and_its_email(journey):
    # The form accepts o'neill@…: the message must be stored and acknowledged, not lost in a 500.
    folio, _code = journey.submit(correo="maria.o'neill@example.com")
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.contains(folio)))
    assert message.recipient == "maria.o'neill@example.com"


def test_the_email_speaks_the_citizens_language(journey):
    folio, _code = journey.submit(lang="en", correo="visitor@example.com")
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.contains(folio)))
    assert message.subject.startswith("We have received your message")


@pytest.mark.parametrize(("page", "answers", "link"), [("nah", "ots", "es"), ("en", "en", "en")])
def test_email_links_open_in_a_language_the_portal_offers(journey, page, answers, link):
    """Otomí is an answer language without pages of its own: its e-mails link to Spanish ones,
    also when staff act without a request (as the commands do)."""
    assert journey.client.get("/ots/").status_code == 404
    check = journey.fill(lang=page, idioma=answers, correo="hnahnu@example.com")
    folio = journey.send(check, lang=page).headers["Location"].rsplit("/", 1)[-1]
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    answer(feedback, "Respuesta", None)
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "hnahnu@example.com")
        .where(OutboxMessage.body.contains(folio))
    ).all()  # fmt: skip
    assert len(messages) == 2  # the acknowledgment and the answer
    for message in messages:
        url = re.search(r"https?://\S+", message.body).group()
        path = urlsplit(url).path
        assert path == f"/{link}/buzon/seguimiento"
        assert journey.client.get(path).status_code == 200


def test_attachments_are_kept_when_they_are_what_they_claim(journey, journey_app):
    check = journey.fill(files=[("informe.pdf", PDF), ("foto.png", png_bytes())])
    assert check.status_code == 200, errors(check)
    assert "informe.pdf" in check.get_data(as_text=True)
    location = journey.send(check).headers["Location"]
    folio = location.rsplit("/", 1)[-1]
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    types = sorted(a.content_type for a in feedback.attachments)
    assert types == ["application/pdf", "image/png"]
    from app.feedback.uploads import path_of

    assert all(path_of(a.stored_name).read_bytes() for a in feedback.attachments)
    assert "static" not in str(path_of(feedback.attachments[0].stored_name))


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("programa.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "debe ser PDF, JPEG o PNG"),
        ("vacio.pdf", b"", "está vacío"),
        ("grande.pdf", PDF + b"0" * (5 * 1024 * 1024), "pesa más de 5 MB"),
        ("falsa.png", b"\x89PNG\r\n\x1a\n" + b"basura" * 10, "debe ser PDF, JPEG o PNG"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(journey, name, content, message):
    before = db.session.scalar(select(func.count(Attachment.id)))
    with warnings.catch_warnings():
        # The test client spools a large request body to a file it never closes.
        warnings.simplefilter("ignore", ResourceWarning)
        response = journey.fill(files=[(name, content)])
        gc.collect()
    assert response.status_code == 400
    assert any(message in error and name in error for error in errors(response))
    assert db.session.scalar(select(func.count(Attachment.id))) == before


def test_a_refused_file_does_not_drop_the_good_ones_sent_with_it(journey):
    """Only the refused file is chosen again; the good one is kept and said so."""
    refused = journey.fill(files=[("informe.pdf", PDF), ("programa.exe", b"MZ" + b"\x00" * 200)])
    assert refused.status_code == 400
    page = soup(refused)
    assert "Ya adjuntó 1 archivo; se conservará." in page.get_text(" ")
    kept = [tag["value"] for tag in page.select("input[name=adjuntos_guardados]")]
    assert len(kept) == 1
    again = journey.fill(files=[("foto.png", png_bytes())], adjuntos_guardados=kept[0])
    assert again.status_code == 200, errors(again)
    folio = journey.send(again).headers["Location"].rsplit("/", 1)[-1]
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert sorted(a.original_name for a in feedback.attachments) == ["foto.png", "informe.pdf"]


def test_more_than_three_files_are_refused(journey):
    response = journey.fill(files=[(f"{n}.pdf", PDF) for n in range(4)])
    assert errors(response) == ["Adjunte como máximo 3 archivos."]


def test_a_forged_file_reference_is_ignored(journey):
    check = journey.fill()
    data = {**hidden_fields(check), "adjuntos_guardados": "forged.token"}
    location = journey.client.post("/es/buzon/enviar?tipo=queja&servicio=otro", data=data)
    folio = location.headers["Location"].rsplit("/", 1)[-1]
    assert db.session.scalar(select(Feedback).filter_by(folio=folio)).attachments == []


def test_the_hidden_field_catches_software_and_saves_nothing(journey):
    check = journey.fill()
    before = feedback_count()
    response = journey.client.post(
        "/es/buzon/enviar?tipo=queja&servicio=otro",
        data={**hidden_fields(check), "sitio_web": "http://spam.example"},
    )
    assert response.status_code == 400
    assert feedback_count() == before


def test_control_characters_are_dropped_and_html_is_stored_as_text(journey):
    folio, _code = journey.submit(descripcion="Hola\x00\x07 <script>alert(1)</script>")
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.text == "Hola <script>alert(1)</script>"


def test_tracking_with_the_right_code_shows_status_history_and_deadline(journey):
    folio, code = journey.submit(descripcion="<img src=x onerror=alert(1)>")
    other_browser = journey.client.application.test_client()
    response = other_browser.post("/es/buzon/seguimiento", data={"folio": folio, "codigo": code})
    assert response.status_code == 303
    page = other_browser.get(response.headers["Location"])
    text = soup(page).get_text(" ")
    assert "Recibida" in text and "Recibimos su mensaje." in text
    assert "Responderemos a más tardar el" in text
    assert "<img src=x" not in page.get_data(as_text=True)


def test_wrong_code_and_unknown_folio_get_the_same_answer(journey):
    folio, _code = journey.submit()
    wrong_code = journey.track(folio, "AAAA-BBBB-CCCC")
    unknown = journey.track("SQR-1999-000001", "AAAA-BBBB-CCCC")
    assert wrong_code.status_code == unknown.status_code == 400
    assert (
        errors(wrong_code)
        == errors(unknown)
        == ["El folio o el código de acceso no son correctos. Revíselos e inténtelo de nuevo."]
    )


def test_a_status_page_needs_the_code_first(journey):
    folio, _code = journey.submit()
    stranger = journey.client.application.test_client()
    response = stranger.get(f"/es/buzon/seguimiento/{folio}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/seguimiento")
    assert stranger.get("/es/buzon/seguimiento/SQR-1999-000001").status_code == 302


def test_the_survey_is_stored_for_the_indicators(journey):
    response = journey.client.post(
        "/es/encuesta/acta-de-nacimiento",
        data={"calificacion": "4", "espera": "5_15", "comentario": "Rápido"},
    )
    assert response.status_code == 303
    assert journey.client.get(response.headers["Location"]).status_code == 200
    survey = db.session.scalars(select(SurveyResponse).order_by(SurveyResponse.id.desc())).first()
    assert (survey.score, survey.waiting.value, survey.comment) == (4, "5_15", "Rápido")
    assert survey.service.slug == "acta-de-nacimiento"


def test_a_survey_sent_twice_is_one_response(journey):
    form = soup(journey.client.get("/es/encuesta/acta-de-nacimiento"))
    key = form.select_one("input[name=clave_envio]")["value"]
    data = {"calificacion": "2", "comentario": "Dos toques", "clave_envio": key}
    count = select(func.count(SurveyResponse.id))
    before = db.session.scalar(count)
    first = journey.client.post("/es/encuesta/acta-de-nacimiento", data=data)
    second = journey.client.post("/es/encuesta/acta-de-nacimiento", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(count) == before + 1
    # Another form (another visit) is another response.
    other = soup(journey.client.get("/es/encuesta/acta-de-nacimiento"))
    data["clave_envio"] = other.select_one("input[name=clave_envio]")["value"]
    assert journey.client.post("/es/encuesta/acta-de-nacimiento", data=data).status_code == 303
    assert db.session.scalar(count) == before + 2


def test_a_retired_service_takes_no_more_ratings(journey):
    service = db.session.scalar(select(Service).filter_by(slug="acta-de-nacimiento"))
    service.retired_on = date(2026, 1, 15)
    db.session.commit()
    try:
        count = select(func.count(SurveyResponse.id))
        before = db.session.scalar(count)
        assert journey.client.get("/es/encuesta/acta-de-nacimiento").status_code == 410
        sent = journey.client.post("/es/encuesta/acta-de-nacimiento", data={"calificacion": "5"})
        assert sent.status_code == 410
        assert db.session.scalar(count) == before
    finally:  # the other tests of this module rate it
        service.retired_on = None
        db.session.commit()


def test_the_survey_needs_a_score(journey):
    response = journey.client.post("/es/encuesta/acta-de-nacimiento", data={"comentario": "x"})
    assert response.status_code == 400
    assert errors(response) == ["Elija una calificación del 1 al 5."]
    assert journey.client.get("/es/encuesta/no-existe").status_code == 404


def test_forms_refuse_posts_without_the_csrf_token(tmp_path):
    from tests.conftest import make_app

    application = make_app(f"sqlite:///{tmp_path / 'csrf.sqlite3'}", WTF_CSRF_ENABLED=True)
    with application.app_context():
        db.create_all()
    client = application.test_client()
    for path in ("/es/buzon/enviar?tipo=queja&servicio=otro", "/es/buzon/seguimiento"):
        response = client.post(path, data={"descripcion": "x", "folio": "x", "codigo": "x"})
        assert response.status_code == 400
        assert "No pudimos confirmar que el envío viene de este sitio" in response.get_data(
            as_text=True
        )
    form = soup(client.get("/es/buzon/seguimiento"))
    assert form.select_one("input[name=csrf_token]")["value"]
    with application.app_context():
        db.engine.dispose()


def test_a_lost_session_gives_back_the_typed_message_to_send_again(journey_app, monkeypatch):
    """The browser restarted between the check page and "Enviar" (citizen sessions end with the
    browser): the refused token cannot be used again, so the page brings a fresh one."""
    from tests.feedback.conftest import Journey

    def feedback_count() -> int:
        with journey_app.app_context():  # each request has its own context (and CSRF token)
            return db.session.scalar(select(func.count(Feedback.id)))

    monkeypatch.setitem(journey_app.config, "WTF_CSRF_ENABLED", True)
    journey = Journey(journey_app.test_client())
    url = "/es/buzon/nuevo?tipo=queja&servicio=otro"
    token = soup(journey.client.get(url)).select_one("input[name=csrf_token]")["value"]
    check = journey.fill(descripcion="Me costó escribirlo en el teléfono.", csrf_token=token)
    assert check.status_code == 200, errors(check)
    restarted = journey_app.test_client()
    before = feedback_count()
    response = restarted.post(
        "/es/buzon/enviar?tipo=queja&servicio=otro", data=hidden_fields(check)
    )
    assert response.status_code == 400
    page = soup(response)
    assert "Me costó escribirlo en el teléfono." in page.select_one("main").get_text(" ")
    kept = {i["name"]: i["value"] for i in page.select("main form input[type=hidden]")}
    assert kept["csrf_token"] != token
    sent = restarted.post(page.select_one("main form")["action"], data=kept)
    assert sent.status_code == 303
    assert feedback_count() == before + 1
    # A tracked item's actions only refuse: that page would turn a forged post into one click.
    refused = restarted.post("/es/buzon/seguimiento", data={"folio": "x", "codigo": "x"})
    assert refused.status_code == 400 and not soup(refused).select("main form")


def test_attachments_of_forms_never_sent_are_purged(journey, journey_app):
    import os
    import time

    from app.feedback.uploads import _folder

    journey.fill(files=[("olvidado.pdf", PDF)])
    pending = list(_folder("pending").iterdir())
    assert pending
    old = time.time() - 25 * 3600
    os.utime(pending[0], (old, old))
    result = journey_app.test_cli_runner().invoke(args=["feedback", "purge"])
    assert "1 unsent attachments deleted." in result.output
    assert not pending[0].exists()
    assert len(list(_folder("pending").iterdir())) == len(pending) - 1
