"""Deadlines in working days, the stopped clock, answers, ratings and rate limits."""

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.catalog.models import Service
from app.core.calendar import NonWorkingDay, NonWorkingPeriod
from app.extensions import db
from app.feedback.models import EventKind, Feedback, FeedbackStatus, FeedbackType
from app.feedback.services import submission, workflow
from app.outbox.models import OutboxMessage
from tests.conftest import SERVER_URL, make_app
from tests.factories import make_user
from tests.feedback.conftest import errors, soup


def sent(**fields):
    import uuid

    values = dict(
        type=FeedbackType.COMPLAINT,
        text="La oficina estaba cerrada.",
        submission_key=uuid.uuid4().hex,
        language="es",
        consent=True,
    )
    return submission.Submission(**{**values, **fields})


# 15:00 in Mexico City is 21:00 UTC.
FRIDAY_BEFORE_REVOLUTION_DAY = datetime(2026, 11, 13, 21, 0)


def test_due_date_skips_the_weekend_and_a_monday_holiday(journey):
    feedback, _code = submission.submit(sent(), now=FRIDAY_BEFORE_REVOLUTION_DAY)
    assert feedback.received_on == date(2026, 11, 13)
    # 10 working days from Tuesday 17 November (Monday 16 is Revolution Day).
    assert feedback.due_on == date(2026, 11, 30)
    explanation = workflow.explain_deadline(feedback)
    assert (date(2026, 11, 16), "Día de la Revolución") in [
        (day, name) for day, name in explanation["skipped"]
    ]


def test_late_evening_in_mexico_city_is_still_the_same_day(journey):
    # 23:30 on Friday in Mexico City is already Saturday in UTC.
    feedback, _code = submission.submit(sent(), now=datetime(2026, 11, 14, 5, 30))
    assert feedback.received_on == date(2026, 11, 13)


def test_declared_non_working_days_move_the_deadline(journey):
    day = date(2026, 12, 2)
    db.session.add(NonWorkingPeriod.declare(day, day, {"es": "Aniversario"}))
    db.session.commit()
    try:
        feedback, _code = submission.submit(sent(), now=datetime(2026, 11, 30, 18))
        assert feedback.due_on == date(2026, 12, 15)  # 1–14 December less the 2nd: 10 days
    finally:
        db.session.execute(NonWorkingDay.__table__.delete())
        db.session.execute(NonWorkingPeriod.__table__.delete())
        db.session.commit()


def test_waiting_for_the_citizen_stops_the_clock_and_answering_restarts_it(journey):
    feedback, code = submission.submit(sent(), now=datetime(2026, 11, 2, 18))
    assert feedback.due_on == date(2026, 11, 17)  # 16 Nov is a holiday
    workflow.request_information(
        feedback, "¿En qué oficina ocurrió?", None, now=datetime(2026, 11, 4, 18)
    )
    assert feedback.status is FeedbackStatus.WAITING and feedback.due_on is None

    journey.track(feedback.folio, code)
    page = soup(journey.client.get(f"/es/buzon/seguimiento/{feedback.folio}"))
    assert "¿En qué oficina ocurrió?" in page.select_one(".callout").get_text()
    assert "El plazo está detenido" in page.get_text()

    response = journey.client.post(
        f"/es/buzon/seguimiento/{feedback.folio}/informacion",
        data={"respuesta": "En la de Catastro."},
    )
    assert response.status_code == 303
    db.session.refresh(feedback)
    assert feedback.status is FeedbackStatus.IN_REVIEW
    stopped = (feedback.events[-1].on - date(2026, 11, 4)).days
    assert feedback.due_on > date(2026, 11, 17) or stopped == 0
    kinds = [e.kind for e in feedback.events]
    assert kinds[-2:] == [EventKind.INFORMATION_REQUESTED, EventKind.INFORMATION_PROVIDED]


def test_pause_of_three_working_days_moves_the_due_date_by_three(journey):
    feedback, _code = submission.submit(sent(), now=datetime(2026, 11, 2, 18))
    workflow.request_information(feedback, "Dato", None, now=datetime(2026, 11, 4, 18))
    workflow.provide_information(feedback, "Aquí está", now=datetime(2026, 11, 9, 18))
    # Paused 5–9 November: Thursday, Friday, Monday = 3 working days.
    assert feedback.due_on == date(2026, 11, 20)
    assert workflow.explain_deadline(feedback)["pauses"] == [(date(2026, 11, 4), date(2026, 11, 9))]


def test_an_answer_measures_working_days_notifies_and_can_be_rated_once(journey):
    feedback, code = submission.submit(
        sent(contact_email="ana@example.com"), now=datetime(2026, 11, 13, 18)
    )
    workflow.answer(feedback, "Abrimos a tiempo desde hoy.", None, now=datetime(2026, 11, 19, 18))
    assert feedback.response_days == 3  # 17, 18, 19 November
    emails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.subject.contains(feedback.folio))
    ).all()
    assert len(emails) == 2 and "Respondimos" in emails[-1].subject

    journey.track(feedback.folio, code)
    page = soup(journey.client.get(f"/es/buzon/seguimiento/{feedback.folio}"))
    assert "Abrimos a tiempo desde hoy." in page.select_one(".response").get_text()
    bad = journey.client.post(f"/es/buzon/seguimiento/{feedback.folio}/calificacion", data={})
    assert bad.status_code == 400
    assert errors(bad) == ["Elija una calificación del 1 al 5."]
    # Its links to other languages lead to the item's page in them, not to the form's address.
    for link in soup(bad).select("nav.languages a"):
        assert link["href"].endswith(f"/buzon/seguimiento/{feedback.folio}")
        assert journey.client.get(link["href"]).status_code == 200
    rated = journey.client.post(
        f"/es/buzon/seguimiento/{feedback.folio}/calificacion", data={"calificacion": "4"}
    )
    assert rated.status_code == 303
    db.session.refresh(feedback)
    assert feedback.citizen_rating == 4 and feedback.events[-1].kind is EventKind.RATED
    twice = journey.client.post(  # a double tap: the same rating again
        f"/es/buzon/seguimiento/{feedback.folio}/calificacion", data={"calificacion": "4"}
    )
    assert twice.status_code == 303
    assert twice.headers["Location"].endswith(f"/buzon/seguimiento/{feedback.folio}")
    db.session.refresh(feedback)
    assert [e.kind for e in feedback.events].count(EventKind.RATED) == 1
    again = journey.client.post(
        f"/es/buzon/seguimiento/{feedback.folio}/calificacion", data={"calificacion": "1"}
    )
    assert again.status_code == 409


def test_a_dismissal_is_told_to_the_citizen_like_an_answer(journey):
    """A final decision: the citizen who left an address hears of it and reads the reason."""
    feedback, code = submission.submit(
        sent(contact_email="ana@example.com"), now=datetime(2026, 11, 13, 18)
    )
    workflow.change_status(
        feedback, FeedbackStatus.DISMISSED, make_user(), note="Mensaje duplicado del SQR-1."
    )
    emails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.subject.contains(feedback.folio))
    ).all()
    assert [e.subject for e in emails][-1] == (
        f"Cerramos su folio {feedback.folio} sin darle trámite"
    )
    assert "/es/buzon/seguimiento" in emails[-1].body
    journey.track(feedback.folio, code)
    page = journey.client.get(f"/es/buzon/seguimiento/{feedback.folio}").get_data(as_text=True)
    assert "Mensaje duplicado del SQR-1." in page


def test_tracking_attempts_are_rate_limited_with_a_localized_page(tmp_path):
    application = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_TRACK="3 per minute",
    )
    with application.app_context():
        db.create_all()
    client = application.test_client()
    answers = [
        client.post("/en/buzon/seguimiento", data={"folio": "SQR-2026-000001", "codigo": "X"})
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [400, 400, 400, 429]
    assert "Too many attempts" in answers[-1].get_data(as_text=True)
    with application.app_context():
        db.engine.dispose()


@pytest.mark.skipif(not SERVER_URL, reason="concurrency is tested on PostgreSQL")
def test_fifty_concurrent_submissions_get_fifty_distinct_folios(journey_app):
    folios, failures = [], []

    def submit_one():
        try:
            with journey_app.app_context():
                feedback, _code = submission.submit(sent())
                folios.append(feedback.folio)
                db.session.remove()
        except Exception as error:  # noqa: BLE001  (reported below)
            failures.append(repr(error))

    with journey_app.app_context():
        before = db.session.scalar(select(func.count(Feedback.id)))
    threads = [threading.Thread(target=submit_one) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:3]
    assert len(set(folios)) == 50
    with journey_app.app_context():
        assert db.session.scalar(select(func.count(Feedback.id))) == before + 50


@pytest.mark.skipif(not SERVER_URL, reason="concurrency is tested on PostgreSQL")
def test_concurrent_submissions_keep_the_dashboard_figures_right(journey_app):
    """Figures moved by fifty writers at once: each item counted once, as a recount says."""
    from app.indicators.services import dashboard_counts
    from app.indicators.services.dashboard import dashboard

    with journey_app.app_context():
        before = dashboard().total.received
        db.session.remove()
    failures = []

    def submit_one():
        try:
            with journey_app.app_context():
                submission.submit(sent())
                db.session.remove()
        except Exception as error:  # noqa: BLE001  (reported below)
            failures.append(repr(error))

    threads = [threading.Thread(target=submit_one) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:3]
    with journey_app.app_context():
        kept = dashboard()
        assert kept.total.received == before + 50
        dashboard_counts.recount()
        again = dashboard()
        assert [(k, f.received, f.open) for k, f in again.by_type] == [
            (k, f.received, f.open) for k, f in kept.by_type
        ]


def test_staff_link_an_item_to_a_charter_commitment(journey):
    from app.staff.models import Role
    from app.staff.services import create_user
    from tests.factories import PASSWORD
    from tests.staff.conftest import sign_in

    service = db.session.scalar(select(Service).filter_by(slug="acta-de-nacimiento"))
    feedback, _code = submission.submit(sent(service=service))
    create_user("lina@example.org", "Lina", Role.RESPONDER, PASSWORD, service.dependency)
    client = journey.client.application.test_client()
    sign_in(client, "lina@example.org")
    form = soup(client.get(f"/admin/buzon/{feedback.folio}"))
    options = [o["value"] for o in form.select("#compromiso_vinculado option") if o["value"]]
    assert options
    response = client.post(
        f"/admin/buzon/{feedback.folio}/compromiso", data={"compromiso_vinculado": options[0]}
    )
    assert response.status_code == 303
    db.session.refresh(feedback)
    assert feedback.commitment_id == int(options[0])
    assert feedback.events[-1].kind is EventKind.COMMITMENT_LINKED  # allowed by the migrations
    refused = client.post(
        f"/admin/buzon/{feedback.folio}/compromiso", data={"compromiso_vinculado": "999999"}
    )
    assert refused.status_code == 400
