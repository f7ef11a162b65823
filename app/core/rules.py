"""How a service refuses a change: a domain rule names the form field it concerns and the
message for the person, so that the route shows it next to that field."""

from __future__ import annotations

from collections.abc import Mapping


class RuleError(ValueError):
    """A change broken by a rule: ``problems`` maps a form field's name (``None`` for the form
    as a whole) to a message the person can act on."""

    def __init__(self, problems: Mapping[str | None, str] | str, field: str | None = None):
        self.problems = dict(problems) if isinstance(problems, Mapping) else {field: problems}
        super().__init__(self.problems)
