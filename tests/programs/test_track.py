"""Whether a mechanism is on track: its latest progress against the target of that period."""

from datetime import date
from decimal import Decimal

import pytest

from app.charters.models import Comparator, Periodicity, Unit
from app.core.types import Period
from app.programs.formatting import mechanism_target, progress_value
from app.programs.models import (
    DeliverableStatus,
    Mechanism,
    MechanismKind,
    MechanismTarget,
    Progress,
    Track,
)
from app.programs.services.reading import latest_progress, target_for, track

Q1, Q2, YEAR = Period(2024, "T", 1), Period(2024, "T", 2), Period(2024)


def mechanism(kind=MechanismKind.INDICATOR, comparator=Comparator.AT_LEAST, target="80", **kw):
    return Mechanism(
        kind=kind,
        comparator=comparator,
        annual_target=Decimal(target),
        periodicity=Periodicity.QUARTERLY,
        targets=kw.get("targets", []),
        progress=kw.get("progress", []),
    )


def test_no_progress_is_no_data():
    assert track(mechanism()) is Track.NO_DATA


@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [
        (Comparator.AT_LEAST, "80", Track.ON_TRACK),
        (Comparator.AT_LEAST, "79.9", Track.OFF_TRACK),
        (Comparator.AT_MOST, "31", Track.ON_TRACK),
        (Comparator.AT_MOST, "31.5", Track.OFF_TRACK),
    ],
)
def test_an_indicator_compares_with_the_annual_target(comparator, value, expected):
    target = "80" if comparator is Comparator.AT_LEAST else "31"
    m = mechanism(
        comparator=comparator, target=target, progress=[Progress(period=Q1, value=Decimal(value))]
    )
    assert track(m) is expected


def test_the_intermediate_target_of_the_period_wins():
    m = mechanism(
        targets=[MechanismTarget(period=Q1, target=Decimal("20"))],
        progress=[Progress(period=Q1, value=Decimal("25"))],
    )
    assert target_for(m, Q1) == 20 and target_for(m, Q2) == 80
    assert track(m) is Track.ON_TRACK


def test_the_latest_period_counts_and_a_year_comes_after_its_quarters():
    q1 = Progress(period=Q1, value=Decimal("90"))
    q2 = Progress(period=Q2, value=Decimal("50"))
    year = Progress(period=YEAR, value=Decimal("85"))
    assert latest_progress(mechanism(progress=[q2, q1])) is q2
    assert track(mechanism(progress=[q1, q2])) is Track.OFF_TRACK
    assert latest_progress(mechanism(progress=[year, q2, q1])) is year


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (DeliverableStatus.DELIVERED, Track.ON_TRACK),
        (DeliverableStatus.IN_PROGRESS, Track.ON_TRACK),
        (DeliverableStatus.DELAYED, Track.OFF_TRACK),
        (DeliverableStatus.PENDING, Track.OFF_TRACK),
    ],
)
def test_a_deliverable_follows_its_status(status, expected):
    m = mechanism(
        kind=MechanismKind.DELIVERABLE,
        target="1",
        progress=[Progress(period=Q1, status=status, reported_on=date(2024, 4, 1))],
    )
    assert track(m) is expected


def test_a_deliverable_that_counts_what_was_delivered_compares_the_count():
    m = mechanism(
        kind=MechanismKind.DELIVERABLE,
        target="4",
        targets=[MechanismTarget(period=Q2, target=Decimal("2"))],
        progress=[Progress(period=Q2, status=DeliverableStatus.IN_PROGRESS, value=Decimal("1"))],
    )
    assert track(m) is Track.OFF_TRACK


@pytest.mark.parametrize(
    ("lang", "kind", "unit", "value", "target", "progress"),
    [
        ("es", MechanismKind.DELIVERABLE, None, "3", "3 entregables", "Entregado · 1,250.5"),
        ("es", MechanismKind.DELIVERABLE, None, "1", "1 entregable", "Entregado · 1,250.5"),
        (
            "es",
            MechanismKind.INDICATOR,
            Unit.PERCENT,
            "90",
            "al menos 90 %",
            "Entregado · 1,250.5 %",
        ),
        ("en", MechanismKind.INDICATOR, None, "1500", "at least 1,500", "Delivered · 1,250.5"),
    ],
)
def test_targets_and_progress_are_written_in_the_page_s_language(
    app, lang, kind, unit, value, target, progress
):
    found = mechanism(kind=kind, target=value)
    found.unit = unit
    report = Progress(period=Q1, status=DeliverableStatus.DELIVERED, value=Decimal("1250.5"))
    with app.test_request_context(f"/{lang}/programas"):
        app.preprocess_request()
        assert mechanism_target(found, found.annual_target) == target
        assert progress_value(found, report) == progress
        without_status = Progress(period=Q1, value=Decimal(7))
        assert progress_value(found, without_status) == ("7 %" if unit else "7")
