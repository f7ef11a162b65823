"""Flask extensions, created here and attached to the app in ``create_app``."""

import sqlite3
from pathlib import Path

from flask import Flask
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import Index, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from app.core.i18n import PortalBabel
from app.core.ratelimit import by_address, public_page

# Named constraints so that migrations can alter them on every engine.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Inside the package, so that an installed wheel can migrate its database.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def only_on(dialect: str, index: Index) -> Index:
    """``index``, created on ``dialect`` only (by ``create_all`` and by its migration); schema
    comparisons on other engines leave it out (``include_object``)."""
    index.info["only_on"] = dialect
    return index.ddl_if(dialect=dialect)


def include_object(obj, _name, type_, _reflected, _compare_to) -> bool:
    """Whether Alembic compares the models' ``obj`` with the database: not an index made for
    another engine (``only_on``)."""
    dialect = obj.info.get("only_on") if type_ == "index" else None
    return dialect is None or dialect == db.engine.dialect.name


def init_migrations(app: Flask) -> None:
    """Attach Flask-Migrate to ``app``, for the ``flask db`` commands and the tests.

    Only they do it: Alembic and Mako, which Flask-Migrate imports, would add 12 MB to every web
    worker that never migrates anything.
    """
    from flask_migrate import Migrate

    if "migrate" not in app.extensions:
        Migrate(
            app,
            db,
            directory=str(MIGRATIONS_DIR),
            compare_type=True,
            render_as_batch=True,
            render_item=render_item,
            include_object=include_object,
        )


def render_item(type_, obj, autogen_context):
    """Render our column types as their plain SQL types, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


@event.listens_for(Engine, "connect")
def _unicode_lower(connection, _record) -> None:
    """SQLite's ``lower()``, and with it its ``ilike``, folds ASCII letters only: "árbol" did
    not find "Árbol" as it does on PostgreSQL. Python's folds every letter."""
    if isinstance(connection, sqlite3.Connection):
        connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(text):
    return text.lower() if isinstance(text, str) else text


class PortalSQLAlchemy(SQLAlchemy):
    def paginate(self, select, *, max_per_page: int | None = None, **options):
        """Flask-SQLAlchemy's, its limit and offset written into the SQL (see
        ``app.core.pagination.LIMIT``)."""
        from app.core.pagination import WrittenPagination  # it reads ``db``

        session = self.session()
        return WrittenPagination(
            select=select, session=session, max_per_page=max_per_page, **options
        )


db = PortalSQLAlchemy(model_class=Base)
babel = PortalBabel()
csrf = CSRFProtect()
htmx = Htmx()
login = LoginManager()
# Storage comes from RATELIMIT_STORAGE_URI: memory by default, Redis when REDIS_URL is set (and
# memory again while Redis is unreachable, see app/core/shared.py).
limiter = Limiter(key_func=by_address, default_limits=[])
limiter.request_filter(public_page)
