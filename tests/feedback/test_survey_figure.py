"""A satisfaction figure says how many survey responses it rests on: 100 % of 2 is not 100 % of
2,000."""

from sqlalchemy import select

from app.charters.models import Indicator, Source
from app.core.types import Period
from app.extensions import db
from app.indicators.services.engine import record_measurement
from tests.factories import make_charter, make_service


def test_the_charter_page_gives_the_number_of_responses(empty_app):
    charter = make_charter([make_service()])
    indicator = db.session.scalar(select(Indicator))
    record_measurement(indicator, Period.parse("2026-T1"), 2, 2, source=Source.SURVEY)
    db.session.commit()
    client = empty_app.test_client()
    text = client.get(f"/es/cartas/{charter.slug}").get_data(as_text=True)
    assert "Con base en 2 respuestas a la encuesta." in text
    english = client.get(f"/en/cartas/{charter.slug}").get_data(as_text=True)
    assert "Based on 2 survey responses." in english


def test_a_manual_measurement_says_nothing_about_responses(empty_app):
    charter = make_charter([make_service()])
    indicator = db.session.scalar(select(Indicator))
    record_measurement(indicator, Period.parse("2026-T1"), 9, 10, source=Source.MANUAL)
    db.session.commit()
    text = empty_app.test_client().get(f"/es/cartas/{charter.slug}").get_data(as_text=True)
    assert "respuestas a la encuesta" not in text
