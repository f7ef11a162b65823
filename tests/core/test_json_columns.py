"""JSON columns are decoded with orjson (app/config.py), and still read what only Python's own
encoder writes: NaN and Infinity, which SQLite keeps."""

import math

import pytest
from sqlalchemy import select, text

from app.catalog.models import Service
from app.extensions import db
from tests.factories import make_service


def test_json_columns_read_back_what_was_written(empty_app):
    service = make_service()
    service.keywords = ["licencia", "náhuatl ✔", 3, 2.5, None, {"a": [1]}]
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(select(Service.keywords)) == service.keywords


def test_json_written_with_nan_or_infinity_is_read(empty_app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL refuses NaN and Infinity in JSON")
    make_service()
    db.session.commit()
    db.session.execute(text("UPDATE services SET keywords = '[NaN, Infinity]'"))
    db.session.commit()
    nan, infinity = db.session.scalar(select(Service.keywords))
    assert math.isnan(nan) and infinity == math.inf
