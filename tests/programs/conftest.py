import pytest

from app.programs.services.csv_format import read_files
from app.programs.services.demo import DEMO_PROGRAMS

PAT = DEMO_PROGRAMS / "pat-2024"


@pytest.fixture
def pat_files() -> dict[str, bytes]:
    """The shipped PAT 2024 files, by name (a fresh copy each time: tests break them)."""
    return read_files([PAT])
