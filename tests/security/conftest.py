"""An office of one admin on an empty database, and a citizen's browser, for attack tests."""

import pytest

from app.staff.models import Role
from app.staff.services import create_user
from tests.factories import PASSWORD
from tests.feedback.conftest import Journey
from tests.staff.conftest import sign_in


@pytest.fixture
def citizen(empty_app):
    return Journey(empty_app.test_client())


@pytest.fixture
def admin(empty_app):
    create_user("admin@example.org", "Ada", Role.ADMIN, PASSWORD)
    client = empty_app.test_client()
    assert sign_in(client, "admin@example.org").status_code == 303
    return client
