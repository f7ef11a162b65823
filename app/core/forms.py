"""Shared form helpers."""

import re

from wtforms import Field, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip(value):
    """Trim surrounding whitespace and drop control characters (except tab and new line) from
    text input: the one place it is done."""
    if not isinstance(value, str):
        return value
    return CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n")).strip()


class InChoices:
    """The value must be one of the field's choices, with a message of our own wording."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.data not in {choice.value for choice in field.iter_choices()}:
            raise ValidationError(self.message)


class HiddenListField(Field):
    """Several hidden inputs of one name, e.g. signed references to files already sent; the
    template writes one ``<input type="hidden">`` per value."""

    def process_formdata(self, valuelist):
        self.data = [value for value in valuelist if value]

    def process_data(self, value):
        self.data = list(value or [])


def options(labels: dict, optgroup=None) -> list[SelectChoice]:
    """Choices for a select or radio field from ``{value: label}`` (labels may be lazy)."""
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in labels.items()]


def select_field(label, message, **kwargs) -> SelectField:
    """A select whose choices are set per request and whose wrong values get ``message``."""
    return SelectField(label, validate_choice=False, validators=[InChoices(message)], **kwargs)
