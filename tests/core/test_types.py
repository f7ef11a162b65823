from datetime import date

import pytest

from app.core.text import fold, search_terms
from app.core.types import Period, WorkingDays


@pytest.mark.parametrize(
    "code, start, end",
    [
        ("2024", date(2024, 1, 1), date(2025, 1, 1)),
        ("2024-T3", date(2024, 7, 1), date(2024, 10, 1)),
        ("2024-T4", date(2024, 10, 1), date(2025, 1, 1)),
        ("2025-M02", date(2025, 2, 1), date(2025, 3, 1)),
        ("2025-M12", date(2025, 12, 1), date(2026, 1, 1)),
    ],
)
def test_period_codes_round_trip_with_their_dates(code, start, end):
    period = Period.parse(code)
    assert str(period) == code
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "code",
    ["", "24", "2024-T5", "2024-T0", "2024-M13", "2024-Q1", "abc", "0000-T1", "9999-T4", "9999"],
)
def test_bad_period_codes_are_refused(code):
    with pytest.raises(ValueError):
        Period.parse(code)


def test_the_last_period_still_has_dates():
    assert Period.parse("9998-T4").end == date(9999, 1, 1)
    assert Period.parse("0001").start == date(1, 1, 1)


def test_quarters_sort_chronologically_and_are_found_from_a_date():
    assert Period.parse("2024-T4") < Period.parse("2025-T1")
    assert Period.quarter_of(date(2026, 8, 15)) == Period(2026, "T", 3)


def test_working_days_keep_their_type():
    days = WorkingDays(10)
    assert days == 10 and isinstance(days, int)
    assert repr(days) == "WorkingDays(10)"


def test_folding_ignores_case_and_accents():
    assert fold("TRÁMITE Ñandú") == fold("tramite nandu")
    assert search_terms("  Licencia  licencia de  CONSTRUCCIÓN ") == [
        "licencia",
        "de",
        "construccion",
    ]
