"""``recompute(changed=True)`` (``flask indicators recompute --changed``, the nightly run):
only the periods that changes touched, that time may change or that were never computed, and
exactly the results a full recomputation would store."""

from datetime import date, timedelta

from sqlalchemy import func, select

from app.catalog.models import Service
from app.charters.models import Charter, Commitment
from app.core.clock import local_today
from app.core.types import WorkingDays
from app.extensions import db
from app.feedback.models import Feedback, FeedbackStatus, FeedbackType
from app.feedback.services import workflow
from app.indicators.models import IndicatorChange, Measurement, QuarterCompliance
from app.indicators.services.engine import recompute
from app.indicators.services.results import refresh_quarter_compliance
from app.staff.models import User
from tests.factories import make_charter, make_feedback, make_service, make_survey

FIGURES = (
    Measurement.indicator_id,
    Measurement.period,
    Measurement.numerator,
    Measurement.denominator,
    Measurement.value,
    Measurement.mean,
    Measurement.pending,
    Measurement.status,
    Measurement.recorded_at,
)


def results(with_time: bool = False) -> dict:
    """Every stored result, by indicator and period (with when it was recorded, if asked)."""
    rows = db.session.execute(select(*FIGURES)).all()
    return {(row[0], str(row[1])): tuple(row[2:] if with_time else row[2:-1]) for row in rows}


def quarter_figures() -> set:
    """The figures of each charter version's quarters that the results pages list."""
    return set(db.session.execute(select(QuarterCompliance.__table__)).tuples())


def quarters_in_step() -> bool:
    """Whether the quarter figures are those counted afresh from every stored result."""
    stored = quarter_figures()
    refresh_quarter_compliance()
    return quarter_figures() == stored


def counted_items():
    """Items of charter services that the automatic indicators count."""
    return (
        select(Feedback)
        .where(Feedback.type != FeedbackType.COMPLIMENT)
        .where(Feedback.service_id.in_(select(Service.id).join(Service.charters)))
        .order_by(Feedback.id)
    )


def test_an_incremental_run_stores_what_a_full_run_stores(demo):
    today = local_today()
    recompute(today=today)
    before = results()
    staff = db.session.scalar(select(User).order_by(User.id))
    open_items = db.session.scalars(
        counted_items().where(Feedback.status.in_((FeedbackStatus.RECEIVED,)))
    ).all()
    answered = db.session.scalars(
        counted_items()
        .where(Feedback.status == FeedbackStatus.ANSWERED)
        .where(Feedback.citizen_rating.is_(None))
    ).all()
    assert len(open_items) >= 2 and len(answered) >= 4, "the demo has items to change"

    workflow.answer(open_items[0], "Atendido.", staff)  # answered
    workflow.change_status(open_items[1], FeedbackStatus.DISMISSED, staff, note="Duplicado")
    workflow.rate_answer(answered[0], 2)  # rated: changes no indicator
    # Moved to a service of another charter: both charters change.
    moved = answered[1]
    elsewhere = db.session.scalar(
        select(Service)
        .join(Service.charters)
        .where(~Service.charters.any(Charter.id.in_([c.id for c in moved.service.charters])))
    )
    moved.service = elsewhere
    moved.response_days = WorkingDays(40)  # and late now, so that the move shows
    # Tied to the commitment of a charter that does not cover its service.
    outside = make_feedback(make_service(), answered[2].received_on, status=FeedbackStatus.ANSWERED,
                            response_days=WorkingDays(1), due_on=answered[2].due_on,
                            folio="SQR-2099-000001", submission_key="incremental")  # fmt: skip
    outside.commitment = db.session.scalar(select(Commitment).order_by(Commitment.id))
    db.session.delete(answered[3])  # deleted
    make_survey(answered[2].service, today, score=1)
    db.session.commit()

    assert db.session.scalar(select(func.count()).select_from(IndicatorChange)) > 0
    computed = recompute(today=today, changed=True)
    incremental = results()
    assert quarters_in_step()
    assert db.session.scalar(select(func.count()).select_from(IndicatorChange)) == 0
    assert 0 < computed < len(before)
    assert incremental != before  # the changes moved some results

    recompute(today=today)
    assert results() == incremental

    # Forty days later, with nothing changed: periods ended, open items ran late, new periods.
    later = today + timedelta(days=40)
    recompute(today=later, changed=True)
    incremental = results()
    assert quarters_in_step()
    recompute(today=later)
    assert results() == incremental


def test_an_unchanged_day_touches_nothing(empty_app):
    service = make_service()
    make_charter([service])
    make_feedback(service, date(2026, 3, 2), status=FeedbackStatus.ANSWERED,
                  response_days=WorkingDays(3), due_on=date(2026, 3, 16))  # fmt: skip
    db.session.commit()
    today = date(2026, 5, 4)
    recompute(today=today)
    stored = results(with_time=True)
    assert stored

    assert recompute(today=today, changed=True) == 0
    assert results(with_time=True) == stored

    # An answer given to an item of another service changes nothing here either.
    make_feedback(make_service(), date(2026, 3, 3), status=FeedbackStatus.ANSWERED,
                  response_days=WorkingDays(3), due_on=date(2026, 3, 17))  # fmt: skip
    db.session.commit()
    assert recompute(today=today, changed=True) == 0
    assert results(with_time=True) == stored


def test_a_change_recomputes_only_the_periods_of_its_month(empty_app):
    service = make_service()
    make_charter([service])  # a quarterly satisfaction indicator
    make_survey(service, date(2026, 2, 2), score=5)
    make_survey(service, date(2026, 5, 4), score=5)
    db.session.commit()
    today = date(2026, 8, 3)
    recompute(today=today)
    stored = results(with_time=True)
    assert {period for _i, period in stored} == {"2026-T1", "2026-T2", "2026-T3"}

    make_survey(service, date(2026, 2, 20), score=1)  # the first quarter only
    db.session.commit()
    assert recompute(today=today, changed=True) == 1

    now = results(with_time=True)
    assert {period for (_i, period), row in now.items() if stored[_i, period] != row} == {"2026-T1"}


def test_the_nightly_command(empty_app):
    service = make_service()
    make_charter([service])
    make_survey(service, date(2026, 2, 2), score=5)
    db.session.commit()
    runner = empty_app.test_cli_runner()

    assert "results recomputed" in runner.invoke(args=["indicators", "recompute"]).output
    output = runner.invoke(args=["indicators", "recompute", "--changed"]).output
    assert output == "0 results recomputed.\n"
    refused = runner.invoke(args=["indicators", "recompute", "--changed", "--period", "2026-T1"])
    assert refused.exit_code == 2 and "use it alone" in refused.output
