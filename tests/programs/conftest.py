import pytest

from app.programs.services import DEMO_PROGRAMS, read_files

PAT = DEMO_PROGRAMS / "pat-2024"


@pytest.fixture
def pat_files() -> dict[str, bytes]:
    """The shipped PAT 2024 files, by name (a fresh copy each time: tests break them)."""
    return read_files([PAT])
