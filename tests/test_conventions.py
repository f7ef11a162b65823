"""House rules of the code base that a reviewer would otherwise have to remember."""

import ast
import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def modules():
    return sorted(APP.rglob("*.py"))


def test_only_the_clock_reads_the_system_clock():
    """``date.today()`` ignores ``TIMEZONE``, and one clock lets a rule be reasoned about. Tests
    too: a test that compares the server's UTC date with the institution's fails at night."""
    reading = re.compile(r"\b(date\.today|datetime\.utcnow|datetime\.now)\(")
    tests = sorted(APP.parent.joinpath("tests").rglob("*.py"))
    offenders = [
        f"{path.relative_to(APP.parent)}:{number}"
        for path in modules() + tests
        if path not in {APP / "core" / "clock.py", Path(__file__).resolve()}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if reading.search(line)
    ]
    assert not offenders, offenders


def test_routes_leave_writing_to_the_services():
    """A route loads, validates, calls a service and answers; the service that owns the change
    checks its rule, audits and commits (README, "Layout")."""
    writes = {"add", "delete", "commit"}
    offenders = []
    for path in modules():
        if path.name not in {"routes.py", "admin.py", "api.py"}:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in writes
                and ast.unparse(node.func.value) == "db.session"
            ):
                offenders.append(f"{path.relative_to(APP.parent)}:{node.lineno}")
    assert not offenders, offenders


def test_lazy_translations_are_text_not_markup():
    """Flask-Babel's lazy strings tell Jinja they are HTML, so a name filled into one reached a
    page unescaped: every lazy translation comes from ``app.core.lazy_text``."""
    direct = re.compile(r"from flask_babel(\.speaklater)? import .*\blazy_|flask_babel\.lazy_")
    offenders = [
        f"{path.relative_to(APP.parent)}:{number}"
        for path in modules()
        if path != APP / "core" / "lazy_text.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if direct.search(line)
    ]
    assert not offenders, offenders
