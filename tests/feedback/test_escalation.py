"""Overdue items escalated (events, inbox flags, e-mails, never twice), and an inbox that shows
the work to do first, with times in the institution's time zone."""

import uuid
from datetime import date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.core.clock import local_today
from app.extensions import db
from app.feedback.models import EventKind, FeedbackStatus, FeedbackType
from app.feedback.services import submission, workflow, worklist
from app.outbox.models import OutboxMessage
from app.staff.models import AuditLog, Role
from tests.factories import make_dependency, make_service, make_user

FRIDAY = date(2026, 12, 4)
NOW = datetime(2026, 12, 4, 14, 0)


def submit(service=None, due_on=None, **fields):
    values = dict(
        type=FeedbackType.COMPLAINT,
        text="Nadie me atendió.",
        submission_key=uuid.uuid4().hex,
        language="es",
        consent=True,
        service=service,
    )
    feedback, _code = submission.submit(submission.Submission(**{**values, **fields}))
    if due_on is not None:
        feedback.received_on, feedback.due_on = due_on - timedelta(days=14), due_on
        db.session.commit()
    return feedback


@pytest.fixture
def office(empty_app):
    treasury, water = make_dependency("Tesorería"), make_dependency("Agua")
    db.session.commit()
    return {
        "treasury": treasury,
        "service": make_service("Pago del predial", treasury),
        "manager": make_user(Role.MANAGER, treasury, email="gerente@example.org"),
        "water_manager": make_user(Role.MANAGER, water, email="agua@example.org"),
        "responder": make_user(Role.RESPONDER, treasury, email="rosa@example.org"),
        "coordinator": make_user(Role.COORDINATOR, email="coordina@example.org"),
    }


def mail_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).filter_by(recipient=address)))


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_an_overdue_item_goes_to_the_managers_then_to_the_coordinators_once_each(office):
    # Due on Wednesday 2 December: on Friday it is 2 working days late.
    item = submit(office["service"], due_on=date(2026, 12, 2))
    on_time = submit(office["service"], due_on=date(2026, 12, 10))
    assert worklist.escalate_overdue(FRIDAY, NOW) == 1
    db.session.commit()
    assert item.escalation_level == 1 and on_time.escalation_level == 0
    [message] = mail_to("gerente@example.org")
    assert item.folio in message.body and on_time.folio not in message.body
    assert mail_to("coordina@example.org") == mail_to("agua@example.org") == []
    assert mail_to("rosa@example.org") == []
    # The same day again: nobody hears twice.
    assert worklist.escalate_overdue(FRIDAY, NOW) == 0
    db.session.commit()
    assert len(mail_to("gerente@example.org")) == 1
    # Tuesday 8 December: 4 working days late, past FEEDBACK_ESCALATE_COORDINATORS_DAYS (3).
    assert worklist.escalate_overdue(date(2026, 12, 8), NOW) == 1
    db.session.commit()
    assert item.escalation_level == 2
    assert len(mail_to("gerente@example.org")) == 1
    [to_coordinator] = mail_to("coordina@example.org")
    assert item.folio in to_coordinator.body
    assert worklist.escalate_overdue(date(2026, 12, 9), NOW) == 0
    events = [e for e in item.events if e.kind is EventKind.ESCALATED]
    assert [(e.actor, e.public) for e in events] == [("system", True), ("system", True)]
    audits = db.session.scalars(select(AuditLog).filter_by(action="feedback.escalated")).all()
    assert [a.detail["level"] for a in audits] == [1, 2]


def test_an_item_nobody_manages_goes_to_the_coordinators_at_once(office):
    item = submit(None, due_on=date(2026, 12, 2))
    assert worklist.escalate_overdue(FRIDAY, NOW) == 1
    db.session.commit()
    assert item.escalation_level == 2
    assert len(mail_to("coordina@example.org")) == 1


def test_answered_items_and_clocks_stopped_in_time_are_not_escalated(office):
    answered = submit(office["service"], due_on=date(2026, 12, 2))
    workflow.answer(answered, "Listo.", None)
    # Information asked for before the due date stops the clock: nothing is late.
    waiting = submit(office["service"], due_on=date(2026, 12, 10))
    workflow.request_information(waiting, "¿Qué día fue?", None, NOW)
    assert worklist.escalate_overdue(date(2026, 12, 14), NOW) == 0


def test_asking_for_information_after_the_due_date_does_not_stop_the_escalation(office):
    # Late stays late: the question came when the clock had already run out.
    late = submit(office["service"], due_on=date(2026, 12, 2))
    workflow.request_information(late, "¿Qué día fue?", None, NOW)
    assert worklist.escalate_overdue(FRIDAY, NOW) == 1
    db.session.commit()
    assert late.escalation_level == 1


def test_the_daily_command_escalates_and_can_run_again(office, empty_app):
    item = submit(office["service"], due_on=local_today() - timedelta(days=1))
    runner = empty_app.test_cli_runner()
    first = runner.invoke(args=["feedback", "escalate"])
    assert first.exit_code == 0 and "1 overdue items escalated." in first.output
    again = runner.invoke(args=["feedback", "escalate"])
    assert "0 overdue items escalated." in again.output
    db.session.refresh(item)
    assert item.escalation_level >= 1
    assert len(mail_to("gerente@example.org")) == 1


def test_the_inbox_flags_escalated_items_and_the_citizen_history_tells(office, signed_in):
    item = submit(office["service"], due_on=local_today() - timedelta(days=1))
    worklist.escalate_overdue(local_today(), NOW)
    db.session.commit()
    client = signed_in(office["manager"])
    row = page(client.get("/admin/buzon")).find("a", string=item.folio).find_parent("tr")
    assert "Escalado a los responsables" in row.get_text()
    history = page(client.get(f"/admin/buzon/{item.folio}")).select_one(".history").get_text()
    assert "El sistema" in history and "avisamos a los responsables" in history
    assert "Se avisó a los responsables de la dependencia." in history
    # In English for a person whose pages are in English: the system's sentence, translated.
    office["manager"].ui_language = "en"
    db.session.commit()
    english = page(client.get(f"/admin/buzon/{item.folio}")).select_one(".history").get_text()
    assert "Se avisó" not in english and "The managers of the dependency were told." in english


def test_the_inbox_shows_open_items_overdue_first_and_closed_ones_behind_a_filter(
    office, signed_in
):
    today = local_today()
    later = submit(office["service"], due_on=today + timedelta(days=9))
    overdue = submit(office["service"], due_on=today - timedelta(days=5))
    waiting = submit(office["service"])
    workflow.request_information(waiting, "¿Qué día fue?", None, NOW)
    closed = submit(office["service"], due_on=today - timedelta(days=20))
    workflow.answer(closed, "Listo.", None)
    client = signed_in(office["manager"])

    def folios(url):
        return [row.th.a.text for row in page(client.get(url)).select("table.inbox tbody tr")]

    assert folios("/admin/buzon") == [overdue.folio, later.folio, waiting.folio]
    assert folios("/admin/buzon?estado=cerrados") == [closed.folio]
    assert set(folios("/admin/buzon?estado=todos")) == {
        overdue.folio,
        later.folio,
        waiting.folio,
        closed.folio,
    }
    assert folios("/admin/buzon?estado=answered") == [closed.folio]
    assert closed.status is FeedbackStatus.ANSWERED


def test_staff_read_times_in_the_institutions_time_zone_with_its_name(office, signed_in):
    item = submit(office["service"])
    # 18:05 UTC is 12:05 in Mexico City.
    noon = datetime(2026, 12, 4, 18, 5)
    workflow.add_note(item, "Llamé a la persona.", office["manager"], now=noon)
    history = page(signed_in(office["manager"]).get(f"/admin/buzon/{item.folio}"))
    # The note's own entry: the others are stamped with the time the test runs.
    note = next(
        entry
        for entry in history.select(".history .timeline-entry")
        if "Llamé a la persona." in entry.get_text()
    )
    text = note.select_one("time").get_text(" ")
    assert "12:05" in text and "18:05" not in text and "6:05" not in text
    assert "hora central, America/Mexico_City" in history.get_text(" ")


def test_the_inbox_marks_items_the_citizen_reopened(office, signed_in):
    item = submit(office["service"])
    workflow.answer(item, "Listo.", None)
    workflow.reopen(item, "No se resolvió.")
    client = signed_in(office["manager"])
    row = page(client.get("/admin/buzon")).find("a", string=item.folio).find_parent("tr")
    assert "Reabierta por la persona" in row.get_text()


def test_the_audit_log_names_the_time_zone(office, signed_in):
    header = page(signed_in(Role.ADMIN).get("/admin/bitacora")).find("th").get_text()
    assert header == "Fecha y hora (hora central, America/Mexico_City)"


def test_without_a_channel_set_the_overdue_page_names_the_internal_control_body(office, empty_app):
    feedback, code = submission.submit(
        submission.Submission(
            type=FeedbackType.CLAIM,
            text="No me dieron la cita.",
            submission_key=uuid.uuid4().hex,
            language="es",
            consent=True,
        )
    )
    feedback.due_on = local_today() - timedelta(days=1)
    feedback.received_on = feedback.due_on - timedelta(days=14)
    db.session.commit()
    client = empty_app.test_client()
    client.post("/es/buzon/seguimiento", data={"folio": feedback.folio, "codigo": code})
    text = page(client.get(f"/es/buzon/seguimiento/{feedback.folio}")).get_text(" ")
    assert "su mensaje está vencido" in text
    assert "el órgano interno de control (contraloría) de la institución." in text


def test_a_compliment_past_its_date_is_never_overdue_nor_escalated(office, signed_in):
    """No deadline figure counts a compliment (``workflow.is_late``): the inbox's overdue
    items, its marks, the escalation and the citizen's tracking page agree."""
    compliment = submit(office["service"], due_on=date(2026, 12, 2), type=FeedbackType.COMPLIMENT)
    complaint = submit(office["service"], due_on=date(2026, 12, 2))
    assert not workflow.is_overdue(compliment, FRIDAY) and workflow.is_overdue(complaint, FRIDAY)
    assert worklist.escalate_overdue(FRIDAY, NOW) == 1
    db.session.commit()
    assert compliment.escalation_level == 0 and complaint.escalation_level == 1
    client = signed_in(office["manager"])
    overdue = page(client.get("/admin/buzon?plazo=overdue"))
    assert complaint.folio in overdue.get_text() and compliment.folio not in overdue.get_text()
    listed = page(client.get("/admin/buzon"))
    row = next(r for r in listed.select("tbody tr") if compliment.folio in r.get_text())
    assert "overdue" not in (row.get("class") or []) and "Vencido" not in row.get_text()


def test_the_inbox_finds_a_folio_as_dictated(office, signed_in):
    item = submit(office["service"])
    client = signed_in(office["manager"])
    digits = item.folio.replace("-", "")
    for typed in (item.folio, digits, item.folio.lower().replace("-", " ")):
        found = page(client.get("/admin/buzon", query_string={"q": typed, "estado": "todos"}))
        assert item.folio in found.get_text(), typed
