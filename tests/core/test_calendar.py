import random
from datetime import date, timedelta

import pytest

from app.core.calendar import NonWorkingPeriod, WorkingCalendar
from app.extensions import db

HOLY_WEEK_2026 = {date(2026, 4, 2): "Jueves Santo", date(2026, 4, 3): "Viernes Santo"}


def test_mexican_national_holidays_of_2026_are_not_working_days():
    calendar = WorkingCalendar()
    holidays = calendar.non_working_days_between(date(2025, 12, 31), date(2026, 12, 31))
    assert holidays == [
        (date(2026, 1, 1), "Año Nuevo"),
        (date(2026, 2, 2), "Día de la Constitución"),
        (date(2026, 3, 16), "Natalicio de Benito Juárez"),
        (date(2026, 5, 1), "Día del Trabajo"),
        (date(2026, 9, 16), "Día de la Independencia"),
        (date(2026, 11, 16), "Día de la Revolución"),
        (date(2026, 12, 25), "Navidad"),
    ]
    assert not any(calendar.is_working_day(day) for day, _ in holidays)


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 11, 13), True),  # Friday
        (date(2026, 11, 14), False),  # Saturday
        (date(2026, 11, 15), False),  # Sunday
        (date(2026, 11, 16), False),  # Revolution Day, third Monday of November
        (date(2026, 11, 20), True),  # the historical date, no longer a holiday
        (date(2026, 4, 2), True),  # Holy Thursday is not national: institutions declare it
    ],
)
def test_working_days_exclude_weekends_and_holidays(day, working):
    assert WorkingCalendar().is_working_day(day) is working


@pytest.mark.parametrize(
    "start, days, due",
    [
        (date(2026, 11, 13), 1, date(2026, 11, 17)),  # Friday, then Monday is a holiday
        (date(2026, 6, 4), 1, date(2026, 6, 5)),  # the day of receipt does not count
        (date(2026, 6, 5), 1, date(2026, 6, 8)),  # over a weekend
        (date(2026, 6, 6), 1, date(2026, 6, 8)),  # received on a Saturday
        (date(2026, 6, 1), 10, date(2026, 6, 15)),
        (date(2025, 12, 31), 1, date(2026, 1, 2)),  # New Year's Day
        (date(2025, 12, 19), 10, date(2026, 1, 6)),  # Christmas and New Year's Day
        (date(2026, 6, 1), 0, date(2026, 6, 1)),
    ],
)
def test_a_period_ends_on_the_nth_working_day_after_receipt(start, days, due):
    assert WorkingCalendar().add_working_days(start, days) == due


def test_declared_days_do_not_count():
    received = date(2026, 4, 1)
    assert WorkingCalendar().add_working_days(received, 1) == date(2026, 4, 2)
    assert WorkingCalendar(HOLY_WEEK_2026).add_working_days(received, 1) == date(2026, 4, 6)
    assert WorkingCalendar(HOLY_WEEK_2026.keys()).add_working_days(received, 1) == date(2026, 4, 6)


@pytest.mark.parametrize("start", [date(2025, 12, 17) + timedelta(days=i) for i in range(7)])
@pytest.mark.parametrize("days", [0, 1, 5, 10, 30])
def test_counting_working_days_undoes_adding_them(start, days):
    calendar = WorkingCalendar(HOLY_WEEK_2026)
    assert calendar.working_days_between(start, calendar.add_working_days(start, days)) == days


@pytest.mark.parametrize(
    "start, end, count",
    [
        (date(2026, 11, 13), date(2026, 11, 13), 0),
        (date(2026, 11, 17), date(2026, 11, 13), 0),
        (date(2026, 11, 13), date(2026, 11, 16), 0),
        (date(2026, 11, 13), date(2026, 11, 20), 4),
        (date(2026, 1, 1), date(2026, 12, 31), 260 - 6),  # weekdays after Jan 1, minus holidays
    ],
)
def test_working_days_between_counts_after_the_start_up_to_the_end(start, end, count):
    assert WorkingCalendar().working_days_between(start, end) == count


def jun(day: int) -> date:
    return date(2026, 6, day)


START = jun(1)  # a Monday; 10 working days end on Monday, June 15


@pytest.mark.parametrize(
    "pauses, due",
    [
        ([], jun(15)),
        ([(jun(3), jun(3))], jun(15)),  # answered the same day
        ([(jun(3), jun(4))], jun(16)),
        ([(jun(5), jun(9))], jun(17)),  # over a weekend
        ([(jun(3), jun(4)), (jun(8), jun(9))], jun(17)),
        ([(jun(3), jun(5)), (jun(4), jun(5))], jun(17)),  # overlapping pauses count once
        ([(jun(20), jun(30))], jun(15)),  # after the due date
    ],
)
def test_pauses_extend_the_due_date_by_the_working_days_they_suspend(pauses, due):
    calendar = WorkingCalendar()
    assert calendar.due_date(START, 10, pauses) == due
    assert calendar.elapsed_working_days(START, due, pauses) == 10


def test_a_pause_over_a_holiday_suspends_only_working_days():
    pauses = [(date(2026, 11, 13), date(2026, 11, 17))]  # Monday 16 is a holiday anyway
    calendar = WorkingCalendar()
    assert calendar.due_date(date(2026, 11, 13), 1, pauses) == date(2026, 11, 18)
    assert calendar.elapsed_working_days(date(2026, 11, 12), date(2026, 11, 18), pauses) == 2


def test_an_open_pause_stops_the_clock():
    pauses = [(jun(3), jun(4)), (jun(8), None)]
    calendar = WorkingCalendar()
    assert calendar.due_date(START, 10, pauses) is None
    # Counted: June 2, 3, 5 and 8; June 4 and every day after June 8 are suspended.
    assert calendar.elapsed_working_days(START, jun(30), pauses) == 4


def test_non_working_days_between_explains_a_due_date():
    calendar = WorkingCalendar({**HOLY_WEEK_2026, date(2026, 12, 12): "Día de la Virgen"})
    assert calendar.non_working_days_between(date(2026, 3, 31), date(2026, 4, 30)) == [
        (date(2026, 4, 2), "Jueves Santo"),
        (date(2026, 4, 3), "Viernes Santo"),
    ]
    # The start is excluded, the end included; a declared day on a Saturday changes nothing.
    assert calendar.non_working_days_between(date(2026, 11, 16), date(2026, 12, 24)) == []
    assert calendar.non_working_days_between(date(2026, 11, 15), date(2026, 11, 16)) == [
        (date(2026, 11, 16), "Día de la Revolución")
    ]
    # Labor Day 2027 is a Saturday.
    assert calendar.non_working_days_between(date(2027, 4, 30), date(2027, 5, 3)) == []


def test_a_declared_day_is_named_by_its_declaration_or_else_by_the_holiday():
    revolution, friday = date(2026, 11, 16), date(2026, 11, 13)
    assert WorkingCalendar({revolution: "Puente"}).holiday_name(revolution) == "Puente"
    assert WorkingCalendar([revolution]).holiday_name(revolution) == "Día de la Revolución"
    assert WorkingCalendar([friday]).holiday_name(friday) == ""
    assert WorkingCalendar().holiday_name(friday) is None


def test_load_reads_the_declared_days_once(empty_app, count_queries):
    db.session.add_all(
        NonWorkingPeriod.declare(day, day, {"es": name, "en": f"{name} (en)"})
        for day, name in HOLY_WEEK_2026.items()
    )
    db.session.commit()
    with count_queries(empty_app) as queries:
        calendar = WorkingCalendar.load()
        assert calendar.add_working_days(date(2026, 4, 1), 1) == date(2026, 4, 6)
        assert calendar.non_working_days_between(date(2026, 4, 1), date(2026, 4, 3)) == list(
            HOLY_WEEK_2026.items()
        )
    assert len(queries) == 1


def test_working_days_between_counts_years_as_day_by_day_would():
    """Counted by arithmetic (an inbox shows items years overdue), the same as day by day."""
    randomly = random.Random(7)
    declared = {date(2024, 1, 2) + timedelta(days=randomly.randrange(1500)): "" for _ in range(40)}
    calendar = WorkingCalendar(declared)
    for _ in range(300):
        start = date(2021, 1, 1) + timedelta(days=randomly.randrange(2500))
        end = start + timedelta(days=randomly.randrange(-20, 1500))
        days = [start + timedelta(days=n) for n in range(1, (end - start).days + 1)]
        expected = sum(1 for day in days if calendar.is_working_day(day))
        assert calendar.working_days_between(start, end) == expected, (start, end)
