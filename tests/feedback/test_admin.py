"""The staff inbox and item page: scope isolation, the workflow, audit rows and deadlines."""

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import delete, event, select

from app.core.calendar import WorkingCalendar
from app.core.clock import local_today
from app.core.rules import RuleError
from app.extensions import db
from app.feedback.models import EventKind, Feedback, FeedbackStatus, FeedbackType
from app.feedback.services import response_templates, submission, workflow, worklist
from app.staff.models import AuditLog, Role
from app.staff.services import audit_reading, create_user
from tests.core.test_transactions import statuses
from tests.factories import PASSWORD, make_dependency, make_service, make_user
from tests.feedback.conftest import PDF


def submit(service, **fields):
    values = dict(
        type=FeedbackType.COMPLAINT,
        text="Me atendieron tarde.",
        submission_key=uuid.uuid4().hex,
        language="es",
        consent=True,
        service=service,
    )
    feedback, _code = submission.submit(submission.Submission(**{**values, **fields}))
    return feedback


@pytest.fixture
def office(empty_app):
    """Two dependencies, an item in each, a responder in each, a viewer and a coordinator."""
    treasury, water = make_dependency("Tesorería"), make_dependency("Agua")
    db.session.commit()
    people = {
        "rosa": make_user(Role.RESPONDER, treasury, email="rosa@example.org", name="Rosa"),
        "omar": make_user(Role.RESPONDER, water, email="omar@example.org", name="Omar"),
        "vera": make_user(Role.VIEWER, treasury, email="vera@example.org", name="Vera"),
        "coco": make_user(Role.COORDINATOR, email="coco@example.org", name="Coco"),
    }
    from app.feedback.uploads import StoredFile, _folder

    (_folder("pending") / ("a" * 32)).write_bytes(PDF)
    stored = StoredFile("a" * 32, "acta.pdf", "application/pdf", len(PDF), "x" * 64)
    treasury_item = submit(make_service("Pago del predial", treasury), files=[stored])
    water_item = submit(make_service("Contrato de agua", water), text="Fuga sin atender")
    return {"treasury": treasury_item, "water": water_item, **people}


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_inbox_lists_only_items_in_scope(empty_app, office, signed_in):
    text = signed_in(office["rosa"]).get("/admin/buzon").get_data(as_text=True)
    assert office["treasury"].folio in text and office["water"].folio not in text
    everything = signed_in(office["coco"]).get("/admin/buzon").get_data(as_text=True)
    assert office["treasury"].folio in everything and office["water"].folio in everything


def test_the_inbox_finds_items_by_their_text_or_folio_in_any_case(empty_app, office, signed_in):
    client = signed_in(office["coco"])

    def found(words: str) -> set[str]:
        response = client.get("/admin/buzon", query_string={"q": words})
        assert response.status_code == 200, words
        return {key for key in ("treasury", "water") if office[key].folio in response.text}

    assert found("FUGA sin") == {"water"}
    assert found("tarde") == {"treasury"}
    assert found("atend") == {"treasury", "water"}
    assert found(office["treasury"].folio.lower()) == {"treasury"}
    # Accented capitals too, on every database (SQLite's own lower() folds ASCII only).
    item = office["water"]
    item.text = "Árbol caído frente a la ESCUELA"
    db.session.commit()
    assert found("árbol") == found("CAÍDO") == found("Escuela") == {"water"}
    # Signs of SQL patterns are searched as they are written.
    assert found("%") == found("_ende") == set()
    assert found("sin_atender") == found("it's") == found("\\") == set()


def test_another_dependencys_item_is_a_404_everywhere(empty_app, office, signed_in):
    client = signed_in(office["omar"])
    folio = office["treasury"].folio
    attachment = office["treasury"].attachments[0]
    assert client.get(f"/admin/buzon/{folio}").status_code == 404
    assert client.get(f"/admin/buzon/{folio}/adjuntos/{attachment.id}").status_code == 404
    actions = {
        "nota": {"nota_interna": "x"},
        "estado": {"estado": "in_review"},
        "respuesta": {"respuesta": "x"},
        "informacion": {"pregunta": "x"},
        "impacto": {},
        "asignacion": {"dependencia_asignada": "1"},
    }
    for action, data in actions.items():
        assert client.post(f"/admin/buzon/{folio}/{action}", data=data).status_code == 404, action
    fragment = client.get(f"/admin/buzon?q={folio}", headers={"HX-Request": "true"})
    assert folio not in fragment.get_data(as_text=True)
    assert [e.kind for e in office["treasury"].events] == [EventKind.CREATED]


def test_attachments_download_for_staff_in_scope_and_are_audited(empty_app, office, signed_in):
    client = signed_in(office["rosa"])
    item = office["treasury"]
    with client.get(f"/admin/buzon/{item.folio}/adjuntos/{item.attachments[0].id}") as response:
        assert response.status_code == 200 and response.data == PDF
        assert "attachment" in response.headers["Content-Disposition"]
    assert (
        db.session.scalar(select(AuditLog.action).order_by(AuditLog.id.desc()))
        == "feedback.attachment_downloaded"
    )


def test_viewers_read_but_cannot_act(empty_app, office, signed_in):
    client = signed_in(office["vera"])
    folio = office["treasury"].folio
    item_page = page(client.get(f"/admin/buzon/{folio}"))
    assert item_page.h1 and not item_page.select("form[action$='/respuesta']")
    assert client.post(f"/admin/buzon/{folio}/nota", data={"nota_interna": "x"}).status_code == 403


def test_every_transition_is_checked(empty_app, office):
    item, rosa = office["treasury"], office["rosa"]
    allowed = {status: workflow.TRANSITIONS[status] for status in FeedbackStatus}
    assert allowed[FeedbackStatus.CLOSED_RESOLVED] == {FeedbackStatus.IN_REVIEW}
    with pytest.raises(workflow.TransitionError):
        workflow.change_status(item, FeedbackStatus.CLOSED_RESOLVED, rosa)
    with pytest.raises(RuleError) as refused:
        workflow.change_status(item, FeedbackStatus.DISMISSED, rosa)  # no reason
    assert list(refused.value.problems) == ["nota"]
    workflow.change_status(item, FeedbackStatus.IN_REVIEW, rosa)
    workflow.answer(item, "Resuelto.", rosa)
    with pytest.raises(workflow.TransitionError):
        workflow.answer(item, "Otra vez.", rosa)
    workflow.change_status(item, FeedbackStatus.CLOSED_RESOLVED, rosa)
    workflow.change_status(item, FeedbackStatus.IN_REVIEW, rosa, note="Reabierto")
    workflow.change_status(item, FeedbackStatus.DISMISSED, rosa, note="Duplicado")
    assert [e.to_status for e in item.events][1:] == [
        FeedbackStatus.IN_REVIEW, FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED_RESOLVED,
        FeedbackStatus.IN_REVIEW, FeedbackStatus.DISMISSED,
    ]  # fmt: skip


def test_a_refused_transition_through_the_page_explains_itself(empty_app, office, signed_in):
    client = signed_in(office["rosa"])
    folio = office["treasury"].folio
    refused = client.post(f"/admin/buzon/{folio}/estado", data={"estado": "closed_resolved"})
    assert refused.status_code == 400
    assert "Elija un estado de la lista." in refused.get_data(as_text=True)
    no_reason = client.post(f"/admin/buzon/{folio}/estado", data={"estado": "dismissed"})
    assert no_reason.status_code == 400
    # The service's refusal is shown next to the reason's field, and nothing changed.
    error = page(no_reason).select_one("#nota-error")
    assert error and "Escriba el motivo para desechar." in error.get_text()
    assert page(no_reason).select_one("#nota")["aria-invalid"] == "true"
    db.session.refresh(office["treasury"])
    assert office["treasury"].status is FeedbackStatus.RECEIVED
    assert [e.kind for e in office["treasury"].events] == [EventKind.CREATED]
    assert not db.session.scalar(select(AuditLog).filter_by(action="feedback.status_changed"))


def test_answering_through_the_page_measures_working_days_and_audits(empty_app, office, signed_in):
    client = signed_in(office["rosa"])
    item = office["treasury"]
    client.get(f"/admin/buzon/{item.folio}")
    response = client.post(f"/admin/buzon/{item.folio}/respuesta", data={"respuesta": "Gracias."})
    assert response.status_code == 303
    db.session.refresh(item)
    # Answered the day it arrived: no working day, unless that day is not a working day (an
    # answer then counts from the next working day).
    same_day = 0 if WorkingCalendar.load().is_working_day(item.received_on) else 1
    assert item.status is FeedbackStatus.ANSWERED and item.response_days == same_day
    about_item = (AuditLog.target == "Feedback", AuditLog.target_id == str(item.id))
    actions = list(db.session.scalars(select(AuditLog.action).where(*about_item)))
    assert actions == ["feedback.viewed", "feedback.answered"]


def test_a_refused_action_shows_the_item_and_puts_the_reading_on_record(
    empty_app, office, signed_in
):
    client = signed_in(office["rosa"])
    item = office["treasury"]
    refused = client.post(f"/admin/buzon/{item.folio}/nota", data={"nota_interna": ""})
    assert refused.status_code == 400 and item.folio in refused.get_data(as_text=True)
    about_item = (AuditLog.target == "Feedback", AuditLog.target_id == str(item.id))
    actions = list(db.session.scalars(select(AuditLog.action).where(*about_item)))
    assert actions == ["feedback.viewed"]


def test_on_postgresql_a_view_is_on_record_in_one_statement_of_its_own(
    empty_app, office, signed_in
):
    """The view's row is written in autocommit, one statement that is a whole transaction (no
    ``BEGIN``, no option set apart, no ``COMMIT``), committed for every other connection, and
    the disk setting it asked for ends with it."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the view's statement of its own is PostgreSQL's (set TEST_DATABASE_URL)")
    client = signed_in(office["rosa"])
    item = office["treasury"]
    used = []

    def writer(_connection, cursor, statement, *_args):
        if "audit_log" in statement:
            used.append(cursor.connection)

    event.listen(db.engine, "after_cursor_execute", writer)
    try:
        with statuses(empty_app) as seen:
            assert client.get(f"/admin/buzon/{item.folio}").status_code == 200
    finally:
        event.remove(db.engine, "after_cursor_execute", writer)
    writes = [sql for _status, sql in seen if not sql.lstrip().upper().startswith("SELECT")]
    assert len(writes) == 1 and writes[0].startswith("INSERT INTO audit_log")
    assert {status for status, _sql in seen} == {"IDLE"}  # nothing ever left open
    with db.engine.connect() as other:
        rows = other.execute(
            select(AuditLog.action, AuditLog.user_id, AuditLog.ip).where(
                AuditLog.target == "Feedback", AuditLog.target_id == str(item.id)
            )
        ).all()
    assert rows == [("feedback.viewed", office["rosa"].id, "127.0.0.1")]
    # The worker's connection waits for the disk again for whatever it writes next.
    (connection,) = used
    assert connection.execute("SHOW synchronous_commit").fetchone() == ("on",)
    connection.rollback()


def test_a_view_after_a_write_is_on_record_with_that_write(empty_app, office):
    """A view recorded in a transaction that already wrote joins it: kept by its commit, gone
    with its rollback (never a row of its own beside a change undone)."""
    item, rosa = office["treasury"], office["rosa"]
    about_item = (AuditLog.target == "Feedback", AuditLog.target_id == str(item.id))
    item.institutional_impact = True
    db.session.flush()
    audit_reading("feedback.viewed", rosa, item, ip="10.0.0.1")
    db.session.rollback()
    assert db.session.scalars(select(AuditLog.action).where(*about_item)).all() == []
    item = db.session.get(Feedback, item.id)
    item.institutional_impact = True
    db.session.flush()
    audit_reading("feedback.viewed", rosa, item, ip="10.0.0.1")
    db.session.commit()
    assert db.session.scalars(select(AuditLog.action).where(*about_item)).all() == [
        "feedback.viewed"
    ]


def test_an_item_changed_meanwhile_keeps_what_was_typed(empty_app, office, signed_in):
    client = signed_in(office["rosa"])
    item = office["treasury"]
    # Someone else answers first, while this person still has the page open.
    workflow.answer(item, "Primera respuesta.", office["coco"])
    answer = client.post(
        f"/admin/buzon/{item.folio}/respuesta", data={"respuesta": "Mi respuesta cuidadosa."}
    )
    assert answer.status_code == 409
    assert page(answer).select_one("#respuesta").get_text().strip() == "Mi respuesta cuidadosa."
    assert "el folio pasó a «Respondida»" in page(answer).select_one("#respuesta-error").get_text()
    question = client.post(f"/admin/buzon/{item.folio}/informacion", data={"pregunta": "¿Cuándo?"})
    assert question.status_code == 409
    assert page(question).select_one("#pregunta").get_text().strip() == "¿Cuándo?"
    assert "Ya no se puede pedir información" in page(question).select_one(".error-summary").text
    # A complaint is not (or no longer) a claim about a commitment: no remedy to record.
    remedy = client.post(
        f"/admin/buzon/{item.folio}/compensacion",
        data={"incumplimiento": "si", "medida": "Disculpa por escrito."},
    )
    assert remedy.status_code == 409
    assert page(remedy).select_one("#medida").get_text().strip() == "Disculpa por escrito."
    assert (
        "Ya no se puede registrar un incumplimiento"
        in page(remedy).select_one("#medida-error").text
    )
    db.session.refresh(item)
    assert [e.kind for e in item.events] == [EventKind.CREATED, EventKind.ANSWERED]
    assert item.breach_confirmed is None


def test_notes_stay_internal(empty_app, office, signed_in):
    client = signed_in(office["rosa"])
    item = office["treasury"]
    client.post(f"/admin/buzon/{item.folio}/nota", data={"nota_interna": "Llamar al jefe"})
    assert "Llamar al jefe" in client.get(f"/admin/buzon/{item.folio}").get_data(as_text=True)
    assert item.events[-1].kind is EventKind.NOTE and not item.events[-1].public


def test_assignment_to_a_person_and_the_impact_flag(empty_app, office, signed_in):
    client = signed_in(office["coco"])
    item = office["treasury"]
    response = client.post(
        f"/admin/buzon/{item.folio}/asignacion",
        data={"dependencia_asignada": str(item.dependency_id), "persona": str(office["rosa"].id)},
    )
    assert response.status_code == 303
    client.post(
        f"/admin/buzon/{item.folio}/impacto",
        data={"impacto_motivo": "Varias quejas", "marcar": "si"},
    )
    db.session.refresh(item)
    assert item.assignee == office["rosa"] and item.institutional_impact
    flagged = signed_in(office["rosa"]).get("/admin/buzon?impacto=y").get_data(as_text=True)
    assert item.folio in flagged
    outsider = client.post(
        f"/admin/buzon/{item.folio}/asignacion",
        data={"dependencia_asignada": "99999", "persona": ""},
    )
    assert outsider.status_code == 400


def test_assignments_and_templates_stay_within_the_persons_scope(empty_app, office):
    """The rule is the service's, whatever a form offered."""
    item, rosa, water = office["treasury"], office["rosa"], office["water"].dependency
    refusals = {
        "dependencia_asignada": lambda: workflow.assign(item, water, None, rosa),
        "persona": lambda: workflow.assign(item, item.dependency, office["omar"], rosa),
        "dependencia": lambda: response_templates.save(None, water.id, "T", "x", rosa, ip=None),
    }
    for field, change in refusals.items():
        with pytest.raises(RuleError) as refused:
            change()
        assert list(refused.value.problems) == [field]
    db.session.rollback()
    assert item.assignee is None and [e.kind for e in item.events] == [EventKind.CREATED]
    assert db.session.scalar(select(AuditLog).filter(AuditLog.action != "user.created")) is None


def test_an_item_goes_only_to_someone_who_can_open_it_and_act_on_it(empty_app, office, signed_in):
    """Omar answers the water agency's items and Vera only reads: neither can take one of the
    treasury (before, the assignment was saved and the item answered 404 for its assignee)."""
    client = signed_in(office["coco"])
    item = office["treasury"]
    not_theirs = "Esa persona no atiende los mensajes de esa dependencia"
    for person, message in ((office["omar"], not_theirs), (office["vera"], "Elija una persona")):
        refused = client.post(
            f"/admin/buzon/{item.folio}/asignacion",
            data={"dependencia_asignada": str(item.dependency_id), "persona": str(person.id)},
        )
        assert refused.status_code == 400
        assert message in refused.text
    # The rule is the service's, whatever a form offered.
    with pytest.raises(RuleError):
        workflow.assign(item, item.dependency, office["vera"], office["coco"])
    db.session.rollback()
    db.session.refresh(item)
    assert item.assignee is None and [e.kind for e in item.events] == [EventKind.CREATED]
    # The search offers those who act on items only.
    found = page(client.get(f"/admin/buzon/{item.folio}?asignar=Vera"))
    assert "Vera" not in found.select_one("form[action$='/asignacion']").get_text()


def test_the_inbox_filters_and_marks_overdue_items_in_words(empty_app, office, signed_in):
    old = submit(office["treasury"].service)
    old.received_on, old.due_on = date(2026, 1, 5), date(2026, 1, 19)
    db.session.commit()
    client = signed_in(office["rosa"])
    overdue = page(client.get("/admin/buzon?plazo=overdue"))
    rows = overdue.select("table.inbox tbody tr")
    assert [r.th.a.text for r in rows] == [old.folio]
    assert "Vencido hace" in rows[0].get_text()
    assert client.get("/admin/buzon?estado=zzz").status_code == 400


def test_admin_forms_need_a_signed_in_person(empty_app, office):
    client = empty_app.test_client()
    response = client.post(
        f"/admin/buzon/{office['treasury'].folio}/nota", data={"nota_interna": "x"}
    )
    assert response.status_code == 302
    assert office["treasury"].events[-1].kind is EventKind.CREATED


def test_registering_a_phone_call_received_days_ago(empty_app, office, signed_in):
    client = signed_in(office["rosa"])
    service = office["treasury"].service
    form = page(client.get("/admin/buzon/registrar"))
    assert form.select_one("#canal option[value=web]") is None
    # Staff type the caller's data: their browser must not fill in their own.
    for name in ("nombre", "correo", "telefono"):
        assert form.select_one(f"#{name}")["autocomplete"] == "off"
    response = client.post(
        "/admin/buzon/registrar",
        data={"canal": "telefono", "recibido": "2026-11-13", "tipo": "queja",
              "servicio": service.slug, "descripcion": "Llamó por una fila larga", "idioma": "es"},
    )  # fmt: skip
    assert response.status_code == 303
    item = db.session.scalars(select(Feedback).order_by(Feedback.id.desc())).first()
    assert item.channel.value == "telefono" and item.received_on == date(2026, 11, 13)
    assert item.due_on == date(2026, 11, 30)  # from the day it was received, not from today
    created = item.events[0]  # who registered it, not the caller, in its history
    assert (created.kind, created.actor, created.user) == (
        EventKind.CREATED, "staff", office["rosa"]
    )  # fmt: skip
    shown = page(client.get(response.headers["Location"]))
    assert shown.select_one(".code-display")  # once, to read out to the caller
    assert not page(client.get(response.headers["Location"])).select_one(".code-display")
    workflow.answer(item, "Atendido.", office["rosa"], now=datetime(2026, 11, 19, 18))
    assert item.response_days == 3
    future = client.post("/admin/buzon/registrar", data={"recibido": "2999-01-01"})
    assert future.status_code == 400
    assert "La fecha no puede ser posterior a hoy." in future.get_data(as_text=True)
    # A year's typo would make it overdue by centuries, first in every list.
    for typo, message in (
        ("0001-01-01", "Escriba una fecha de 1900 a 2999."),
        ("1926-11-13", "no puede ser de hace más de un año"),
        ((local_today() - timedelta(days=400)).isoformat(), "no puede ser de hace más de un año"),
    ):
        old = client.post("/admin/buzon/registrar", data={"recibido": typo})
        assert old.status_code == 400, typo
        assert message in old.get_data(as_text=True), typo


def test_an_item_registered_today_is_received_now_not_at_noon(
    empty_app, office, signed_in, monkeypatch
):
    """Registered at 8:00, answered at 8:10: its history starts when it was registered (noon
    would be after the answer, and a time to come)."""
    from app.core import clock

    moment = {"utc": datetime(2026, 11, 24, 14, 0)}  # 8:00 in Mexico City

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return moment["utc"].replace(tzinfo=UTC).astimezone(tz) if tz else moment["utc"]

    monkeypatch.setattr(clock, "datetime", Frozen)
    client = signed_in(office["rosa"])
    response = client.post(
        "/admin/buzon/registrar",
        data={"canal": "telefono", "recibido": "2026-11-24", "tipo": "queja",
              "servicio": office["treasury"].service.slug, "descripcion": "Llamó hoy",
              "idioma": "es"},
    )  # fmt: skip
    assert response.status_code == 303
    item = db.session.scalars(select(Feedback).order_by(Feedback.id.desc())).first()
    assert item.received_at == moment["utc"] and item.received_on == date(2026, 11, 24)
    moment["utc"] += timedelta(minutes=10)
    workflow.answer(item, "Atendido.", office["rosa"])
    assert [e.at for e in item.events] == sorted(e.at for e in item.events)


def test_registering_keeps_when_and_where_it_happened(empty_app, office, signed_in):
    client = signed_in(office["rosa"])
    sent = {"canal": "presencial", "recibido": "2026-11-13", "tipo": "queja",
            "servicio": office["treasury"].service.slug, "descripcion": "Una fila larga",
            "idioma": "es", "fecha": "2026-11-12", "lugar": "Ventanilla 3, palacio municipal",
            "latitud": "19.2925", "longitud": "-99.6569"}  # fmt: skip
    form = page(client.get("/admin/buzon/registrar"))
    assert form.select_one("#lugar") and form.select_one("fieldset.coordinates #latitud")
    # One coordinate alone is explained, and everything typed stays in the form.
    half = client.post("/admin/buzon/registrar", data={**sent, "longitud": ""})
    assert half.status_code == 400
    shown = page(half)
    assert "Escriba también la longitud, o borre la latitud." in shown.text
    assert shown.select_one("#lugar")["value"] == "Ventanilla 3, palacio municipal"
    assert shown.select_one("#latitud")["value"] == "19.2925"
    assert client.post("/admin/buzon/registrar", data=sent).status_code == 303
    item = db.session.scalars(select(Feedback).order_by(Feedback.id.desc())).first()
    assert item.incident_date == date(2026, 11, 12)
    assert item.incident_place == "Ventanilla 3, palacio municipal"
    assert item.incident_coordinates == (Decimal("19.2925"), Decimal("-99.6569"))


def test_registering_is_scoped(empty_app, office, signed_in):
    client = signed_in(office["omar"])
    response = client.post(
        "/admin/buzon/registrar",
        data={"canal": "telefono", "recibido": "2026-11-13", "tipo": "queja",
              "servicio": office["treasury"].service.slug, "descripcion": "x", "idioma": "es"},
    )  # fmt: skip
    assert response.status_code == 404


def test_staff_feedback_pages_are_valid_html(empty_app, office, tmp_path, signed_in):
    from tests.conftest import Page
    from tests.test_html_validation import vnu_errors

    client = signed_in(office["rosa"])
    folio = office["treasury"].folio
    pages = {}
    for path in ("/admin/buzon", "/admin/buzon?plazo=overdue", f"/admin/buzon/{folio}",
                 "/admin/buzon/registrar", "/admin/buzon/plantillas"):  # fmt: skip
        response = client.get(path)
        Page(response).check_structure()
        pages[path] = response.data
    pages["errors"] = client.post(f"/admin/buzon/{folio}/estado", data={"estado": "dismissed"}).data
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


def test_items_in_nahuatl_go_to_someone_who_speaks_it_or_ask_for_an_interpreter(
    empty_app, office, signed_in
):
    service = office["treasury"].service
    # A viewer or a translator who speaks it cannot answer it: not theirs.
    for role in (Role.VIEWER, Role.TRANSLATOR):
        create_user(
            f"{role.value}-nah@example.org", "Citlali", role, PASSWORD, service.dependency,
            ["es", "nah"], ["nah"] if role is Role.TRANSLATOR else (),
        )  # fmt: skip
    nobody = submit(service, language="nah")
    assert nobody.assignee is None and nobody.needs_interpreter
    speaker = create_user(
        "nahua@example.org", "Xochitl", Role.RESPONDER, PASSWORD, service.dependency, ["es", "nah"]
    )
    routed = submit(service, language="nah")
    assert routed.assignee == speaker and not routed.needs_interpreter
    inbox = page(signed_in(office["rosa"]).get("/admin/buzon"))
    row = next(r for r in inbox.select("table.inbox tbody tr") if nobody.folio in r.get_text())
    assert "Necesita intérprete" in row.get_text()
    assert not submit(service).needs_interpreter  # Spanish


def test_the_inbox_filters_by_service(empty_app, office, signed_in):
    other = submit(make_service("Licencia de funcionamiento", office["treasury"].dependency))
    client = signed_in(office["rosa"])
    listed = page(client.get(f"/admin/buzon?servicio={other.service_id}"))
    assert [r.th.a.text for r in listed.select("table.inbox tbody tr")] == [other.folio]
    outside = client.get(f"/admin/buzon?servicio={office['water'].service_id}")
    assert outside.status_code == 400  # not a service of this person's dependencies


def test_the_daily_digest_lists_overdue_and_soon_due_items_per_person(empty_app, office):
    from app.outbox.models import OutboxMessage

    late = office["treasury"]
    late.received_on, late.due_on = date(2026, 1, 5), date(2026, 1, 19)
    db.session.commit()
    result = empty_app.test_cli_runner().invoke(args=["outbox", "digest"])
    assert result.exit_code == 0, result.output
    digests = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    rosa = digests["rosa@example.org"]
    assert late.folio in rosa.body and "Vencidos:" in rosa.body
    assert office["water"].folio not in rosa.body
    assert "/admin/buzon" in rosa.body
    assert "coco@example.org" in digests  # the coordinator sees every unassigned item


def test_the_daily_digest_leaves_out_compliments_as_the_inbox_does(empty_app, office):
    from app.outbox.models import OutboxMessage

    old = submit(office["treasury"].service, type=FeedbackType.COMPLIMENT, text="Muy amables.")
    old.received_on, old.due_on = date(2026, 1, 5), date(2026, 1, 19)
    late = office["treasury"]
    late.received_on, late.due_on = date(2026, 1, 5), date(2026, 1, 19)
    db.session.commit()
    worklist.queue_digests(local_today())
    db.session.commit()
    rosa = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "rosa@example.org")
    )
    # Deadlines do not apply to compliments: the subject counts the one item the body lists.
    assert rosa.subject.startswith("1 ") and late.folio in rosa.body
    assert old.folio not in rosa.body
    late.status = FeedbackStatus.ANSWERED
    db.session.commit()
    db.session.execute(delete(OutboxMessage))
    worklist.queue_digests(local_today())
    assert not db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "rosa@example.org")
    )  # a compliment alone: no e-mail with nothing in it


def test_answer_templates_per_dependency(empty_app, office, signed_in):
    from app.feedback.models import ResponseTemplate

    treasury = office["treasury"].dependency
    client = signed_in(Role.MANAGER, treasury)
    missing = client.post("/admin/buzon/plantillas/nueva", data={"dependencia": "", "titulo": ""})
    assert missing.status_code == 400 and "Escriba un título." in missing.get_data(as_text=True)
    created = client.post(
        "/admin/buzon/plantillas/nueva",
        data={"dependencia": str(treasury.id), "titulo": "Disculpa por demora",
              "texto": "Lamentamos la espera; reforzamos la ventanilla."},
    )  # fmt: skip
    assert created.status_code == 303
    template = db.session.scalar(select(ResponseTemplate))
    assert template.title == "Disculpa por demora"

    responder = signed_in(office["rosa"])
    item_page = page(
        responder.get(f"/admin/buzon/{office['treasury'].folio}?plantilla={template.id}")
    )
    assert "reforzamos la ventanilla" in item_page.select_one("#respuesta").get_text()
    # A number no database holds names no template: the page starts from an empty answer.
    huge = responder.get(f"/admin/buzon/{office['treasury'].folio}?plantilla={'9' * 20}")
    assert huge.status_code == 200 and not page(huge).select_one("#respuesta").get_text().strip()
    assert responder.post(f"/admin/buzon/plantillas/{template.id}", data={}).status_code == 403

    outsider = signed_in(office["omar"])
    assert outsider.get(f"/admin/buzon/plantillas/{template.id}").status_code == 403
    water = office["water"].folio
    # Another dependency's template is as good as none: the item's page, without its text.
    foreign = outsider.get(f"/admin/buzon/{water}?plantilla={template.id}")
    assert foreign.status_code == 200
    assert "reforzamos la ventanilla" not in foreign.get_data(as_text=True)
    assert "Esa plantilla ya no existe" in foreign.get_data(as_text=True)
    assert "Disculpa por demora" not in outsider.get("/admin/buzon/plantillas").get_data(
        as_text=True
    )

    deleted = client.post(f"/admin/buzon/plantillas/{template.id}/borrar")
    assert deleted.status_code == 303 and db.session.scalar(select(ResponseTemplate)) is None
    # A link to a template deleted since the page showed it still opens the item.
    gone = responder.get(f"/admin/buzon/{office['treasury'].folio}?plantilla={template.id}")
    assert gone.status_code == 200 and "Esa plantilla ya no existe" in gone.get_data(as_text=True)
    actions = list(
        db.session.scalars(select(AuditLog.action).where(AuditLog.target == "ResponseTemplate"))
    )
    assert actions == ["response_template.saved", "response_template.deleted"]


def test_response_times_are_reported_per_language(empty_app, office, signed_in):
    service = office["treasury"].service
    spanish, nahuatl = submit(service), submit(service, language="nah")
    workflow.answer(spanish, "Listo.", office["rosa"], now=datetime(2099, 1, 1, 18))
    workflow.answer(nahuatl, "Yeka.", office["rosa"], now=datetime(2099, 1, 1, 18))
    rows = {language: (count, mean) for language, count, mean in
            worklist.response_times_by_language({service.dependency_id})}  # fmt: skip
    assert rows["es"][0] == 1 and rows["nah"][0] == 1
    assert rows["nah"][1] == nahuatl.response_days > 0
    table = page(signed_in(office["rosa"]).get("/admin/buzon")).find(
        "h2", string="Tiempo de respuesta por idioma"
    )
    assert table is not None
    # Languages by their names, as every list of languages shows them, never their codes.
    heads = [th.get_text(strip=True) for th in table.find_next("table").select("tbody th")]
    assert sorted(heads) == ["Español", "Náhuatl"]
    item = page(signed_in(office["rosa"]).get(f"/admin/buzon/{nahuatl.folio}"))
    said = (
        item.find("dt", string="Idioma de la respuesta").find_next("dd").get_text(" ", strip=True)
    )
    assert said.startswith("Náhuatl")
    assert worklist.response_times_by_language({office["water"].dependency_id}) == []


def move(item, target, by):
    """Move an item with the operation the workflow has for the target status."""
    if target is FeedbackStatus.ANSWERED:
        workflow.answer(item, "Respuesta.", by)
    elif target is FeedbackStatus.WAITING:
        workflow.request_information(item, "¿Dónde?", by)
    else:
        workflow.change_status(item, target, by, note="Motivo")


@pytest.mark.parametrize("start", list(FeedbackStatus))
def test_every_pair_of_statuses_is_allowed_or_refused(empty_app, office, start):
    rosa, service = office["rosa"], office["treasury"].service
    for target in FeedbackStatus:
        item = submit(service)
        item.status = start
        db.session.commit()
        if target in workflow.TRANSITIONS[start]:
            move(item, target, rosa)
            assert item.status is target and item.events[-1].from_status is start, target
        else:
            with pytest.raises(workflow.TransitionError):
                move(item, target, rosa)
            assert item.status is start, target


def test_each_action_writes_its_audit_row(empty_app, office, signed_in):
    client = signed_in(office["coco"])
    item = office["treasury"]
    folio = item.folio
    client.post(f"/admin/buzon/{folio}/nota", data={"nota_interna": "Revisar"})
    client.post(f"/admin/buzon/{folio}/asignacion",
                data={"dependencia_asignada": str(item.dependency_id), "persona": ""})  # fmt: skip
    client.post(
        f"/admin/buzon/{folio}/impacto", data={"impacto_motivo": "Reincidente", "marcar": "si"}
    )
    client.post(f"/admin/buzon/{folio}/informacion", data={"pregunta": "¿Qué día?"})
    client.post(f"/admin/buzon/{folio}/estado", data={"estado": "in_review"})
    client.post(f"/admin/buzon/{folio}/respuesta", data={"respuesta": "Atendido."})
    rows = db.session.scalars(
        select(AuditLog)
        .where(AuditLog.target == "Feedback", AuditLog.target_id == str(item.id))
        .order_by(AuditLog.id)
    ).all()
    assert [r.action for r in rows] == [
        "feedback.note_added", "feedback.assigned", "feedback.impact_flagged",
        "feedback.information_requested", "feedback.status_changed", "feedback.answered",
    ]  # fmt: skip
    assert all(r.user == office["coco"] and r.ip == "127.0.0.1" for r in rows)
    assert "Revisar" not in str([r.detail for r in rows])  # no citizen or note text in the log
