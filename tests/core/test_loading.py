"""Lists bound when a statement built once runs (app/core/loading.py ``one_of``): the rows of
any number of values, and on PostgreSQL one statement text for every count."""

import pytest
from sqlalchemy import select

from app.catalog.models import Topic
from app.core.loading import one_of
from app.extensions import db

TOPICS = select(Topic.slug).where(one_of(Topic.id, "ids")).order_by(Topic.id)


def test_one_of_reads_the_rows_of_the_values_bound(app_context):
    ids = db.session.scalars(select(Topic.id).order_by(Topic.id)).all()
    assert len(ids) > 3
    for chosen in ([], [ids[0]], ids[1:3], ids, [ids[-1], -1, 0]):
        expected = db.session.scalars(
            select(Topic.slug).where(Topic.id.in_(chosen)).order_by(Topic.id)
        ).all()
        assert db.session.scalars(TOPICS, {"ids": chosen}).all() == expected


def test_on_postgresql_the_list_is_one_parameter(app_context, count_queries):
    """A statement whose text grew with its list was rendered and parsed again for every count,
    and never prepared."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no arrays: the list is written in, one parameter per value")
    ids = db.session.scalars(select(Topic.id)).all()
    with count_queries() as statements:
        db.session.scalars(TOPICS, {"ids": ids[:1]}).all()
        db.session.scalars(TOPICS, {"ids": ids}).all()
    assert len(statements) == 2 and statements[0] == statements[1]
    assert "ANY" in statements[0]
