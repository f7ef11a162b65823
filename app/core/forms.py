"""Shared form helpers."""

from wtforms.validators import ValidationError


def strip(value):
    """Trim surrounding whitespace from text input (the one place it is done)."""
    return value.strip() if isinstance(value, str) else value


class InChoices:
    """The value must be one of the field's choices, with a message of our own wording."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(self.message)
