"""The people tests share the staff fixtures."""

from tests.staff.conftest import staff  # noqa: F401
