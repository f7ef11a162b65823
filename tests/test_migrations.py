import os
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import Date, column, insert, select, table, text

from app import create_app
from app.catalog.models import Dependency
from app.catalog.services import find_dependencies
from app.config import TestConfig
from app.core.types import Translated
from app.extensions import MIGRATIONS_DIR, db, include_object
from tests.conftest import new_database

ROOT = Path(__file__).resolve().parent.parent


def schema_differences():
    with db.engine.connect() as connection, warnings.catch_warnings():
        # Alembic warns of every expression index before its filters leave out those of other
        # engines (``only_on``): SQLite has none of them, and PostgreSQL's run compares them.
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
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


def test_db_commands_migrate_an_app_that_did_not_load_them(tmp_path_factory):
    with new_database(tmp_path_factory) as url:
        application = create_app(type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
        assert "migrate" not in application.extensions
        head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
        runner = application.test_cli_runner()
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
        with application.app_context():
            assert "services" in db.inspect(db.engine).get_table_names()
            assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head
            db.session.remove()
            db.engine.dispose()


def test_web_workers_do_not_load_alembic():
    # Alembic and Mako weigh 12 MB per worker; only the ``flask db`` commands need them.
    code = (
        "import sys, app; app.create_app(); "
        "print(sorted(m for m in ('alembic', 'mako') if m in sys.modules))"
    )
    env = {**os.environ, "APP_CONFIG": "test"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_dependencies_already_there_become_searchable(empty_app):
    db.drop_all()
    upgrade(revision="e5b8c2d4f6a1")
    dependencies = table(
        "dependencies", column("slug"), column("name", Translated), column("acronym")
    )
    name = {"es": "Tesorería Municipal", "en": "Municipal Treasury"}
    db.session.execute(insert(dependencies).values(slug="tesoreria", name=name, acronym="TM"))
    db.session.commit()
    upgrade()
    assert db.session.scalar(select(Dependency.search_text)) == (
        "\nmunicipal treasury\ntesoreria municipal\ntm\n"
    )
    assert find_dependencies("TESORERÍA", limit=5).items[0].slug == "tesoreria"


def test_days_already_declared_become_periods_of_one_day(empty_app):
    db.drop_all()
    upgrade(revision="a18fa68c4630")
    days = table("non_working_days", column("day", Date), column("description", Translated))
    db.session.execute(
        insert(days).values(day=date(2025, 12, 12), description={"es": "Día de la Virgen"})
    )
    db.session.commit()
    upgrade()
    periods = table(
        "non_working_periods", column("id"), column("first_day", Date), column("reason", Translated)
    )
    period_id, first_day, reason = db.session.execute(select(periods)).one()
    assert (first_day, reason) == (date(2025, 12, 12), {"es": "Día de la Virgen"})
    stored = db.session.execute(text("SELECT period_id FROM non_working_days")).scalar_one()
    assert stored == period_id


def search_text_storage() -> str:
    return db.session.scalar(
        text(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'services'::regclass AND attname = 'search_text'"
        )
    )


def test_the_search_text_stays_in_the_row_with_migrations_and_without(empty_app):
    """A catalog search checks every found row's folded text: on PostgreSQL it is stored in the
    row (MAIN), not pushed out to the TOAST table, whether the schema was built by the models
    or by the migrations."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("column storage is PostgreSQL's (set TEST_DATABASE_URL)")
    assert search_text_storage() == "m"
    db.session.remove()
    db.drop_all()
    upgrade()
    assert search_text_storage() == "m"
    downgrade(revision="d5a2e8c4f7b1")
    assert search_text_storage() == "x"
