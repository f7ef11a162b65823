from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.charters.models import Comparator, Indicator, IndicatorKind, Source
from app.core.rules import RuleError
from app.core.types import Period
from app.extensions import db
from app.indicators.models import ActionOrigin, ActionStatus, Measurement, MeasurementStatus
from app.indicators.services import manual
from app.indicators.services.engine import Result, evaluate, recompute, record_measurement
from app.indicators.services.outcomes import measurement_history
from app.staff.models import AuditLog, Role
from app.staff.services import create_user
from tests.factories import make_charter, make_service
from tests.staff.conftest import PASSWORD


def indicator(kind=IndicatorKind.SHARE_WITHIN, target=90, comparator=Comparator.AT_LEAST):
    return Indicator(kind=kind, target=Decimal(target), comparator=comparator)


@pytest.mark.parametrize(
    "definition, numerator, denominator, value, status",
    [
        (indicator(), 45, 50, Decimal("90.00"), MeasurementStatus.MET),
        (indicator(), 44, 50, Decimal("88.00"), MeasurementStatus.NOT_MET),
        # Stored rounded toward "at least": 66.666… is 66.66, never more than it is.
        (indicator(), 2, 3, Decimal("66.66"), MeasurementStatus.NOT_MET),
        (indicator(), 179, 199, Decimal("89.94"), MeasurementStatus.NOT_MET),
        (
            indicator(IndicatorKind.MEAN, 15, Comparator.AT_MOST),
            600,
            50,
            Decimal("12.00"),
            MeasurementStatus.MET,
        ),
        (
            indicator(IndicatorKind.MEAN, 15, Comparator.AT_MOST),
            800,
            50,
            Decimal("16.00"),
            MeasurementStatus.NOT_MET,
        ),
        (
            indicator(IndicatorKind.COUNT, 4, Comparator.EQUAL),
            4,
            None,
            Decimal("4.00"),
            MeasurementStatus.MET,
        ),
        (indicator(), 0, 0, None, MeasurementStatus.NO_DATA),
        (indicator(), None, 50, None, MeasurementStatus.NO_DATA),
    ],
)
def test_evaluate(definition, numerator, denominator, value, status):
    result = Result(numerator, denominator)
    assert evaluate(definition, Period(2026, "T", 1), result) == (value, status)


def test_recording_twice_for_a_period_corrects_the_result(empty_app):
    charter = make_charter([make_service()])
    db.session.commit()
    target = charter.versions[0].commitments[0].indicators[0]
    record_measurement(target, Period(2026, "T", 1), 40, 50)
    record_measurement(target, Period(2026, "T", 2), 48, 50, source=Source.MYSTERY_SHOPPER)
    db.session.commit()
    record_measurement(target, Period(2026, "T", 1), 46, 50)
    db.session.commit()
    assert db.session.query(Measurement).count() == 2
    history = measurement_history([target.id])[target.id]
    assert [str(m.period) for m in history] == ["2026-T2", "2026-T1"]
    assert [m.status for m in history] == [MeasurementStatus.MET, MeasurementStatus.MET]
    assert history[0].source is Source.MYSTERY_SHOPPER and history[1].source is Source.SURVEY


def test_manual_writes_check_their_rules_then_audit_and_commit(empty_app):
    charter = make_charter([make_service()])
    db.session.commit()
    target = charter.versions[0].commitments[0].indicators[0]
    target.source = Source.MANUAL
    mara = create_user("mara@example.org", "Mara", Role.MANAGER, PASSWORD, charter.dependency)
    quarter, today = Period(2026, "T", 1), date(2026, 5, 1)

    def record(numerator, denominator, evidence):
        return manual.record_manual(
            target, quarter, Decimal(numerator), Decimal(denominator), Source.MANUAL, evidence,
            mara, today, "192.0.2.1",
        )  # fmt: skip

    with pytest.raises(RuleError) as refused:
        record(11, 10, manual.Evidence())
    assert set(refused.value.problems) == {"numerador"}  # the evidence waits for the figures
    with pytest.raises(RuleError) as refused:
        record(9, 10, manual.Evidence())
    assert set(refused.value.problems) == {"evidencia_nota"}
    assert db.session.scalar(select(Measurement)) is None

    measurement = record(9, 10, manual.Evidence(note="Diez visitas."))
    plan = manual.ActionPlan(
        origin=ActionOrigin.UNMET_INDICATOR, unmet=measurement, cause="Obra.", action=None,
        justification="Cerrado por obra.", responsible=None, due_on=None,
        status=ActionStatus.PLANNED,
    )  # fmt: skip
    action = manual.save_action(charter, None, plan, mara, "192.0.2.1")
    db.session.rollback()  # both were committed
    assert action.status is ActionStatus.JUSTIFIED and action.created_by == mara
    audits = db.session.execute(
        select(AuditLog.action, AuditLog.detail, AuditLog.ip).where(AuditLog.user == mara)
    ).all()
    assert audits == [
        (
            "measurement.recorded",
            {"period": "2026-T1", "numerator": "9", "denominator": "10"},
            "192.0.2.1",
        ),
        ("improvement_action.saved", {"charter": charter.slug}, "192.0.2.1"),
    ]

    # A correction keeps in the audit what it replaced: the result no longer shows it.
    record(10, 10, manual.Evidence(note="Recontadas."))
    (correction,) = db.session.scalars(
        select(AuditLog.detail)
        .where(AuditLog.action == "measurement.recorded")
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    assert correction["numerator"] == "10"
    assert correction["replaced"] == {
        "numerator": "9.00",
        "denominator": "10.00",
        "status": "met",
        "evidence_file": None,
        "evidence_stored": None,
    }


def test_a_manual_result_recorded_while_its_quarter_ran_is_judged_once_it_ends(empty_app):
    charter = make_charter([make_service()])
    db.session.commit()
    target = charter.versions[0].commitments[0].indicators[0]
    target.source = Source.MANUAL
    mara = create_user("mara@example.org", "Mara", Role.MANAGER, PASSWORD, charter.dependency)
    quarter = Period(2026, "T", 1)
    measurement = manual.record_manual(
        target, quarter, Decimal(8), Decimal(10), Source.MANUAL,
        manual.Evidence(note="Diez visitas."), mara, date(2026, 3, 15),
    )  # fmt: skip
    assert measurement.status is MeasurementStatus.PROVISIONAL
    recompute(today=date(2026, 3, 31))  # not ended yet
    assert measurement.status is MeasurementStatus.PROVISIONAL
    recompute(changed=True, today=date(2026, 4, 1))  # the nightly run, once it has ended
    db.session.expire_all()
    measurement = db.session.get(Measurement, measurement.id)
    assert (measurement.status, measurement.value) == (MeasurementStatus.NOT_MET, Decimal("80"))
