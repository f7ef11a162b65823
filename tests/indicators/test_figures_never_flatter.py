"""Figures that never flatter (issue 17, rules 1–5): late stays late, the due date shown is the
promise, a rating stays with the answer it rates, satisfaction means the service, and a result
is judged on its exact value and never shown as meeting a target it missed.

Each scenario runs the real workflow (events, pauses, dismissals, reopenings) and then checks
that the tracking page, the dashboard, the inbox and the recomputed indicator tell the same
story. Comments say what the portal counted before these rules ("before") and now ("after").
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.charters.models import Comparator, Source, StandardIndicator, Unit
from app.core.calendar import WorkingCalendar
from app.core.clock import utc_at
from app.core.templating import mean_shown
from app.core.types import Period
from app.extensions import db
from app.feedback.models import FeedbackStatus
from app.feedback.routes import TRACKED_KEY, tracking_proof
from app.feedback.services import workflow
from app.feedback.services.worklist import InboxQuery, inbox
from app.indicators.models import MeasurementStatus
from app.indicators.services.dashboard import dashboard
from app.indicators.services.engine import Result, evaluate, recompute
from app.indicators.services.outcomes import rating_figures
from app.outbox.models import OutboxMessage
from app.staff.models import Role
from tests.factories import make_charter, make_feedback, make_service, make_survey, make_user
from tests.indicators.test_engine import T1, add_indicator, response_indicator, result

CALENDAR = WorkingCalendar()
# Received Monday 2 March 2026; ten working days (Monday 16 is a holiday): due Tuesday 17.
RECEIVED = date(2026, 3, 2)
DUE = date(2026, 3, 17)
AFTER_QUARTER = date(2026, 5, 4)


def at(day: date, hour: int = 12) -> datetime:
    """Noon (by default) of a local day, as the UTC moment the workflow records."""
    return utc_at(day) + timedelta(hours=hour)


@pytest.fixture
def charter(empty_app):
    charter = make_charter([make_service()])
    db.session.commit()
    return charter


@pytest.fixture
def staff(empty_app):
    return make_user(Role.ADMIN)


def received(charter, on=RECEIVED, **fields):
    feedback = make_feedback(
        charter.services[0],
        on,
        due_on=CALENDAR.add_working_days(on, 10),
        received_at=at(on, 9),
        **fields,
    )
    db.session.commit()
    return feedback


def late_figures(charter, indicator, today):
    """What each place says: (indicator numerator, denominator, status), dashboard overdue, the
    inbox's overdue folios."""
    recompute(T1, today=today)
    measured = result(indicator, T1)
    overdue = dashboard(today=today).total.overdue
    folios = [f.folio for f in db.session.scalars(inbox(InboxQuery(None, due="overdue"), today))]
    return (measured.numerator, measured.denominator, measured.status), overdue, folios


def tracking_page(app, feedback) -> str:
    client = app.test_client()
    with client.session_transaction() as session:
        session[TRACKED_KEY] = [tracking_proof(feedback)]
    response = client.get(f"/es/buzon/seguimiento/{feedback.folio}")
    assert response.status_code == 200
    return " ".join(response.get_data(as_text=True).split())


# --- Rule 1: late stays late ---------------------------------------------------------------


def test_information_asked_after_the_due_date_does_not_stop_the_clock(empty_app, charter, staff):
    assert CALENDAR.add_working_days(RECEIVED, 10) == DUE
    indicator = response_indicator(charter)
    feedback = received(charter, contact_email="persona@example.org")
    asked_on = date(2026, 3, 19)  # two working days late
    workflow.request_information(feedback, "¿En qué oficina?", staff, now=at(asked_on))
    (email,) = db.session.scalars(select(OutboxMessage)).all()
    assert "ya pasó, así que el plazo no se detiene" in " ".join(email.body.split())

    # Before: no due date while waiting, so neither late nor overdue, and the result
    # "provisional" (1 pending case). After: still due on the 17th, late everywhere.
    assert feedback.status is FeedbackStatus.WAITING and feedback.due_on == DUE
    assert workflow.is_late(feedback, AFTER_QUARTER) is True
    assert late_figures(charter, indicator, AFTER_QUARTER) == (
        (0, 1, MeasurementStatus.NOT_MET),
        1,
        [feedback.folio],
    )
    page = tracking_page(empty_app, feedback)
    assert "Su fecha límite ya había pasado, así que el plazo no se detuvo." in page
    assert "El plazo se detuvo del" not in page

    # The citizen answers a week later and staff answer the next day: the week of waiting
    # counts (before: it was deducted, 11 working days instead of 17).
    workflow.provide_information(feedback, "En la oficina centro.", now=at(date(2026, 3, 26)))
    assert feedback.due_on == DUE  # before: moved a week later, out of the overdue list
    workflow.answer(feedback, "Respuesta.", staff, now=at(date(2026, 3, 27)))
    assert feedback.response_days == CALENDAR.working_days_between(RECEIVED, date(2026, 3, 27))
    assert late_figures(charter, indicator, AFTER_QUARTER) == (
        (0, 1, MeasurementStatus.NOT_MET),
        1,
        [],
    )
    assert "después de la fecha límite que le dimos" in tracking_page(empty_app, feedback)


def test_information_asked_before_the_due_date_still_stops_the_clock(empty_app, charter, staff):
    indicator = response_indicator(charter)
    feedback = received(charter, contact_email="persona@example.org")
    workflow.request_information(feedback, "¿En qué oficina?", staff, now=at(date(2026, 3, 10)))
    assert feedback.due_on is None
    (email,) = db.session.scalars(select(OutboxMessage)).all()
    assert "El plazo está detenido hasta que nos la envíe." in " ".join(email.body.split())
    assert workflow.is_late(feedback, AFTER_QUARTER) is False
    (numerator, denominator, status), overdue, folios = late_figures(
        charter, indicator, AFTER_QUARTER
    )
    assert (status, overdue, folios) == (MeasurementStatus.PROVISIONAL, 0, [])
    assert "El plazo está detenido" in tracking_page(empty_app, feedback)


def test_a_dismissal_after_the_due_date_stays_late_one_before_it_is_left_out(charter, staff):
    indicator = response_indicator(charter)
    on_time = received(charter)
    workflow.change_status(
        on_time, FeedbackStatus.DISMISSED, staff, "Duplicado.", now=at(date(2026, 3, 5))
    )
    recompute(T1, today=AFTER_QUARTER)
    assert result(indicator, T1).status is MeasurementStatus.NO_DATA
    assert workflow.is_late(on_time, AFTER_QUARTER) is None

    late = received(charter, on=date(2026, 3, 3))
    workflow.change_status(
        late, FeedbackStatus.DISMISSED, staff, "Duplicado.", now=at(date(2026, 3, 25))
    )
    assert late.dismissed_on == date(2026, 3, 25)
    # Before: both left out (no data, nothing overdue). After: the late one counts.
    assert workflow.is_late(late, AFTER_QUARTER) is True
    assert late_figures(charter, indicator, AFTER_QUARTER) == (
        (0, 1, MeasurementStatus.NOT_MET),
        1,
        [],  # no longer work to do
    )
    assert dashboard(today=AFTER_QUARTER).total.on_time_share == Decimal(0)


def test_reassigning_or_reopening_resets_nothing(empty_app, charter, staff):
    indicator = response_indicator(charter)
    feedback = received(charter)
    workflow.answer(feedback, "Respuesta.", staff, now=at(date(2026, 3, 20)))  # late
    before = late_figures(charter, indicator, AFTER_QUARTER)
    assert before == ((0, 1, MeasurementStatus.NOT_MET), 1, [])

    workflow.change_status(feedback, FeedbackStatus.IN_REVIEW, staff, now=at(date(2026, 3, 23)))
    workflow.assign(
        feedback, charter.services[0].dependency, None, staff, now=at(date(2026, 3, 23))
    )
    assert feedback.due_on == DUE
    # Reopened, it is open again past its due date: still late, now also work to do.
    assert late_figures(charter, indicator, AFTER_QUARTER) == (
        (0, 1, MeasurementStatus.NOT_MET),
        1,
        [feedback.folio],
    )
    workflow.change_status(
        feedback, FeedbackStatus.DISMISSED, staff, "Sin materia.", now=at(date(2026, 3, 24))
    )
    workflow.change_status(feedback, FeedbackStatus.IN_REVIEW, staff, now=at(date(2026, 3, 25)))
    assert feedback.dismissed_on is None and workflow.is_late(feedback, AFTER_QUARTER) is True
    assert late_figures(charter, indicator, AFTER_QUARTER)[:2] == (
        (0, 1, MeasurementStatus.NOT_MET),
        1,
    )


# --- Rule 2: the due date is the promise ------------------------------------------------------


def test_an_answer_on_a_saturday_after_a_friday_due_date_is_late(empty_app, charter, staff):
    indicator = response_indicator(charter)
    friday_due = received(charter, on=date(2026, 2, 13))  # due Friday 27 February
    assert friday_due.due_on == date(2026, 2, 27)
    saturday = date(2026, 2, 28)
    workflow.answer(friday_due, "Respuesta.", staff, now=at(saturday))
    # Before: 10 working days (Saturday does not count), so on time. After: 11, late.
    assert friday_due.response_days == 11
    on_saturday_in_time = received(charter, on=date(2026, 2, 16))  # due Monday 2 March
    workflow.answer(on_saturday_in_time, "Respuesta.", staff, now=at(saturday))
    assert on_saturday_in_time.response_days == 10

    assert late_figures(charter, indicator, AFTER_QUARTER) == (
        (1, 2, MeasurementStatus.NOT_MET),
        1,
        [],
    )
    figures = dashboard(today=AFTER_QUARTER).total
    assert (figures.on_time, figures.overdue, figures.on_time_share) == (1, 1, Decimal(50))
    assert workflow.is_late(friday_due, AFTER_QUARTER) is True
    assert workflow.is_late(on_saturday_in_time, AFTER_QUARTER) is False
    assert "Respondimos el 28 de febrero de 2026, después de la fecha límite" in tracking_page(
        empty_app, friday_due
    )
    assert "dentro del plazo (fecha límite: 2 de marzo de 2026)" in tracking_page(
        empty_app, on_saturday_in_time
    )


# --- Rules 3 and 4: ratings belong to their answer, and are not the service's satisfaction ----


def satisfaction_indicator(charter):
    return add_indicator(
        charter,
        "Satisfacción",
        standard=StandardIndicator.SATISFACTION,
        source=Source.SURVEY,
        threshold=Decimal(4),
        threshold_unit=Unit.SCORE,
        target=Decimal(75),
    )


def test_ratings_count_in_the_local_quarter_of_their_answer_over_years(empty_app, charter, staff):
    """Answers over six quarters, two of them either side of a quarter's first local midnight
    (the first one on 1 April by UTC): each rating counts in the local quarter of its answer,
    over any range of quarters asked for."""
    for answered_at, score in [
        (at(date(2025, 1, 20)), 5),
        (at(date(2025, 3, 31), 23), 1),
        (at(date(2025, 4, 1), 1), 3),
        (at(date(2025, 11, 5)), 4),
        (at(date(2026, 2, 2)), 2),
    ]:
        feedback = received(charter, on=answered_at.date() - timedelta(days=3))
        workflow.answer(feedback, "Respuesta.", staff, now=answered_at)
        workflow.rate_answer(feedback, score, now=answered_at + timedelta(days=2))
    quarter = lambda year, index: Period(year, "T", index)  # noqa: E731
    figures = rating_figures(charter.id, date(2025, 1, 1), AFTER_QUARTER)
    assert {period: (r.count, r.mean) for period, r in figures.items()} == {
        quarter(2025, 1): (2, Decimal("3.00")),
        quarter(2025, 2): (1, Decimal("3.00")),
        quarter(2025, 4): (1, Decimal("4.00")),
        quarter(2026, 1): (1, Decimal("2.00")),
    }
    later = rating_figures(charter.id, date(2025, 4, 1), date(2025, 12, 31))
    assert {period: r.count for period, r in later.items()} == {
        quarter(2025, 2): 1,
        quarter(2025, 4): 1,
    }


def test_a_rating_stays_in_the_quarter_of_the_answer_it_rates(empty_app, charter, staff):
    feedback = received(charter)
    workflow.answer(feedback, "Respuesta.", staff, now=at(date(2026, 3, 10)))
    workflow.rate_answer(feedback, 2, now=at(date(2026, 3, 12)))
    assert rating_figures(charter.id, date(2026, 1, 1), AFTER_QUARTER)[T1].count == 1

    # Reopened and answered again in April: before, the rating moved to the second quarter.
    workflow.change_status(feedback, FeedbackStatus.IN_REVIEW, staff, now=at(date(2026, 4, 6)))
    workflow.answer(feedback, "Otra respuesta.", staff, now=at(date(2026, 4, 8)))
    figures = rating_figures(charter.id, date(2026, 1, 1), AFTER_QUARTER)
    assert list(figures) == [T1]
    assert (figures[T1].count, figures[T1].mean) == (1, Decimal("2.00"))
    assert dashboard(today=date(2026, 4, 30)).ratings.count == 1

    page = " ".join(empty_app.test_client().get(f"/es/cartas/{charter.slug}").text.split())
    assert "Calificación de las respuestas a sugerencias, quejas y reclamaciones" in page
    assert "trimestre 1 de 2026</th><td>1</td><td>2 de 5</td>" in page
    assert "viene solo de su encuesta de satisfacción" in page


def test_satisfaction_counts_the_service_surveys_only(empty_app, charter, staff):
    indicator = satisfaction_indicator(charter)
    service = charter.services[0]
    for score in (5, 4, 3):
        make_survey(service, date(2026, 2, 1), score)
    for score in (5, 5):  # two rated answers to complaints
        feedback = received(charter)
        workflow.answer(feedback, "Respuesta.", staff, now=at(date(2026, 3, 10)))
        workflow.rate_answer(feedback, score, now=at(date(2026, 3, 11)))

    recompute(T1, today=AFTER_QUARTER)
    measured = result(indicator, T1)
    # Before: 4/5 = 80 % ("met", mean 4.4). After: the surveys alone, 2/3 = 66.66 %.
    assert (measured.numerator, measured.denominator) == (2, 3)
    assert measured.value == Decimal("66.66")
    assert measured.mean == Decimal("4.00")
    assert measured.status is MeasurementStatus.NOT_MET
    assert dashboard(today=AFTER_QUARTER).ratings.mean == Decimal("5.00")


def test_a_score_threshold_with_decimals_counts_only_the_scores_that_reach_it(
    empty_app, charter, staff
):
    indicator = satisfaction_indicator(charter)
    indicator.threshold = Decimal("4.5")
    for score in (4, 4, 5):
        make_survey(charter.services[0], date(2026, 2, 1), score)

    recompute(T1, today=AFTER_QUARTER)
    measured = result(indicator, T1)
    # Before: scores of 4 counted as reaching 4.5 (3/3, 100 %, met). After: the five alone.
    assert (measured.numerator, measured.denominator) == (1, 3)
    assert measured.value == Decimal("33.33")
    assert measured.status is MeasurementStatus.NOT_MET


# --- Rule 5: judged on the exact value, never shown as meeting what it missed ----------------


@pytest.mark.parametrize(
    "comparator, target, value, shown",
    [
        (Comparator.AT_LEAST, "90", "89.9497", "89.94"),  # 179 / 199: not 89.95 nor 90
        (Comparator.AT_LEAST, "90", "90.004", "90.00"),
        (Comparator.AT_MOST, "10", "10.001", "10.01"),
        (Comparator.AT_MOST, "10", "9.996", "10.00"),
        (Comparator.EQUAL, "8", "7.999", "7.99"),
        (Comparator.EQUAL, "8", "8.001", "8.01"),
        (Comparator.EQUAL, "8", "8", "8.00"),
        (Comparator.AT_LEAST, "4.25", "4.249", "4.24"),
    ],
)
def test_rounding_goes_toward_the_comparator(comparator, target, value, shown):
    rounded = comparator.rounded(Decimal(value), Decimal(target), 2)
    assert rounded == Decimal(shown)
    assert comparator.holds(rounded, Decimal(target)) is comparator.holds(
        Decimal(value), Decimal(target)
    )


def test_179_of_199_is_not_met_and_shown_below_90_everywhere(empty_app, charter, staff):
    indicator = response_indicator(charter)  # quarterly, target "al menos 90 %"
    service = charter.services[0]
    for n in range(199):
        make_feedback(
            service,
            date(2026, 1, 5) + timedelta(days=n % 60),
            status=FeedbackStatus.ANSWERED,
            response_days=5 if n < 179 else 12,
        )
    db.session.commit()
    measured = evaluate(indicator, T1, Result(Decimal(179), Decimal(199)))
    # Before: value 89.95 (halves up) and a page reading "90 %" next to "No cumplido".
    assert measured == (Decimal("89.94"), MeasurementStatus.NOT_MET)

    recompute(T1, today=AFTER_QUARTER)
    assert result(indicator, T1).value == Decimal("89.94")
    client = empty_app.test_client()
    page = " ".join(client.get(f"/es/cartas/{charter.slug}").text.split())
    assert "89.94 %" in page and "No cumplido" in page
    assert ">90 %" not in page.replace("al menos 90 %", "")
    rows = client.get("/api/v1/measurements?per_page=100").json["data"]
    (row,) = [r for r in rows if r["indicator_id"] == indicator.id and r["period"] == str(T1)]
    assert (str(row["value"]), row["status"]) == ("89.94", "not_met")
    csv_text = client.get("/api/v1/measurements.csv").text
    assert "89.94" in csv_text and "89.95" not in csv_text


def test_recompute_remeasures_answers_stored_under_the_old_rule(empty_app, charter):
    indicator = response_indicator(charter)
    # Stored before the rule: answered on Saturday 28 February after a Friday 27 due date,
    # measured as 10 working days (on time).
    feedback = received(
        charter,
        on=date(2026, 2, 13),
        status=FeedbackStatus.ANSWERED,
        answered_at=at(date(2026, 2, 28)),
        response_days=10,
    )
    runner = empty_app.test_cli_runner()
    output = runner.invoke(args=["indicators", "recompute", "--period", "2026-T1"]).output
    assert "response times" not in output
    assert result(indicator, T1).status is MeasurementStatus.MET  # before

    output = runner.invoke(
        args=["indicators", "recompute", "--period", "2026-T1", "--remeasure"]
    ).output
    assert "1 response times measured again." in output
    db.session.expire_all()
    assert feedback.response_days == 11
    assert result(indicator, T1).status is MeasurementStatus.NOT_MET
    assert workflow.is_late(feedback, AFTER_QUARTER) is True


@pytest.mark.parametrize(
    ("mean", "better", "shown"),
    [
        ("6.21", "lower", "6.3"),  # days to answer: up, never the 6.2 it did not reach
        ("6.2488", "lower", "6.3"),
        ("6.25", "lower", "6.3"),
        ("9.0", "lower", "9"),
        ("3.95", "higher", "3.9"),  # a score: down, never the 4 it missed
        ("3.99", "higher", "3.9"),
        ("4.0", "higher", "4"),
    ],
)
def test_a_mean_shown_with_one_decimal_is_rounded_the_way_that_never_flatters_it(
    app, mean, better, shown
):
    with app.test_request_context("/es/"):
        assert mean_shown(Decimal(mean), better) == shown
