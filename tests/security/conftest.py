"""An office of one admin on an empty database, and a citizen's browser, for attack tests."""

from contextlib import contextmanager

import pytest

from app.extensions import db, limiter
from app.staff.models import Role
from tests.conftest import make_app
from tests.feedback.conftest import Journey


@contextmanager
def limiter_restored():
    """The limiter is one object for every app (its switch, and whether its storage is found
    dead, belong to it): put them back for the apps of later tests."""
    state = limiter.enabled, limiter._storage_dead
    try:
        yield
    finally:
        limiter.enabled, limiter._storage_dead = state


@contextmanager
def limited_app(tmp_path, **settings):
    """An app on an empty database of its own with rate limits on (``settings`` set them)."""
    with limiter_restored(), _limited_app(tmp_path, **settings) as application:
        yield application


@contextmanager
def _limited_app(tmp_path, **settings):
    application = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        RATELIMIT_ENABLED=True,
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
        MAIL_FOLDER=str(tmp_path / "mail"),
        **settings,
    )
    with application.app_context():
        db.create_all()
        yield application
        db.engine.dispose()


@pytest.fixture
def citizen(empty_app):
    return Journey(empty_app.test_client())


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ADMIN)
