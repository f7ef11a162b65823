"""The indicator engine on hand-made data with known answers, and on the demo against a recount
the test makes itself."""

from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal

import pytest
from sqlalchemy import select

from app.charters.models import (
    Comparator,
    Indicator,
    IndicatorKind,
    IndicatorRevision,
    Periodicity,
    Source,
    StandardIndicator,
    Unit,
)
from app.core.calendar import WorkingCalendar
from app.core.clock import local_today
from app.core.types import Period, WorkingDays
from app.extensions import db
from app.feedback.models import (
    Feedback,
    FeedbackStatus,
    FeedbackType,
    WaitingBracket,
)
from app.indicators.models import Measurement, MeasurementStatus
from app.indicators.services.engine import Result, evaluate, past_threshold, recompute
from tests.conftest import Page
from tests.factories import es, make_charter, make_feedback, make_service, make_survey

T1 = Period(2026, "T", 1)
T2 = Period(2026, "T", 2)
CALENDAR = WorkingCalendar()


def add_indicator(charter, name, **fields) -> Indicator:
    commitment = charter.versions[0].commitments[0]
    values = dict(
        position=len(commitment.indicators) + 1,
        name=es(name),
        kind=IndicatorKind.SHARE_WITHIN,
        numerator=es("Casos dentro del umbral"),
        denominator=es("Casos"),
        comparator=Comparator.AT_LEAST,
        unit=Unit.PERCENT,
        periodicity=Periodicity.QUARTERLY,
    )
    values.update(fields)
    indicator = Indicator(**values)
    commitment.indicators.append(indicator)
    return indicator


def response_indicator(charter, **fields) -> Indicator:
    return add_indicator(
        charter,
        "Respuesta en 10 días hábiles",
        standard=StandardIndicator.FEEDBACK_RESPONSE,
        source=Source.FEEDBACK,
        threshold=Decimal(10),
        threshold_unit=Unit.WORKING_DAYS,
        target=Decimal(90),
        **fields,
    )


def item(service, received_on: date, status=FeedbackStatus.ANSWERED, days=None, **fields):
    """A feedback item received on ``received_on`` and answered after ``days`` working days."""
    fields.setdefault("due_on", CALENDAR.add_working_days(received_on, 10))
    response_days = None if days is None else WorkingDays(days)
    return make_feedback(service, received_on, status=status, response_days=response_days, **fields)


def result(indicator, period) -> Measurement:
    return db.session.scalar(
        select(Measurement).filter_by(indicator_id=indicator.id, period=period)
    )


@pytest.fixture
def charter(empty_app):
    service = make_service()
    charter = make_charter([service])
    db.session.commit()
    return charter


def test_response_time_counts_answers_within_the_threshold_and_overdue_open_items(charter):
    service = charter.services[0]
    indicator = response_indicator(charter)
    item(service, date(2026, 1, 5), days=8)  # within
    item(service, date(2026, 2, 10), days=12)  # late
    item(service, date(2026, 2, 11), days=20, type=FeedbackType.COMPLIMENT)  # not counted
    item(service, date(2026, 2, 12), FeedbackStatus.DISMISSED)  # not counted
    item(service, date(2026, 3, 30), FeedbackStatus.IN_REVIEW)  # open, overdue by May
    # Answered in 3 days, then reopened: its answer no longer stands, so it is open and late.
    item(service, date(2026, 1, 20), FeedbackStatus.IN_REVIEW, days=3)
    item(make_service(), date(2026, 1, 6), days=1)  # another service, no charter
    db.session.commit()

    recompute(T1, today=date(2026, 5, 4))

    measured = result(indicator, T1)
    assert (measured.numerator, measured.denominator) == (1, 4)
    assert measured.value == Decimal("25.00")
    assert measured.mean == Decimal("10.00")  # (8 + 12) / 2 working days
    assert measured.status is MeasurementStatus.NOT_MET
    assert measured.pending is None


def test_open_items_within_the_threshold_make_the_result_provisional(charter):
    service = charter.services[0]
    indicator = response_indicator(charter)
    item(service, date(2026, 3, 2), days=4)
    item(service, date(2026, 3, 30), FeedbackStatus.RECEIVED)  # due on 2026-04-14
    db.session.commit()

    recompute(T1, today=date(2026, 4, 10))
    measured = result(indicator, T1)
    assert measured.status is MeasurementStatus.PROVISIONAL
    assert (measured.numerator, measured.denominator, measured.pending) == (1, 1, 1)

    recompute(T1, today=date(2026, 4, 15))  # past the threshold now: late
    measured = result(indicator, T1)
    assert measured.status is MeasurementStatus.NOT_MET
    assert (measured.numerator, measured.denominator, measured.pending) == (1, 2, None)


def test_an_unfinished_period_is_provisional_and_an_empty_one_has_no_data(charter):
    service = charter.services[0]
    indicator = response_indicator(charter)
    item(service, date(2026, 4, 6), days=2)
    db.session.commit()

    recompute(today=date(2026, 5, 4))
    assert result(indicator, T1).status is MeasurementStatus.NO_DATA
    assert result(indicator, T1).value is None
    assert result(indicator, T2).status is MeasurementStatus.PROVISIONAL
    assert result(indicator, T2).value == Decimal("100.00")
    assert result(indicator, Period(2026, "T", 3)) is None  # the future is not measured


def test_a_period_just_begun_without_cases_is_provisional_until_it_ends(empty_app, charter):
    """Cases may still come: "no data" is said of a period only once it has ended; the
    charter page keeps showing the last result meanwhile."""
    service = charter.services[0]
    indicator = response_indicator(charter)
    item(service, date(2026, 2, 6), days=2)
    db.session.commit()

    recompute(today=date(2026, 4, 2))
    assert result(indicator, T1).status is MeasurementStatus.MET
    running = result(indicator, T2)
    assert (running.status, running.value) == (MeasurementStatus.PROVISIONAL, None)
    client = empty_app.test_client()
    text = Page(client.get(f"/es/cartas/{charter.slug}")).text()
    assert "Último resultado 100 % (trimestre 1 de 2026)" in text
    assert "Último resultado, trimestre 1 de 2026: 100 %" in text  # the chart's description

    recompute(today=date(2026, 7, 2))
    ended = result(indicator, T2)
    assert (ended.status, ended.value) == (MeasurementStatus.NO_DATA, None)
    text = Page(client.get(f"/es/cartas/{charter.slug}")).text()
    assert "Último resultado sin dato (trimestre 2 de 2026)" in text


@pytest.mark.parametrize(
    "today, due_on, past",
    [
        # Received Friday 2026-03-13; Monday 16 is a holiday (Benito Juárez), weekends do not
        # count: the 10th working day is Monday 2026-03-30.
        (date(2026, 3, 30), date(2026, 3, 30), False),
        (date(2026, 3, 31), date(2026, 3, 30), True),
        # The clock stopped two working days (a request for information): due two days later.
        (date(2026, 4, 1), date(2026, 4, 1), False),
        (date(2026, 4, 2), date(2026, 4, 1), True),
        # Stopped right now: never past while it waits for the citizen.
        (date(2026, 6, 1), None, False),
    ],
)
def test_past_threshold_counts_working_days_with_holidays_weekends_and_pauses(today, due_on, past):
    assert CALENDAR.add_working_days(date(2026, 3, 13), 10) == date(2026, 3, 30)
    assert past_threshold(CALENDAR, today, date(2026, 3, 13), due_on, 10, 10) is past


def test_waiting_time_from_survey_brackets(charter):
    service = charter.services[0]
    indicator = add_indicator(
        charter,
        "Espera",
        standard=StandardIndicator.WAITING_TIME,
        source=Source.SURVEY,
        threshold=Decimal(15),
        threshold_unit=Unit.MINUTES,
        target=Decimal(80),
    )
    brackets = [WaitingBracket.UNDER_5, WaitingBracket.UNDER_15, WaitingBracket.UNDER_30, None]
    for bracket in brackets:
        make_survey(service, date(2026, 3, 3), 5, waiting=bracket)
    db.session.commit()

    recompute(T1, today=date(2026, 5, 4))
    measured = result(indicator, T1)
    # Unanswered brackets are not cases; "15 to 30" is not within 15 minutes.
    assert (measured.numerator, measured.denominator) == (2, 3)
    assert measured.status is MeasurementStatus.NOT_MET


def test_a_revised_definition_judges_its_periods_and_not_the_earlier_ones(charter):
    service = charter.services[0]
    indicator = response_indicator(charter)
    indicator.revisions.append(
        IndicatorRevision(
            starts=T2,
            numerator=indicator.numerator,
            denominator=indicator.denominator,
            threshold=Decimal(5),
            threshold_unit=Unit.WORKING_DAYS,
            target=Decimal(50),
            comparator=Comparator.AT_LEAST,
            note=es("El plazo se redujo a 5 días hábiles."),
            created_at=datetime(2026, 3, 20),
        )
    )
    for received_on in (date(2026, 2, 2), date(2026, 5, 4)):
        item(service, received_on, days=8)
        item(service, received_on, days=4)
    db.session.commit()

    recompute(today=date(2026, 8, 3))
    assert indicator.in_force(T1) is indicator and indicator.current is indicator.revisions[0]
    first, second = result(indicator, T1), result(indicator, T2)
    assert (first.numerator, first.value, first.status) == (2, 100, MeasurementStatus.MET)
    assert (second.numerator, second.value, second.status) == (1, 50, MeasurementStatus.MET)


def comparator_indicator(comparator, target, kind=IndicatorKind.MEAN):
    return Indicator(kind=kind, target=Decimal(target), comparator=comparator)


@pytest.mark.parametrize(
    "comparator, target, value, status",
    [
        (Comparator.AT_LEAST, 8, 8, MeasurementStatus.MET),
        (Comparator.AT_LEAST, 8, 7, MeasurementStatus.NOT_MET),
        (Comparator.AT_MOST, 8, 8, MeasurementStatus.MET),
        (Comparator.AT_MOST, 8, 9, MeasurementStatus.NOT_MET),
        (Comparator.EQUAL, 8, 8, MeasurementStatus.MET),
        (Comparator.EQUAL, 8, 9, MeasurementStatus.NOT_MET),
    ],
)
def test_targets_of_each_comparator(comparator, target, value, status):
    indicator = comparator_indicator(comparator, target)
    assert evaluate(indicator, T1, Result(Decimal(value * 2), Decimal(2)))[1] is status


def test_no_cases_but_pending_ones_is_provisional_without_a_value():
    indicator = comparator_indicator(Comparator.AT_LEAST, 90, IndicatorKind.SHARE_WITHIN)
    pending = Result(Decimal(0), Decimal(0), pending=2, provisional=True)
    assert evaluate(indicator, T1, pending) == (None, MeasurementStatus.PROVISIONAL)
    assert evaluate(indicator, T1, Result(Decimal(0), Decimal(0))) == (
        None,
        MeasurementStatus.NO_DATA,
    )


def test_the_demo_results_equal_a_recount_of_the_rows(app_context):
    """Every automatic result of a finished quarter, recounted here row by row."""
    calendar = WorkingCalendar.load()
    today = local_today()
    answered_statuses = {"answered", "closed_resolved", "closed_unresolved"}
    measurements = db.session.scalars(
        select(Measurement).join(Measurement.indicator).where(Indicator.source == Source.FEEDBACK)
    ).all()
    finished = [m for m in measurements if m.period.end <= today and m.denominator]
    assert len(finished) >= 50
    items = db.session.scalars(select(Feedback)).all()
    for measurement in finished:
        indicator = measurement.indicator
        charter = indicator.commitment.version.charter
        covered = {s.id for s in charter.services}
        threshold = int(indicator.in_force(measurement.period).threshold)
        counted = [
            f
            for f in items
            if f.service_id in covered
            and measurement.period.start <= f.received_on < measurement.period.end
            and f.type is not FeedbackType.COMPLIMENT
        ]
        answered = [f for f in counted if f.status.value in answered_statuses]
        # Open items past the threshold by now; dismissed ones past it when dismissed after
        # their due date (dismissed by it, they are not cases).
        late_open = [
            f
            for f in counted
            if f not in answered
            and (
                f.status is not FeedbackStatus.DISMISSED
                or (f.dismissed_on is not None and f.dismissed_on > f.due_on)
            )
            and (f.dismissed_on or today) > calendar.add_working_days(f.received_on, threshold)
        ]
        within = [f for f in answered if f.response_days <= threshold]
        assert measurement.numerator == len(within), charter.slug
        assert measurement.denominator == len(answered) + len(late_open), charter.slug
        # Response times are promised "at least": the value is rounded down, never up.
        assert indicator.in_force(measurement.period).comparator is Comparator.AT_LEAST
        exact = Decimal(100 * len(within)) / measurement.denominator
        assert measurement.value == exact.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)


def test_the_recompute_command(empty_app, charter):
    indicator = response_indicator(charter)
    item(charter.services[0], date(2026, 1, 5), days=3)
    db.session.commit()
    runner = empty_app.test_cli_runner()
    output = runner.invoke(args=["indicators", "recompute", "--period", "2026-T1"]).output
    assert "2 results recomputed." in output  # with the survey indicator of the charter
    assert result(indicator, T1).status is MeasurementStatus.MET
    refused = runner.invoke(args=["indicators", "recompute", "--period", "2026-Q1"])
    assert refused.exit_code == 2 and "a quarter (2026-T3)" in refused.output


def test_a_mean_indicator_publishes_one_average():
    """An exact 8.333… days against "at most 8.33": not met, and published as 8.34 both as its
    value and as its mean (the mean was 8.33, seeming to meet the target)."""
    from app.indicators.services.engine import published_mean

    indicator = comparator_indicator(Comparator.AT_MOST, "8.33")
    result = Result(Decimal(25), Decimal(3), mean=Decimal(25) / 3)
    value, status = evaluate(indicator, T1, result)
    assert (value, status) == (Decimal("8.34"), MeasurementStatus.NOT_MET)
    assert published_mean(indicator, result, value) == value
    share = comparator_indicator(Comparator.AT_LEAST, 90, IndicatorKind.SHARE_WITHIN)
    assert published_mean(share, result, Decimal(50)) == Decimal("8.33")  # a figure beside it
