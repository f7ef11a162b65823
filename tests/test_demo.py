"""The demo institution that `flask seed-demo` loads (issue: realistic, complete in Spanish)."""

from collections import Counter

from sqlalchemy import func, select

from app.catalog.models import Dependency, Modality, Office, Service, ServiceKind
from app.charters.models import Charter, CharterStatus, CharterVersion, StandardIndicator
from app.extensions import db
from app.indicators.models import Measurement, MeasurementStatus


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_command_is_idempotent(empty_app):
    runner = empty_app.test_cli_runner()
    assert "Demo data loaded." in runner.invoke(args=["seed-demo"]).output
    services = count(Service)
    assert "nothing changed" in runner.invoke(args=["seed-demo"]).output
    assert count(Service) == services


def test_demo_has_the_size_the_issue_asks_for(app_context):
    assert count(Dependency) >= 12
    assert count(Service) >= 60
    assert count(Office) >= 10
    services = db.session.scalars(select(Service)).all()
    assert {s.kind for s in services} == set(ServiceKind)
    assert {s.modality for s in services} == set(Modality)
    assert any(s.cost_amount is None for s in services) and any(s.cost_amount for s in services)
    published = db.session.scalars(
        select(CharterVersion).where(CharterVersion.status == CharterStatus.PUBLISHED)
    ).all()
    assert len(published) >= 15


def test_every_charter_has_the_five_standard_indicators_and_custom_ones(app_context):
    for version in db.session.scalars(select(CharterVersion)):
        indicators = [i for c in version.commitments for i in c.indicators]
        assert {i.standard for i in indicators} >= set(StandardIndicator), version.charter.slug
        if version.status is CharterStatus.PUBLISHED:
            assert any(i.standard is None for i in indicators), version.charter.slug


def test_four_quarters_of_results_with_met_and_unmet_targets(app_context):
    periods = db.session.scalars(
        select(Measurement.period).join(Measurement.indicator).distinct()
    ).all()
    assert {"2025-T4", "2026-T1", "2026-T2", "2026-T3"} <= {str(p) for p in periods}
    statuses = Counter(db.session.scalars(select(Measurement.status)))
    assert statuses[MeasurementStatus.MET] > statuses[MeasurementStatus.NOT_MET] > 0


def test_gender_equality_office_has_the_three_charters_of_seed_001(app_context):
    titles = [
        c.title["es"].lower()
        for c in db.session.scalars(select(Charter).join(Charter.dependency))
        if "igualdad" in c.dependency.name["es"].lower()
    ]
    for topic in ("jurídica", "psicológica", "autoempleo"):
        assert any(topic in title for title in titles), topic


def test_spanish_is_complete_and_other_languages_are_partial(app_context):
    names = [s.name for s in db.session.scalars(select(Service))]
    assert all(name.get("es") for name in names)
    assert 0 < sum("en" in n for n in names) < len(names)
    assert 0 < sum("nah" in n for n in names) < len(names)


def test_the_demo_municipality_declares_its_non_working_days(app_context):
    from datetime import date

    from app.core.calendar import NonWorkingPeriod, WorkingCalendar
    from app.staff.models import AuditLog

    periods = db.session.scalars(select(NonWorkingPeriod)).all()
    assert {p.first_day.year for p in periods} == {2024, 2025, 2026}
    assert any(p.length > 10 for p in periods)  # the vacation periods
    calendar = WorkingCalendar.load()
    # The issue's example: the winter vacation moves a complaint of 19 Dec 2024.
    assert calendar.add_working_days(date(2024, 12, 19), 10) == date(2025, 1, 17)
    assert calendar.holiday_name(date(2025, 5, 5)) == "Aniversario de la Batalla de Puebla"
    # Loaded through the same import staff use: audited.
    added = db.session.scalar(
        select(func.count(AuditLog.id)).where(AuditLog.action.like("calendar.%_added"))
    )
    assert added == len(periods)
