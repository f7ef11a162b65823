"""Declaring non-working days and periods, and what a change re-derives: due dates (with an
event and an e-mail), response times, recomputed results and the published reports to correct."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.calendar import services
from app.core.calendar import NonWorkingDay, NonWorkingPeriod, WorkingCalendar
from app.core.rules import RuleError
from app.core.types import Period
from app.extensions import db
from app.feedback.models import EventKind, FeedbackStatus
from app.feedback.services import workflow
from app.feedback.services.workflow import response_time
from app.feedback.services.worklist import escalate_overdue
from app.indicators.models import Measurement, Report
from app.indicators.services.engine import recompute
from app.outbox.models import OutboxMessage
from app.staff.models import AuditLog, Role
from tests.factories import make_charter, make_feedback, make_service, make_user
from tests.indicators.test_engine import response_indicator

WINTER = (date(2024, 12, 19), date(2025, 1, 3))
REASON = {"es": "Vacaciones de invierno", "en": "Winter vacation"}
Q4 = Period(2024, "T", 4)


@pytest.fixture
def coordinator(empty_app):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def institution(empty_app, coordinator):
    """A charter measuring the response to complaints in 10 working days since 2024, with an
    open complaint received on 19 Dec 2024 and one received on 16 Dec and answered on 8 Jan."""
    service = make_service()
    charter = make_charter([service])
    charter.versions[0].valid_from = date(2024, 1, 1)
    indicator = response_indicator(charter)
    calendar = WorkingCalendar.load()
    open_item = make_feedback(
        service,
        date(2024, 12, 19),
        due_on=calendar.add_working_days(date(2024, 12, 19), 10),
        contact_email="ana@example.org",
        status=FeedbackStatus.IN_REVIEW,
    )
    answered = make_feedback(
        service,
        date(2024, 12, 16),
        status=FeedbackStatus.ANSWERED,
        answered_at=datetime(2025, 1, 8, 18),
    )
    answered.response_days = response_time(answered, date(2025, 1, 8), calendar)
    db.session.commit()
    recompute(Q4, today=date(2026, 12, 1))
    report = Report(charter=charter, period=Q4, revision=1, content={"figures": "as published"},
                    published_at=datetime(2025, 1, 20), published_by=coordinator)  # fmt: skip
    db.session.add(report)
    db.session.commit()
    return dict(charter=charter, indicator=indicator, open=open_item, answered=answered,
                report=report)  # fmt: skip


def figures(indicator, period=Q4):
    m = db.session.scalar(select(Measurement).filter_by(indicator_id=indicator.id, period=period))
    return m.numerator, m.denominator


def test_winter_vacation_moves_the_due_date_of_an_open_complaint(institution, coordinator):
    item = institution["open"]
    assert item.due_on == date(2025, 1, 6)  # without the vacation

    period, outcome = services.declare(*WINTER, REASON, coordinator, ip="10.0.0.1")

    # 6 Jan 2025 is the first working day after the vacation: 6–10 and 13–17 January.
    assert item.due_on == date(2025, 1, 17)
    assert outcome.moved == [item]
    event = item.events[-1]
    assert event.kind is EventKind.DUE_DATE_MOVED and event.public
    assert (event.due_before, event.due_after) == (date(2025, 1, 6), date(2025, 1, 17))
    assert event.note == "Vacaciones de invierno"
    mail = db.session.scalar(select(OutboxMessage).filter_by(recipient="ana@example.org"))
    assert item.folio in mail.subject and "Vacaciones de invierno" in mail.body
    assert "17 de enero de 2025" in mail.body
    # One row per day, all of the period.
    assert db.session.scalar(select(func.count(NonWorkingDay.id))) == 16
    assert WorkingCalendar.load().holiday_name(date(2024, 12, 23)) == "Vacaciones de invierno"
    row = db.session.scalar(select(AuditLog).filter_by(action="calendar.period_added"))
    assert row.user == coordinator and row.ip == "10.0.0.1"
    assert row.detail["due_dates_moved"] == [item.folio]


def test_a_vacation_to_6_january_gives_20_january(institution, coordinator):
    services.declare(date(2024, 12, 19), date(2025, 1, 6), REASON, coordinator)
    assert institution["open"].due_on == date(2025, 1, 20)


def test_answered_items_results_and_published_reports_are_re_derived(institution, coordinator):
    answered, indicator, report = (institution[k] for k in ("answered", "indicator", "report"))
    assert answered.response_days == 15
    # Before: the answer took 15 working days (late) and the open item is overdue: 0 of 2.
    assert figures(indicator) == (Decimal(0), Decimal(2))

    _period, outcome = services.declare(*WINTER, REASON, coordinator)

    assert answered.response_days == 5  # 17–18 Dec and 6–8 Jan
    assert outcome.remeasured == [answered]
    assert figures(indicator) == (Decimal(1), Decimal(2))  # now within the threshold
    assert Q4 in outcome.quarters and outcome.recomputed > 0
    assert outcome.reports == [report]
    assert db.session.scalars(select(Report)).all() == [report]  # listed, not rewritten
    assert report.content == {"figures": "as published"}
    row = db.session.scalar(select(AuditLog).filter_by(action="calendar.period_added"))
    assert row.detail["reports_to_correct"] == [report.id]


def test_removing_the_vacation_moves_the_due_date_back(institution, coordinator):
    period, _ = services.declare(*WINTER, REASON, coordinator)
    outcome = services.remove(period, coordinator)
    item = institution["open"]
    assert item.due_on == date(2025, 1, 6)
    assert outcome.moved == [item]
    assert [e.kind for e in item.events][-2:] == [EventKind.DUE_DATE_MOVED] * 2
    assert db.session.scalar(select(func.count(NonWorkingDay.id))) == 0
    assert db.session.scalar(select(AuditLog).filter_by(action="calendar.period_removed"))


def test_changing_a_period_re_derives_only_the_days_that_changed(institution, coordinator):
    period, _ = services.declare(*WINTER, REASON, coordinator)
    outcome = services.change(period, WINTER[0], date(2025, 1, 6), REASON, coordinator)
    assert institution["open"].due_on == date(2025, 1, 20)
    assert len(period.days) == 19
    assert outcome.moved == [institution["open"]]
    row = db.session.scalar(select(AuditLog).filter_by(action="calendar.period_changed"))
    assert row.detail["before"]["last_day"] == "2025-01-03"


def test_an_item_without_consent_or_address_gets_no_mail(institution, coordinator):
    institution["open"].consent = False
    db.session.commit()
    services.declare(*WINTER, REASON, coordinator)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_items_answered_or_received_after_the_days_do_not_move(empty_app, coordinator):
    later = make_feedback(received_on=date(2025, 1, 10), due_on=date(2025, 1, 24))
    db.session.commit()
    _period, outcome = services.declare(*WINTER, REASON, coordinator)
    assert outcome.moved == [] and later.due_on == date(2025, 1, 24) and later.events == []


@pytest.mark.parametrize(
    ("first", "last", "reason", "field", "message"),
    [
        (date(2025, 1, 3), date(2024, 12, 19), REASON, "hasta", "posterior al primero"),
        (date(2025, 1, 1), date(2025, 3, 2), REASON, "hasta", "como máximo 60 días"),
        (date(2025, 1, 1), date(2025, 1, 1), {"en": "Only English"}, "motivo_es", "en español"),
        (date(2024, 12, 24), date(2024, 12, 24), REASON, "desde", "ya está declarado"),
    ],
)
def test_refusals_name_the_field(empty_app, coordinator, first, last, reason, field, message):
    services.declare(*WINTER, REASON, coordinator)
    with pytest.raises(RuleError) as refused:
        services.declare(first, last, reason, coordinator)
    assert message in str(refused.value.problems[field])
    db.session.rollback()
    assert db.session.scalar(select(func.count(NonWorkingPeriod.id))) == 1


def test_a_period_may_be_changed_over_its_own_days(empty_app, coordinator):
    period, _ = services.declare(*WINTER, REASON, coordinator)
    services.change(period, date(2024, 12, 20), WINTER[1], {"es": "Invierno"}, coordinator)
    assert period.first_day == date(2024, 12, 20)
    assert {d.description["es"] for d in period.days} == {"Invierno"}


def test_year_entries_mark_national_holidays(empty_app, coordinator):
    services.declare(*WINTER, REASON, coordinator)
    entries = services.year_entries(2025)
    national = [e for e in entries if e.national]
    assert any(e.first_day == date(2025, 1, 1) for e in national)
    ours = [e for e in entries if not e.national]
    assert [(e.first_day, e.last_day) for e in ours] == [WINTER]


def test_a_dismissed_item_is_judged_by_the_calendar_in_force(institution, coordinator):
    """Dismissed on 10 January, after its due date of 6 January: late. With the winter
    vacation declared, it was due on 17 January: on time, as the indicator already judged it."""
    from app.feedback.services.workflow import is_late

    item = institution["open"]
    item.status, item.dismissed_on = FeedbackStatus.DISMISSED, date(2025, 1, 10)
    db.session.commit()
    assert is_late(item, date(2026, 12, 1))
    _period, outcome = services.declare(*WINTER, REASON, coordinator)
    assert item.due_on == date(2025, 1, 17) and item in outcome.moved
    assert not is_late(item, date(2026, 12, 1))
    assert not db.session.scalar(select(OutboxMessage).filter_by(recipient="ana@example.org"))


def _waiting(received, due, asked):
    """A complaint waiting for the citizen, asked for information on ``asked``."""
    item = make_feedback(received_on=received, due_on=due, status=FeedbackStatus.IN_REVIEW,
                         contact_email="ana@example.org")  # fmt: skip
    db.session.commit()
    workflow.request_information(item, "¿En qué oficina?", make_user(Role.ADMIN), now=asked)
    return item


def test_declared_days_stop_the_clock_of_an_item_asked_for_information_on_time_now(
    empty_app, coordinator
):
    # Due Monday 16 June 2025; asked on the 18th, after it: the clock did not stop.
    item = _waiting(date(2025, 6, 2), date(2025, 6, 16), datetime(2025, 6, 18, 18))
    assert item.status is FeedbackStatus.WAITING and item.due_on == date(2025, 6, 16)

    period, outcome = services.declare(
        date(2025, 6, 5), date(2025, 6, 6), {"es": "Aniversario"}, coordinator
    )

    # Due the 18th now: the request came on time, so the clock is stopped while it waits.
    assert item.due_on is None and outcome.moved == [item]
    event = item.events[-1]
    assert event.kind is EventKind.DUE_DATE_MOVED and event.public
    assert (event.due_before, event.due_after, event.note) == (
        date(2025, 6, 16),
        None,
        "Aniversario",
    )
    assert escalate_overdue(date(2025, 6, 30), datetime(2025, 6, 30, 15)) == 0
    mail = db.session.scalars(
        select(OutboxMessage).filter_by(recipient="ana@example.org").order_by(OutboxMessage.id)
    ).all()[-1]
    assert "queda detenido mientras esperamos la información" in mail.body

    # Removed again, the request is late once more and the due date comes back.
    outcome = services.remove(period, coordinator)
    assert item.due_on == date(2025, 6, 16) and outcome.moved == [item]
    assert (item.events[-1].due_before, item.events[-1].due_after) == (None, date(2025, 6, 16))
    mail = db.session.scalars(
        select(OutboxMessage).filter_by(recipient="ana@example.org").order_by(OutboxMessage.id)
    ).all()[-1]
    assert "ya no está detenido" in mail.body and "16 de junio de 2025" in mail.body
