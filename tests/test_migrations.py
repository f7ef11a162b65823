from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.extensions import db


def schema_differences():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_migrations_build_exactly_the_models_schema(empty_app):
    db.drop_all()
    upgrade()
    assert schema_differences() == []


def test_migrations_go_down_and_up_again(empty_app):
    db.drop_all()
    upgrade()
    downgrade(revision="base")
    assert "services" not in db.inspect(db.engine).get_table_names()
    upgrade()
    assert schema_differences() == []
