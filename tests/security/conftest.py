"""An office of one admin on an empty database, and a citizen's browser, for attack tests."""

import pytest

from app.staff.models import Role
from tests.feedback.conftest import Journey


@pytest.fixture
def citizen(empty_app):
    return Journey(empty_app.test_client())


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ADMIN)
