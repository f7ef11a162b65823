"""``flask dev generate``: realistic generated data, consistent on every engine."""

import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from app.catalog.models import Dependency, Service, dependency_search_text
from app.charters.models import Charter, CharterVersion, Indicator
from app.core.calendar import NonWorkingDay
from app.demo import data
from app.dev.generate import GENERATED_ACCESS_CODE, NotEmpty, Sizes, generate
from app.extensions import db
from app.feedback.models import (
    EventKind,
    Feedback,
    FeedbackEvent,
    FeedbackStatus,
    FolioCounter,
    SurveyResponse,
)
from app.indicators.models import Measurement
from tests.conftest import make_app, new_database
from tests.feedback.conftest import Journey

SIZES = Sizes(services=90, feedback=700, surveys=150, years=2)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    files = tmp_path_factory.mktemp("generated")
    with new_database(tmp_path_factory) as url:
        application = make_app(url, UPLOAD_FOLDER=str(files / "up"), MAIL_FOLDER=str(files / "m"))
        with application.app_context():
            upgrade()
            report = generate(SIZES)
            yield application, report
            db.session.remove()
            db.engine.dispose()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_sizes_asked_for_are_generated(generated):
    _app, report = generated
    assert count(Service) == 90 == report.counts["services"]
    assert count(Feedback) == 700 and count(SurveyResponse) == 150
    assert count(Charter) > 0 and count(Indicator) >= 5 * count(Charter)
    # Every indicator is measured in each of the 8 quarters of two years.
    assert count(Measurement) == 8 * count(Indicator)
    assert db.session.scalar(select(func.count(FeedbackEvent.id))) > count(Feedback)


def test_the_data_is_consistent(generated):
    every_item_was_created = select(FeedbackEvent.id).where(
        FeedbackEvent.feedback_id == Feedback.id, FeedbackEvent.kind == EventKind.CREATED
    )
    assert not db.session.scalar(
        select(func.count(Feedback.id)).where(~every_item_was_created.exists())
    )
    folios = db.session.scalars(select(Feedback.folio)).all()
    assert len(set(folios)) == len(folios)
    for counter in db.session.scalars(select(FolioCounter)):
        assert counter.last == db.session.scalar(
            select(func.count(Feedback.id)).where(Feedback.folio.like(f"SQR-{counter.year}-%"))
        )
    answered = db.session.scalars(
        select(Feedback).where(Feedback.status == FeedbackStatus.ANSWERED).limit(20)
    ).all()
    assert answered and all(f.response_days and f.public_response for f in answered)
    assert all(v.status.value == "published" for v in db.session.scalars(select(CharterVersion)))
    assert all(
        s.search_text and s.dependency_id for s in db.session.scalars(select(Service).limit(50))
    )
    # Written without the ORM, yet searchable as the ORM would have indexed them.
    assert all(
        d.search_text == dependency_search_text(d.name, d.acronym)
        for d in db.session.scalars(select(Dependency))
    )


def test_generated_data_serves_pages_and_new_rows_follow_it(generated):
    application, _report = generated
    client = application.test_client()
    service = db.session.scalar(select(Service.slug).order_by(Service.id))
    charter = db.session.scalar(select(Charter.slug).order_by(Charter.id))
    for path in (
        "/es/",
        "/es/servicios?q=predial",
        f"/en/servicios/{service}",
        f"/nah/cartas/{charter}",
        "/es/programas/pat-2024",  # the demo's program, measured by the benchmark too
    ):
        assert client.get(path).status_code == 200, path
    item = db.session.scalar(select(Feedback).order_by(Feedback.id.desc()))
    tracked = client.post(
        "/es/buzon/seguimiento", data={"folio": item.folio, "codigo": GENERATED_ACCESS_CODE}
    )
    assert tracked.status_code == 303
    # A new submission gets the next id and the next folio of its year (sequences moved on).
    folio, _code = Journey(client).submit()
    year = int(folio.split("-")[1])
    last = db.session.scalar(select(FolioCounter.last).filter_by(year=year))
    assert re.fullmatch(rf"SQR-{year}-{last:06d}", folio)
    assert db.session.scalar(select(Feedback.id).filter_by(folio=folio)) == count(Feedback)


def test_the_institution_and_its_calendar_come_as_the_demos(generated):
    application, _report = generated
    home = application.test_client().get("/es/")
    assert data.INSTITUTION["name"]["es"] in home.text
    declared = set(db.session.scalars(select(NonWorkingDay.day)))
    assert declared
    # Declared before the items were written: no item is due on a day the institution is closed.
    due = set(db.session.scalars(select(Feedback.due_on).where(Feedback.due_on.is_not(None))))
    assert due and not due & declared


def test_it_refuses_a_database_with_data(generated):
    with pytest.raises(NotEmpty):
        generate(Sizes(services=1, feedback=1))


def test_the_command_reports_what_it_wrote(tmp_path_factory):
    with new_database(tmp_path_factory) as url:
        application = make_app(url)
        with application.app_context():  # the command runs in this app, not the module's
            upgrade()
            result = application.test_cli_runner().invoke(
                args=["dev", "generate", "--services", "10", "--feedback", "30", "--years", "1"]
            )
            assert result.exit_code == 0, result.output
            assert re.search(r"feedback\s+30\n", result.output)
            assert GENERATED_ACCESS_CODE in result.output
            db.engine.dispose()
