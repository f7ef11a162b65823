"""House rules of the code base that a reviewer would otherwise have to remember."""

import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def modules():
    return sorted(APP.rglob("*.py"))


def test_only_the_clock_reads_the_system_clock():
    """``date.today()`` ignores ``TIMEZONE``, and one clock lets a rule be reasoned about."""
    reading = re.compile(r"\b(date\.today|datetime\.utcnow|datetime\.now)\(")
    offenders = [
        f"{path.relative_to(APP.parent)}:{number}"
        for path in modules()
        if path != APP / "core" / "clock.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if reading.search(line)
    ]
    assert not offenders, offenders
