"""The public URL contract (DESIGN.md §3): a URL must not disappear without a redirect.

When you add a route, add it to ``tests/routes.txt``; when you remove one, keep a redirect.
"""

from pathlib import Path

ROUTES = Path(__file__).with_name("routes.txt")


def test_route_list_matches_the_application(app):
    rules = sorted(
        f"{','.join(sorted(rule.methods - {'HEAD', 'OPTIONS'}))} {rule.rule}"
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
    )
    expected = [
        line for line in ROUTES.read_text().splitlines() if line and not line.startswith("#")
    ]
    assert rules == expected
