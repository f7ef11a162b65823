"""What a citizen can do when things go wrong: a lost access code or a lost response, an overdue
message, a request for information answered with files, an answer that did not solve it."""

import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from app.core.clock import local_today, utcnow
from app.extensions import db
from app.feedback.models import EventKind, Feedback, FeedbackStatus
from app.feedback.services import workflow
from app.outbox.models import OutboxMessage
from app.staff.models import Role
from tests.conftest import make_app
from tests.factories import PASSWORD, make_user
from tests.feedback.conftest import PDF, errors, hidden_fields, soup
from tests.test_html_validation import vnu_errors

CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
UNKNOWN = "SQR-1999-000001"


def item(folio: str) -> Feedback:
    return db.session.scalar(select(Feedback).filter_by(folio=folio))


def outbox_count() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)))


def ask_new_code(client, folio: str):
    return client.post("/es/buzon/seguimiento/codigo", data={"folio": folio})


# --- A new access code by e-mail --------------------------------------------------------------


def test_a_new_code_is_e_mailed_and_the_old_one_stops_working(journey):
    folio, old_code = journey.submit(correo="perdido@example.com")
    stranger = journey.client.application.test_client()
    asked = ask_new_code(stranger, folio)
    assert asked.status_code == 303
    page = stranger.get(asked.headers["Location"])
    assert "le enviamos ahí un código de acceso nuevo" in soup(page).get_text(" ")
    message = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == "perdido@example.com")
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert folio in message.subject
    new_code = CODE.search(message.body).group()
    assert new_code != old_code
    # The browser that sent it (or anyone who proved the old code) no longer follows it.
    assert journey.client.get(f"/es/buzon/seguimiento/{folio}").status_code == 302
    elsewhere = journey.client.get(f"/es/buzon/recibido/{folio}").text
    assert "Para ver un mensaje que nos envió, escriba su folio" in elsewhere
    assert journey.track(folio, old_code).status_code == 400
    assert journey.track(folio, new_code).status_code == 303
    assert journey.client.get(f"/es/buzon/seguimiento/{folio}").status_code == 200
    # On the staff side the history says so; the citizen's history does not.
    event = item(folio).events[-1]
    assert event.kind is EventKind.CODE_REISSUED and not event.public


def test_the_answer_is_the_same_for_an_unknown_folio_and_one_without_an_e_mail(journey):
    anonymous, code = journey.submit(correo=None)
    with_email, _code = journey.submit(correo="alguien@example.com")
    before = outbox_count()
    client = journey.client.application.test_client()
    answers = [ask_new_code(client, folio) for folio in (UNKNOWN, anonymous, with_email)]
    assert {a.status_code for a in answers} == {303}
    assert len({a.headers["Location"] for a in answers}) == 1
    assert outbox_count() == before + 1  # only the folio with an e-mail got one
    assert journey.track(anonymous, code).status_code == 303  # nothing changed for it


def test_the_tracking_page_offers_a_new_code_and_the_form_needs_a_folio(journey):
    track = soup(journey.client.get("/es/buzon/seguimiento"))
    assert track.find("a", string="Pedir un código nuevo")["href"] == "/es/buzon/seguimiento/codigo"
    empty = ask_new_code(journey.client, "")
    assert empty.status_code == 400 and errors(empty) == ["Escriba el folio."]


# --- A lost response, and the confirmation page ------------------------------------------------


def test_a_send_retried_after_a_lost_response_shows_the_code_again(journey):
    client = journey.client
    check = journey.fill(descripcion="Mi conexión se cortó")
    cookie_before = client.get_cookie("session").value
    first = journey.send(check)
    assert first.status_code == 303
    # The response never arrived: the browser still has its cookie from before the send.
    client.set_cookie("session", cookie_before)
    again = journey.send(check)
    assert again.headers["Location"] == first.headers["Location"]
    page = soup(client.get(again.headers["Location"]))
    code = page.select_one(".code-display strong").get_text(strip=True)
    folio = re.search(r"SQR-\d{4}-\d{6}", again.headers["Location"]).group()
    assert journey.track(folio, code).status_code == 303


def test_another_browser_with_the_same_form_gets_no_code_and_a_neutral_page(journey):
    check = journey.fill(descripcion="Enviado desde otro navegador")
    journey.send(check)
    other = journey.client.application.test_client()
    sent = other.post("/es/buzon/enviar?tipo=queja&servicio=otro", data=hidden_fields(check))
    assert sent.status_code == 303
    page = other.get(sent.headers["Location"])
    assert not soup(page).select_one(".code-display")
    assert soup(page).h1.get_text(strip=True) == "Consultar su mensaje"


def test_the_confirmation_page_tells_a_stranger_nothing_about_a_folio(journey):
    folio, _code = journey.submit(correo="privado@example.com")
    stranger = journey.client.application.test_client()
    known = stranger.get(f"/es/buzon/recibido/{folio}")
    unknown = stranger.get(f"/es/buzon/recibido/{UNKNOWN}")
    assert known.status_code == unknown.status_code == 200
    body = known.get_data(as_text=True).replace(folio, "FOLIO")
    assert body == unknown.get_data(as_text=True).replace(UNKNOWN, "FOLIO")
    text = soup(known).get_text(" ")
    assert "Le enviaremos un correo" not in text and "Responderemos" not in text
    # The browser that sent it still sees its confirmation.
    assert "Le enviaremos un correo" in journey.client.get(f"/es/buzon/recibido/{folio}").text


def test_proving_the_code_opens_the_confirmation_page(journey):
    folio, code = journey.submit()
    other = journey.client.application.test_client()
    other.post("/es/buzon/seguimiento", data={"folio": folio, "codigo": code})
    page = soup(other.get(f"/es/buzon/recibido/{folio}"))
    assert page.select_one(".folio").get_text(strip=True) == folio


def test_a_folio_is_found_however_it_was_typed_or_dictated(journey):
    folio, code = journey.submit()
    prefix, year, number = folio.split("-")
    for typed in (f"{prefix.lower()} {year} {number}", f"{prefix}{year}{number}",
                  f"{prefix}\u2010{year}\u2010{number}", f" {folio} "):  # fmt: skip
        other = journey.client.application.test_client()
        found = other.post("/es/buzon/seguimiento", data={"folio": typed, "codigo": code})
        assert found.status_code == 303, typed
        assert found.headers["Location"].endswith(f"/es/buzon/seguimiento/{folio}")


# --- Overdue, said to the citizen --------------------------------------------------------------


def test_an_overdue_message_says_so_and_what_the_person_can_do(journey):
    folio, _code = journey.submit()
    feedback = item(folio)
    due = local_today() - timedelta(days=3)
    feedback.received_on, feedback.due_on = due - timedelta(days=14), due
    db.session.commit()
    text = soup(journey.client.get(f"/es/buzon/seguimiento/{folio}")).get_text(" ")
    assert "Debimos responderle a más tardar el" in text
    assert "su mensaje está vencido" in text
    assert "Responderemos a más tardar" not in text
    assert "Qué estamos haciendo" in text and "Qué puede hacer usted" in text
    # The channel the institution named in its settings (the demo's internal control body).
    assert "Órgano Interno de Control" in text
    english = soup(journey.client.get(f"/en/buzon/seguimiento/{folio}")).get_text(" ")
    assert "your message is overdue" in english
    confirmation = soup(journey.client.get(f"/es/buzon/recibido/{folio}")).get_text(" ")
    assert "su mensaje está vencido" in confirmation
    assert "Responderemos a más tardar" not in confirmation


def test_a_message_within_its_deadline_is_not_called_overdue(journey):
    folio, _code = journey.submit()
    text = soup(journey.client.get(f"/es/buzon/seguimiento/{folio}")).get_text(" ")
    assert "Responderemos a más tardar el" in text and "vencido" not in text


# --- Information sent with files ----------------------------------------------------------------


def asked(journey, **fields):
    folio, _code = journey.submit(**fields)
    workflow.request_information(item(folio), "¿Tiene el recibo de pago?", None)
    return folio


def inform(journey, folio, files=(), respuesta="Aquí está el recibo.", kept=()):
    data = {"respuesta": respuesta, "adjuntos_guardados": list(kept)}
    if files:
        data["adjuntos"] = [(io.BytesIO(content), name) for name, content in files]
    return journey.client.post(
        f"/es/buzon/seguimiento/{folio}/informacion", data=data, content_type="multipart/form-data"
    )


def test_information_can_be_sent_with_a_file_that_staff_can_open(journey):
    folio = asked(journey)
    page = soup(journey.client.get(f"/es/buzon/seguimiento/{folio}"))
    # The citizen reads that the wait is for them; staff read who it waits for (below).
    assert "En espera de información suya" in page.get_text(" ")
    form = page.find("form", action=f"/es/buzon/seguimiento/{folio}/informacion")
    assert form["enctype"] == "multipart/form-data" and form.find("input", type="file")
    assert inform(journey, folio, [("recibo.pdf", PDF)]).status_code == 303
    feedback = item(folio)
    assert feedback.status is FeedbackStatus.IN_REVIEW
    assert [a.original_name for a in feedback.attachments] == ["recibo.pdf"]
    coordinator = make_user(Role.COORDINATOR)
    staff = journey.client.application.test_client()
    staff.post("/auth/entrar", data={"email": coordinator.email, "password": PASSWORD})
    waiting = soup(staff.get(f"/admin/buzon?estado={FeedbackStatus.WAITING.value}"))
    assert "En espera de información de la persona" in waiting.get_text(" ")
    assert "suya" not in waiting.get_text(" ")
    attachment = feedback.attachments[0]
    with staff.get(f"/admin/buzon/{folio}/adjuntos/{attachment.id}") as download:
        assert download.status_code == 200 and download.data == PDF


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_changes(journey):
    folio = asked(journey)
    refused = inform(journey, folio, [("recibo.pdf", b"MZ\x90\x00 not a pdf")])
    assert refused.status_code == 400
    assert errors(refused) == ["El archivo recibo.pdf debe ser PDF, JPEG o PNG."]
    assert soup(refused).select_one("#respuesta").get_text().strip() == "Aquí está el recibo."
    feedback = item(folio)
    assert feedback.status is FeedbackStatus.WAITING and feedback.attachments == []


def test_a_refused_file_or_a_missing_answer_keeps_the_good_files(journey):
    """Only the refused file is chosen again: the good one goes along unseen, said so."""
    folio = asked(journey)
    refused = inform(journey, folio, [("recibo.pdf", PDF), ("programa.exe", b"MZ" + b"\0" * 99)])
    assert refused.status_code == 400
    page = soup(refused)
    assert "Ya adjuntó 1 archivo; se conservará." in page.get_text(" ")
    kept = [tag["value"] for tag in page.select("input[name=adjuntos_guardados]")]
    assert len(kept) == 1
    # Sent again without the answer: the kept file and the new one both stay.
    empty = inform(journey, folio, [("foto.pdf", PDF)], respuesta="", kept=kept)
    assert empty.status_code == 400
    assert errors(empty) == ["Escriba la información que le pedimos."]
    kept = [tag["value"] for tag in soup(empty).select("input[name=adjuntos_guardados]")]
    assert len(kept) == 2
    assert inform(journey, folio, kept=kept).status_code == 303
    feedback = item(folio)
    assert feedback.status is FeedbackStatus.IN_REVIEW
    assert sorted(a.original_name for a in feedback.attachments) == ["foto.pdf", "recibo.pdf"]


def test_information_takes_three_files_at_most_with_those_kept(journey):
    folio = asked(journey)
    kept = [tag["value"] for tag in soup(inform(
        journey, folio, [("a.pdf", PDF), ("b.pdf", PDF), ("c.exe", b"MZ" + b"\0" * 99)]
    )).select("input[name=adjuntos_guardados]")]  # fmt: skip
    assert len(kept) == 2
    too_many = inform(journey, folio, [("c.pdf", PDF), ("d.pdf", PDF)], kept=kept)
    assert errors(too_many) == ["Adjunte como máximo 3 archivos."]
    assert item(folio).attachments == []


# --- An answer that did not solve the problem ----------------------------------------------------


def answered(journey, when=None, tipo="queja"):
    folio, _code = journey.submit(tipo)
    workflow.answer(item(folio), "Ya se corrigió el horario.", None, now=when)
    return folio


def reopen(journey, folio, reason="Siguen abriendo tarde."):
    return journey.client.post(f"/es/buzon/seguimiento/{folio}/reabrir", data={"motivo": reason})


def reopened_figure(client) -> int:
    page = soup(client.get("/es/tablero"))
    term = page.find("dt", string="Reabiertas por la persona")
    return int(term.find_next_sibling("dd").get_text(strip=True).replace(",", ""))


def test_an_answer_can_be_reopened_once_with_a_reason_and_it_is_counted(journey):
    before = reopened_figure(journey.client)
    folio = answered(journey)
    page = soup(journey.client.get(f"/es/buzon/seguimiento/{folio}"))
    assert page.find("h2", string="¿La respuesta no resolvió su problema?")
    no_reason = reopen(journey, folio, reason="")
    assert no_reason.status_code == 400
    assert errors(no_reason) == ["Escriba por qué la respuesta no resolvió su problema."]
    assert reopen(journey, folio).status_code == 303
    feedback = item(folio)
    assert feedback.status is FeedbackStatus.IN_REVIEW and feedback.reopened_at is not None
    event = feedback.events[-1]
    assert (event.kind, event.note, event.public) == (
        EventKind.REOPENED,
        "Siguen abriendo tarde.",
        True,
    )
    text = soup(journey.client.get(f"/es/buzon/seguimiento/{folio}")).get_text(" ")
    assert "estamos revisando su mensaje otra vez" in text
    assert reopened_figure(journey.client) == before + 1
    # Answered again, it cannot be reopened a second time.
    workflow.answer(feedback, "Ahora sí quedó corregido.", None)
    page = soup(journey.client.get(f"/es/buzon/seguimiento/{folio}"))
    assert not page.find("h2", string="¿La respuesta no resolvió su problema?")
    assert reopen(journey, folio).status_code == 409


def test_a_compliment_is_not_reopened(journey):
    folio = answered(journey, tipo="felicitacion")
    page = soup(journey.client.get(f"/es/buzon/seguimiento/{folio}"))
    assert not page.find("h2", string="¿La respuesta no resolvió su problema?")
    assert reopen(journey, folio).status_code == 409
    assert item(folio).status is FeedbackStatus.ANSWERED and item(folio).reopened_at is None


def rating_form(journey, folio):
    page = soup(journey.client.get(f"/es/buzon/seguimiento/{folio}"))
    return page.select_one(f"form[action$='/{folio}/calificacion']")


def test_the_rating_form_is_offered_only_while_the_answer_can_be_rated(journey):
    closed = answered(journey)
    assert rating_form(journey, closed) is not None
    workflow.change_status(item(closed), FeedbackStatus.CLOSED_RESOLVED, make_user())
    assert rating_form(journey, closed) is None
    reopened = answered(journey)
    assert reopen(journey, reopened).status_code == 303
    assert rating_form(journey, reopened) is None
    rated = answered(journey)
    sent = journey.client.post(
        f"/es/buzon/seguimiento/{rated}/calificacion", data={"calificacion": "4"}
    )
    assert sent.status_code == 303
    text = soup(journey.client.get(f"/es/buzon/seguimiento/{rated}")).get_text(" ")
    assert "calificó la respuesta con 4 de 5" in text
    assert rating_form(journey, rated) is None


def test_an_answer_cannot_be_reopened_after_the_configured_working_days(journey):
    folio = answered(journey, when=utcnow() - timedelta(days=30))
    page = soup(journey.client.get(f"/es/buzon/seguimiento/{folio}"))
    assert not page.find("h2", string="¿La respuesta no resolvió su problema?")
    assert reopen(journey, folio).status_code == 409
    assert item(folio).status is FeedbackStatus.ANSWERED
    journey.client.application.config["FEEDBACK_REOPEN_DAYS"] = 40
    try:
        assert reopen(journey, folio).status_code == 303
    finally:
        journey.client.application.config["FEEDBACK_REOPEN_DAYS"] = 10


def test_a_double_tap_on_the_tracking_forms_lands_on_the_status_page(journey):
    folio = asked(journey)
    first, second = inform(journey, folio), inform(journey, folio)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    provided = [e for e in item(folio).events if e.kind is EventKind.INFORMATION_PROVIDED]
    assert len(provided) == 1
    workflow.answer(item(folio), "Ya se corrigió el horario.", None)
    first, second = reopen(journey, folio), reopen(journey, folio)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert [e.kind for e in item(folio).events].count(EventKind.REOPENED) == 1
    # Other words are not the same form sent again: that one is refused as before.
    assert reopen(journey, folio, reason="Otra razón").status_code == 409


def test_what_the_person_typed_is_shown_back_when_staff_moved_the_item_meanwhile(journey):
    folio = asked(journey)
    # While the person types their information, staff take the item back (they phoned them).
    workflow.change_status(
        item(folio), FeedbackStatus.IN_REVIEW, make_user(Role.COORDINATOR), "Se llamó."
    )
    typed = "El recibo es del 3 de marzo,\nfolio 4411, caja 2."
    response = inform(journey, folio, respuesta=typed)
    assert response.status_code == 409
    page = soup(response)
    assert "Su folio cambió mientras escribía" in " ".join(errors(response) or [page.get_text()])
    assert typed in page.select_one(".unsaved").get_text()
    assert not page.find("form", action=f"/es/buzon/seguimiento/{folio}/informacion")

    workflow.answer(item(folio), "Ya se corrigió el horario.", None)
    workflow.reopen(item(folio), "Siguen abriendo tarde.")
    late = reopen(journey, folio, reason="Y además me cobraron de más.")
    assert late.status_code == 409
    assert "Y además me cobraron de más." in soup(late).select_one(".unsaved").get_text()


def test_an_open_item_cannot_be_reopened(journey):
    folio, _code = journey.submit()
    assert reopen(journey, folio).status_code == 409
    stranger = journey.client.application.test_client()
    assert stranger.post(f"/es/buzon/seguimiento/{folio}/reabrir", data={}).status_code == 302


# --- Valid HTML ------------------------------------------------------------------------------


def test_the_new_citizen_pages_are_valid_html(journey, tmp_path):
    pages = {}
    overdue, _code = journey.submit()
    feedback = item(overdue)
    feedback.due_on = local_today() - timedelta(days=2)
    feedback.received_on = feedback.due_on - timedelta(days=14)
    db.session.commit()
    pages["overdue"] = journey.client.get(f"/es/buzon/seguimiento/{overdue}").data
    waiting = asked(journey)
    pages["information asked"] = journey.client.get(f"/es/buzon/seguimiento/{waiting}").data
    pages["refused file"] = inform(journey, waiting, [("x.pdf", b"MZ")]).data
    reopenable = answered(journey)
    pages["answer to reopen"] = journey.client.get(f"/es/buzon/seguimiento/{reopenable}").data
    pages["reopen without reason"] = reopen(journey, reopenable, reason="").data
    pages["new code error"] = ask_new_code(journey.client, "").data
    pages["new code sent"] = journey.client.get("/es/buzon/seguimiento/codigo?enviado=1").data
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


# Last in the module: turning the limiter on in another app turns it on for this module's app.
def test_new_codes_are_rate_limited_per_folio(tmp_path):
    application = make_app(
        f"sqlite:///{tmp_path / 'codes.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_NEW_CODE="4 per minute",
        RATELIMIT_NEW_CODE_FOLIO="2 per day",
    )
    with application.app_context():
        db.create_all()
    client = application.test_client()
    answers = [ask_new_code(client, UNKNOWN).status_code for _ in range(3)]
    assert answers == [303, 303, 429]
    # The same folio written another way is the same folio, whoever asks.
    for number, written in enumerate(("sqr 1999 000001", "SQR.1999.000001", "sqr/1999/000001")):
        elsewhere = application.test_client()
        elsewhere.environ_base["REMOTE_ADDR"] = f"10.0.0.{number + 1}"  # not the address limit
        assert ask_new_code(elsewhere, written).status_code == 429, written
    assert ask_new_code(client, "SQR-1999-000002").status_code == 303  # another folio
    assert ask_new_code(client, "SQR-1999-000003").status_code == 429  # the address's limit
    with application.app_context():
        db.engine.dispose()
