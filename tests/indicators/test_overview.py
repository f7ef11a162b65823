"""The home page's overview of results, kept counted (``app.indicators.services.overview``): what
the home page shows is always what counting the results gives, whether it reads the kept
figures or counts them itself."""

from datetime import timedelta

from sqlalchemy import select, update

from app.charters.models import CharterStatus, CharterVersion
from app.core.clock import local_today
from app.core.types import Period
from app.extensions import db
from app.indicators.models import ResultsOverview
from app.indicators.services.engine import recompute, record_measurement
from app.indicators.services.results import count_results_overview
from tests.conftest import Page
from tests.factories import make_charter, make_service

QUARTER = Period(2025, "T", 4)


def kept() -> ResultsOverview:
    db.session.expire_all()
    (row,) = db.session.scalars(select(ResultsOverview)).all()
    return row


def home(app) -> str:
    return Page(app.test_client().get("/es/")).text()


def measured_charter(numerator: int = 49):
    charter = make_charter([make_service()])
    db.session.flush()
    indicator = charter.versions[0].commitments[0].indicators[0]
    record_measurement(indicator, QUARTER, numerator, 50)
    db.session.commit()
    return charter, indicator


def test_a_commit_that_records_a_result_keeps_the_figures_counting_gives(empty_app):
    _charter, indicator = measured_charter()
    row = kept()
    assert (row.period, row.met, row.not_met, row.no_data, row.provisional) == (QUARTER, 1, 0, 0, 0)
    assert row.counted_on == local_today()
    assert count_results_overview(db.session, local_today()) == (QUARTER, (1, 0, 0, 0))
    assert "1 indicador: Cumplido" in home(empty_app)

    record_measurement(indicator, QUARTER, 10, 50)  # corrected: the target was missed
    db.session.commit()
    assert (kept().met, kept().not_met) == (0, 1)
    text = home(empty_app)
    assert "1 indicador: No cumplido" in text and "Cumplido" not in text.replace("No cumplido", "")


def test_a_change_rolled_back_leaves_the_figures_as_they_were(empty_app):
    _charter, indicator = measured_charter()
    record_measurement(indicator, QUARTER, 10, 50)
    db.session.flush()
    db.session.rollback()
    assert (kept().met, kept().not_met) == (1, 0)
    make_service()  # a later commit about something else counts nothing again
    db.session.commit()
    assert (kept().met, kept().not_met) == (1, 0)
    assert "1 indicador: Cumplido" in home(empty_app)


def test_a_version_withdrawn_by_a_statement_leaves_the_figures(empty_app):
    """A status moved by an UPDATE statement (as publication decisions are made) changes no
    object a flush sees: the figures are counted again all the same."""
    charter, _indicator = measured_charter()
    measured_charter(10)
    db.session.execute(
        update(CharterVersion)
        .where(CharterVersion.charter_id == charter.id)
        .values(status=CharterStatus.ARCHIVED)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    assert (kept().met, kept().not_met) == (0, 1)
    text = home(empty_app)
    assert "1 indicador: No cumplido" in text and "1 indicador: Cumplido" not in text


def test_figures_no_longer_true_are_counted_again_by_the_page(empty_app):
    """Kept figures from before today's quarter began, or counted on a later day than today
    (a clock set back), are not shown: the page counts the results itself."""
    measured_charter()
    today = local_today()
    for counted_on, valid_before in (
        (today - timedelta(days=90), today),
        (today + timedelta(days=1), today + timedelta(days=90)),
    ):
        db.session.execute(
            update(ResultsOverview).values(
                met=7, not_met=5, counted_on=counted_on, valid_before=valid_before
            )
        )
        db.session.commit()
        text = home(empty_app)
        assert "1 indicador: Cumplido" in text and "7 indicadores" not in text


def test_the_figures_are_true_until_the_next_quarter_or_a_version_starting_later(empty_app):
    measured_charter()
    assert kept().valid_before == Period.quarter_of(local_today()).end
    later = local_today() + timedelta(days=1)
    scheduled = make_charter([make_service()])
    scheduled.versions[0].valid_from = later
    db.session.commit()
    assert kept().valid_before == later


def test_recomputing_the_indicators_counts_the_figures_for_today(empty_app):
    """The nightly recomputation counts them again even when no result changed: the date may
    have moved them (a new quarter)."""
    measured_charter()
    yesterday = local_today() - timedelta(days=1)
    db.session.execute(
        update(ResultsOverview).values(met=7, counted_on=yesterday, valid_before=yesterday)
    )
    db.session.commit()
    recompute()
    row = kept()
    assert (row.counted_on, row.met, row.valid_before) == (
        local_today(),
        1,
        Period.quarter_of(local_today()).end,
    )


def test_the_results_page_opens_on_the_kept_quarter_only_while_it_is_true(empty_app):
    """The quarter the results page opens on is the kept one while the figures are true, and
    the one counting gives once they are not."""
    _charter, indicator = measured_charter()
    earlier = Period(2025, "T", 3)
    record_measurement(indicator, earlier, 49, 50)
    db.session.commit()
    client = empty_app.test_client()
    db.session.execute(update(ResultsOverview).values(period=earlier))
    db.session.commit()
    page = Page(client.get("/es/resultados"))
    assert page.soup.select_one("#periodo option[selected]")["value"] == str(earlier)
    today = local_today()
    db.session.execute(update(ResultsOverview).values(valid_before=today))
    db.session.commit()
    page = Page(client.get("/es/resultados"))
    assert page.soup.select_one("#periodo option[selected]")["value"] == str(QUARTER)
