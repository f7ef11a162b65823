"""Fixtures: a seeded demo app shared by read-only tests, fresh databases for tests that write.

The suite runs on SQLite by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set; every
database it creates is its own (a temporary file, or a new PostgreSQL database dropped at the end).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from contextlib import contextmanager
from copy import copy
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from flask import g
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from app import create_app
from app.config import TestConfig
from app.extensions import db, init_migrations

# The languages the public pages are offered in with the shipped catalogs: Otomí and Mazahua are
# content languages too, but the switcher offers them once their catalogs cover the citizen
# journey (``app.core.i18n.offered_languages``).
OFFERED_LANGUAGES = ("es", "en", "nah")
SERVER_URL = os.environ.get("TEST_DATABASE_URL")


def _server_database(template: str | None = None) -> str:
    """A new PostgreSQL database (a copy of ``template``'s when given); its URL."""
    server = make_url(SERVER_URL)
    name = f"test_portal_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{make_url(template).database}"' if template else ""
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def _drop_server_database(url: str) -> None:
    admin = create_engine(make_url(SERVER_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def new_database(tmp_path_factory, template: str | None = None):
    """Yield the URL of a new database, empty or a copy of ``template``, and remove it
    afterwards. Copying a file (SQLite) or a template database (PostgreSQL) costs a fraction
    of building the schema or seeding the demo again."""
    if not SERVER_URL:
        path = tmp_path_factory.mktemp("db") / "portal.sqlite3"
        if template:
            shutil.copyfile(make_url(template).database, path)
        yield f"sqlite:///{path}"
        return
    url = _server_database(template)
    try:
        yield url
    finally:
        _drop_server_database(url)


# Databases built once per session, by kind, and copied by the tests that need one.
_templates: dict[str, str] = {}


def template(tmp_path_factory, kind: str, build) -> str:
    """The URL of a database that ``build()`` filled (in an app context) once per session."""
    if kind not in _templates:
        if SERVER_URL:
            url = _server_database()
        else:
            url = f"sqlite:///{tmp_path_factory.mktemp('templates') / kind}.sqlite3"
        application = make_app(url)
        with application.app_context():
            build()
            db.session.remove()
            # PostgreSQL copies a template only when nobody is connected to it.
            db.engine.dispose()
        _templates[kind] = url
    return _templates[kind]


@pytest.fixture(scope="session", autouse=True)
def drop_templates():
    yield
    if SERVER_URL:
        for url in _templates.values():
            _drop_server_database(url)
    _templates.clear()


def make_app(url: str, **settings):
    config = type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, **settings})
    application = create_app(config)
    init_migrations(application)

    @application.before_request
    def forget_the_previous_request():
        # Tests hold an app context open, which requests then share (and its ``g``): without
        # this, Flask-Login would take the previous request's user for the next one.
        g.pop("_login_user", None)

    return application


@contextmanager
def demo_app(tmp_path_factory):
    """An app on its own database as the migrations and ``seed-demo`` leave it (a copy of the
    session's, which is built once)."""
    from app.demo.seed import seed_demo

    def build():
        upgrade()
        seed_demo()

    files = tmp_path_factory.mktemp("files")
    with new_database(tmp_path_factory, template(tmp_path_factory, "demo", build)) as url:
        application = make_app(
            url, UPLOAD_FOLDER=str(files / "uploads"), MAIL_FOLDER=str(files / "mail")
        )
        yield application
        with application.app_context():
            db.engine.dispose()


WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b", re.IGNORECASE)
# The dashboard's figures move to the new day on the first visit after the institution's
# midnight, whichever test makes it (a run crossing 06:00 UTC): keeping them current is no
# test's write.
DAY_ROLLOVER = re.compile(
    r"\s*(INSERT INTO|UPDATE|DELETE FROM)\s+dashboard_(state|months|totals|window)\b",
    re.IGNORECASE,
)
# The statements that wrote to a read-only app, by app, since its last check.
_writes: dict[object, list[str]] = {}


def read_only(application):
    """Record every statement that writes to ``application``'s database: tests sharing it must
    not change what the next test reads (``check_read_only`` fails the test that did)."""
    with application.app_context():
        engine = db.engine

    def before_cursor_execute(_connection, _cursor, statement, *_args):
        if WRITES.match(statement) and not DAY_ROLLOVER.match(statement):
            _writes[application].append(statement)

    _writes[application] = []
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    return application


@pytest.fixture(autouse=True)
def check_read_only(request):
    """Fail a test that wrote to a database shared with other tests."""
    yield
    for statements in _writes.values():
        if statements:
            written = list(dict.fromkeys(statements))
            statements.clear()
            pytest.fail(
                f"{request.node.nodeid} wrote to a shared read-only database (use empty_app or "
                f"a demo of its own):\n" + "\n".join(written[:5])
            )


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The demo institution shared by the whole session; tests must not write."""
    with demo_app(tmp_path_factory) as application:
        yield read_only(application)
        _writes.pop(application)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def empty_app(tmp_path_factory):
    """An app on its own empty database with the schema created, for tests that write."""
    files = tmp_path_factory.mktemp("files")
    schema = template(tmp_path_factory, "empty", db.create_all)
    with new_database(tmp_path_factory, schema) as url:
        application = make_app(
            url, UPLOAD_FOLDER=str(files / "uploads"), MAIL_FOLDER=str(files / "mail")
        )
        with application.app_context():
            yield application
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def demo(tmp_path_factory):
    """A copy of the demo of the test's own, for tests that write."""
    with demo_app(tmp_path_factory) as application, application.app_context():
        yield application
        db.session.remove()


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a ``with count_queries(app) as counter:`` block."""

    @contextmanager
    def counter(application=None):
        application = application or app
        counted = []

        def before_cursor_execute(*args):
            counted.append(args[2])

        with application.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield counted
        finally:
            event.remove(engine, "before_cursor_execute", before_cursor_execute)

    return counter


@pytest.fixture
def clock_stopped(monkeypatch):
    """The application's clock stopped at the test's start: a test that compares two
    measurements (queries per page before and after adding data) must not see the institution's
    day change between them, as at midnight, when the dashboard moves its figures to the new day."""
    from app.core import clock

    moment = clock.utcnow().replace(tzinfo=UTC)

    class Stopped(datetime):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz) if tz else moment.astimezone().replace(tzinfo=None)

    monkeypatch.setattr(clock, "datetime", Stopped)
    return moment


class Page:
    """A fetched HTML page, parsed, with the checks every page must pass."""

    def __init__(self, response):
        self.response = response
        self.status = response.status_code
        self.html = response.get_data(as_text=True)
        self.soup = BeautifulSoup(self.html, "html.parser")

    @property
    def lang(self) -> str:
        return self.soup.html["lang"]

    @property
    def h1(self) -> str:
        """The heading's text, without the note that its translation is in review (the
        ``<title>`` has no such note)."""
        heading = copy(self.soup.h1)
        for note in heading.select(".in-review"):
            note.decompose()
        return heading.get_text(" ", strip=True)

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True)

    def text(self) -> str:
        return re.sub(r"\s+", " ", self.soup.get_text(" "))

    def check_structure(self) -> None:
        assert len(self.soup.find_all("h1")) == 1, "one h1 per page"
        if self.soup.select_one(".error-summary"):
            # "Error: " in the page's language before the page's own title.
            prefix, _h1, _rest = self.title.partition(self.h1)
            assert prefix.endswith(": ") and _h1, f"an error title: {self.title}"
        else:
            assert self.title.startswith(self.h1), self.title
        ids = [tag["id"] for tag in self.soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), "ids are unique"
        assert self.soup.find("main", id="main")
        assert self.soup.find("a", href="#main"), "skip link"
        for form in self.soup.find_all("form"):
            assert form.get("action"), "every form has an action"
        assert not self.soup.find_all(style=True), "no inline style"
        assert not [s for s in self.soup.find_all("script") if not s.get("src")], "no inline script"


def fetch(client, url: str, status: int = 200, method: str = "get", **kwargs) -> Page:
    """Request ``url`` with any client (a citizen's or a signed-in person's), assert the status
    and, for an HTML page, the structure every page must have."""
    page = Page(getattr(client, method)(url, **kwargs))
    assert page.status == status, (url, page.status)
    if page.html.lstrip().startswith("<!doctype html>"):
        page.check_structure()
    return page


@pytest.fixture
def get_page(client):
    """``fetch`` with the citizen's client of the shared demo."""

    def get(url: str, status: int = 200, **kwargs) -> Page:
        return fetch(client, url, status, **kwargs)

    return get


@pytest.fixture
def signed_in(request):
    """``signed_in(role, dependency=None, **fields)``: a client signed in as a new staff member
    with that role; ``signed_in(user)`` signs an existing one in. On the test's ``demo`` when it
    has one, else on its ``empty_app``."""
    from app.staff.models import User
    from tests.factories import PASSWORD, make_user

    application = request.getfixturevalue("demo" if "demo" in request.fixturenames else "empty_app")

    def sign_in_as(who, dependency=None, **fields):
        user = who if isinstance(who, User) else make_user(who, dependency, **fields)
        client = application.test_client()
        response = client.post("/auth/entrar", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 303, f"{user.email} signs in"
        return client

    return sign_in_as


def require_tool(available: bool, what: str) -> None:
    """Skip when a test tool is missing, except under CI, where everything must run."""
    if not available:
        message = f"{what} is not installed (scripts/install-test-tools installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def skip_until(available: bool, why: str) -> None:
    """Skip a test of a feature another branch brings (also under CI, unlike missing tools)."""
    if not available:
        pytest.skip(why)


@pytest.fixture(scope="session")
def public_paths(app):
    """Every public page of the demo, in every language (paths without the host)."""
    from sqlalchemy import select

    from app.catalog.models import Service
    from app.charters.models import Charter
    from app.indicators.models import Evaluation

    with app.app_context():
        service = db.session.scalar(select(Service.slug).order_by(Service.slug))
        charter = db.session.scalar(select(Charter.slug).order_by(Charter.slug))
        evaluated = db.session.scalar(select(Charter.slug).join(Evaluation.charter).limit(1))
    pages = [
        "",
        "servicios",
        "servicios?q=licencia&modalidad=presencial",
        "servicios?page=2",
        f"servicios/{service}",
        "cartas",
        f"cartas/{charter}",
        f"cartas/{charter}/informes/2026-T3",
        f"cartas/{evaluated}",
        f"cartas/{evaluated}/evaluacion/2025",
        "accesibilidad",
        "privacidad",
        "buzon",
        "buzon/nuevo?tipo=queja",
        "buzon/nuevo?tipo=reclamacion&servicio=acta-de-nacimiento",
        "buzon/seguimiento",
        "buzon/seguimiento/codigo",
        "buzon/recibido/SQR-2026-000001",  # a stranger's view: neutral
        f"encuesta/{service}",
        "resultados",
        "resultados?periodo=2025-T4&dependencia=secretaria-del-ayuntamiento",
        "tablero",
        "programas",
        "programas/pat-2024",
        "programas/pat-2024?objetivo=5&avance=off_track",
    ]
    return [f"/{code}/{page}" for code in OFFERED_LANGUAGES for page in pages]


@pytest.fixture(scope="session")
def search_paths():
    """The states of the citizen's service search (prompt, results, none found, nothing
    chosen), in every language: pages of the demo seen through ``long_catalog``."""

    pages = [
        "buzon/nuevo?tipo=queja",
        "buzon/nuevo?tipo=queja&q=licencia",
        "buzon/nuevo?tipo=queja&q=pasaporte",
        "buzon/nuevo?tipo=queja&q=licencia&continuar=1",
    ]
    return [f"/{code}/{page}" for code in OFFERED_LANGUAGES for page in pages]


@contextmanager
def configured(application, **settings):
    """The app with these settings for the duration of the block."""
    previous = {name: application.config[name] for name in settings}
    application.config.update(settings)
    try:
        yield
    finally:
        application.config.update(previous)


def long_catalog(application, limit: int = 3):
    """The demo as if its catalog were too long to list: "which service" is then a search."""
    return configured(application, SERVICE_LIST_LIMIT=limit)


def many_dependencies(application, limit: int = 3):
    """The demo as if its dependencies were too many to list: the dependency filters are then
    text fields."""
    return configured(application, DEPENDENCY_LIST_LIMIT=limit)


@pytest.fixture(scope="session")
def dependency_search_paths():
    """The states of a typed dependency (found by acronym, name or slug, several found, none
    found) on the pages that filter by dependency, in every language: pages of the demo seen
    through ``many_dependencies``."""

    pages = [
        "servicios?dependencia=TM",
        "servicios?dependencia=direccion&modalidad=presencial",
        "servicios?dependencia=zzz",
        "resultados?dependencia=secretaria%20del%20ayuntamiento",
        "resultados?dependencia=direccion",
        "tablero?dependencia=tesoreria",
        "tablero?dependencia=zzz",
    ]
    return [f"/{code}/{page}" for code in OFFERED_LANGUAGES for page in pages]
