"""Shared form helpers."""

import copy
import re
from decimal import Decimal
from functools import cache

import wtforms
from babel.support import Translations
from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_wtf import FlaskForm
from jinja2 import pass_context
from markupsafe import Markup, escape
from wtforms import (
    DecimalField,
    EmailField,
    Field,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    widgets,
)
from wtforms import Form as WTForm
from wtforms.csrf.core import CSRFTokenField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget, TextInput
from wtforms.widgets.core import clean_key

from app.core.i18n import LANGUAGES, SOURCE_LANGUAGE, Fallback, tr_label
from app.core.lazy_text import lazy_gettext as _l
from app.core.text import clean


def strip(value):
    """Text input ``clean``-ed (other values as they are)."""
    return clean(value) if isinstance(value, str) else value


class Form(FlaskForm):
    """The base of every form: what a person types in a text field (search, e-mail, URL, text
    area, hidden value…) is ``strip``-ped before the field's own filters and any validator see
    it. Passwords are kept as typed: spaces may be part of them. (A select is not stripped: its
    values are the choices'; ``DependencyField`` strips what is typed into it.)"""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            kind = unbound_field.field_class
            if issubclass(kind, CSRFTokenField):
                # Pages with several forms would repeat the token's id (invalid HTML).
                options = {**options, "render_kw": {"id": False}}
                return unbound_field.bind(form=form, **options)
            options = {**options, **_faster_widgets(kind, unbound_field.kwargs)}
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                options = {**options, "filters": [strip, *unbound_field.kwargs.get("filters", ())]}
            return unbound_field.bind(form=form, **options)

        def get_translations(self, form):
            # Flask-WTF reads WTForms' catalog from disk again on every request.
            if not has_request_context() or not current_app.config.get("WTF_I18N_ENABLED", True):
                return None
            return _wtforms_catalog(str(get_locale()))


class Select(widgets.Select):
    """WTForms' select, each option written directly: its generic attribute writer, sorted,
    escaped and formatted attribute by attribute for every option, took three times as long,
    the largest part of a page of filters (the inbox's)."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        extra = {**choice.render_kw, **kwargs} if choice.render_kw or kwargs else {}
        if not all(
            isinstance(value, str) and _ATTRIBUTE.fullmatch(name) for name, value in extra.items()
        ):
            return super().render_option(choice, **kwargs)  # flags, data_ names: as WTForms does
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        attributes = "".join(f' {name}="{escape(text)}"' for name, text in extra.items())
        selected = " selected" if choice.selected else ""
        label = escape(choice.label or value)
        option = f'<option value="{escape(value)}"{attributes}{selected}>{label}</option>'
        return Markup(option)  # nosec B704 - every value and label in it escaped


_ATTRIBUTE = re.compile(r"[a-z][a-z-]*")


def _faster_widgets(kind: type, arguments: dict) -> dict:
    """The widgets a field of class ``kind`` is bound with in place of WTForms' own, where it
    was not given its own: ``Select`` for a select, ``written_directly`` for an input and for
    the options of radios and checkboxes."""
    faster = {}
    widget = arguments.get("widget") or getattr(kind, "widget", None)
    if isinstance(widget, widgets.Select) and "widget" not in arguments:
        faster["widget"] = Select(multiple=widget.multiple)
    elif isinstance(widget, widgets.Input):
        faster["widget"] = written_directly(widget)
    option_widget = getattr(kind, "option_widget", None)
    if isinstance(option_widget, widgets.Input) and "option_widget" not in arguments:
        faster["option_widget"] = written_directly(option_widget)
    return faster


def html_params(**attributes) -> Markup:
    """WTForms' ``html_params``, the same text written directly: it formats every attribute as
    markup (``Markup.format``), five times slower, and a form writes a few dozen."""
    written = []
    for name, value in sorted(attributes.items()):
        name = clean_key(name)
        if value is True:
            written.append(name)
        elif value is not False:
            text = str(escape(value)).replace('"', "&quot;")  # a quote that came as markup
            written.append(f'{escape(name)}="{text}"')
    return Markup(" ".join(written))  # nosec B704 - every name and value in it escaped


@cache
def _direct(kind: type) -> type:
    return type(kind.__name__, (kind,), {"html_params": staticmethod(html_params)})


def written_directly(widget: widgets.Input) -> widgets.Input:
    """The same input widget writing its attributes with ``html_params`` (WTForms' inputs
    take their attribute writer from the class, for this)."""
    faster = copy.copy(widget)
    faster.__class__ = _direct(type(widget))
    return faster


@cache
def _wtforms_catalog(locale: str) -> Translations:
    """WTForms' own messages (the ones our validators do not word) in ``locale``."""
    return Translations.load(messages_path(), [locale], domain="wtforms")


TOO_LONG = _l("Escriba como máximo %(max)d caracteres.")
EMAIL_MESSAGE = _l("Escriba un correo electrónico válido, como nombre@ejemplo.com.")
PHONE_MESSAGE = _l("Escriba un teléfono de 7 a 20 dígitos, como 722 123 4567.")


def at_most(length: int) -> Length:
    """At most ``length`` characters, with the one wording for it in every language (the
    validator fills in the number once the message is translated)."""
    return Length(max=length, message=TOO_LONG)


def email_field(label, description=None, **kwargs) -> EmailField:
    """An optional e-mail address, checked the same way in every form."""
    validators = [Optional(), at_most(254), Email(EMAIL_MESSAGE)]
    return EmailField(label, description=description, validators=validators, **kwargs)


# A telephone number: 7 to 20 digits, spaces, +, ( ) and -, and an extension ("ext. 12"), as
# the forms and the imported files take it.
PHONE = re.compile(r"^[0-9 +()\-]{7,20}(?: ?(?:ext\.?|extensión) ?[0-9]{1,6})?$", re.IGNORECASE)


def phone_field(label, **kwargs) -> TelField:
    """An optional telephone number (``PHONE``)."""
    validators = [Optional(), at_most(40), Regexp(PHONE, message=PHONE_MESSAGE)]
    return TelField(label, validators=validators, **kwargs)


def translated_fields(
    namespace: dict, prefix: str, label, limit: int, required=False, long=False, description=None
) -> None:
    """One field per content language (``prefix_es``, ``prefix_en``…, Spanish first) in a form's
    class body. ``required``: the Spanish text must be written (``True`` for the common wording,
    or the message to say); ``description`` is the Spanish field's hint."""
    for code, language in LANGUAGES.items():
        checks = []
        if required and code == SOURCE_LANGUAGE:
            wording = _l("Escriba %(what)s en español.", what=label)
            checks = [DataRequired(wording if required is True else required)]
        kind = TextAreaField if long else StringField
        namespace[f"{prefix}_{code}"] = kind(
            _l("%(what)s (%(language)s)", what=label, language=language.name),
            description=description if code == SOURCE_LANGUAGE else None,
            validators=[*checks, at_most(limit)],
            render_kw={"lang": code},
        )


def translated_value(form, prefix: str) -> dict | None:
    """``{language: text}`` of the non-empty texts of a translated field, or ``None``."""
    texts = {code: form[f"{prefix}_{code}"].data for code in LANGUAGES}
    return {code: text for code, text in texts.items() if text} or None


def translated_data(prefix: str, value: dict | None) -> dict:
    """The form's initial values of a translated field."""
    return {f"{prefix}_{code}": (value or {}).get(code, "") for code in LANGUAGES}


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
    """Choices for a select or radio field from ``{value: label}`` (labels may be lazy). A
    label that fell back to Spanish (``tr_label``) gives its option ``lang="es"``, so a screen
    reader reads it in Spanish on an English or Náhuatl page (WCAG 3.1.2)."""
    return [
        SelectChoice(value, label, render_kw=_lang_of(label), optgroup=optgroup)
        for value, label in labels.items()
    ]


def _lang_of(label) -> dict[str, str]:
    return {"lang": label.lang} if isinstance(label, Fallback) else {}


def by_label(rows) -> dict[str, str]:
    """Choices for rows with a slug and a translated name, in alphabetical order."""
    return dict(sorted(((row.slug, tr_label(row.name)) for row in rows), key=lambda c: c[1]))


class Chosen:
    """At least one checkbox of a group ticked. Unlike ``DataRequired`` it sets no ``required``
    flag: the browser would demand that every checkbox of the group be ticked."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise StopValidation(self.message)


def checkboxes(label, description=None, message=None, **kwargs) -> SelectMultipleField:
    """A group of checkboxes (a list of choices); ``message`` when one must be ticked."""
    return SelectMultipleField(
        label,
        description=description,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[Chosen(message)] if message else [],
        **kwargs,
    )


def select_field(label, message, **kwargs) -> SelectField:
    """A select whose choices are set per request and whose wrong values get ``message``."""
    return SelectField(label, validate_choice=False, validators=[InChoices(message)], **kwargs)


# The years a typed date may fall in: a typo (0001, 9999) is no date anyone means, and leaves
# no room for the days, periods and deadlines counted from it.
DATE_YEARS = range(1900, 3000)


class DateField(wtforms.DateField):
    """A date, with our own wording (and an example) when what was typed is not one: a phone
    without a date picker sends it as typed. Only years ``DATE_YEARS``."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(
                _l("Escriba la fecha como año-mes-día, por ejemplo 2024-07-15.")
            ) from None
        if self.data is not None and self.data.year not in DATE_YEARS:
            self.data = None
            raise ValueError(
                _l(
                    "Escriba una fecha de %(first)d a %(last)d.",
                    first=DATE_YEARS[0],
                    last=DATE_YEARS[-1],
                )
            )


NUMBER = re.compile(r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.[0-9]*)?$")
DECIMAL_COMMA = re.compile(r"^[+-]?[0-9]+,[0-9]{1,2}$")
LARGEST_NUMBER = Decimal("9999999999.99")  # what a Numeric(12, 2) column holds


class NotANumber(ValueError):
    """What was typed is no number at all (a field may say what it expects instead)."""


def typed_number(text: str) -> Decimal:
    """A decimal number as staff type it: a decimal point, and commas only between groups of
    thousands (``1,250.5``; ``1,5`` is refused rather than read as 15), at most two decimals
    (the database keeps two: a third would be dropped unseen, or rounded the flattering way)
    and below ten thousand million. ``ValueError`` with what to write instead."""
    text = text.strip()
    if DECIMAL_COMMA.match(text):
        raise ValueError(_l("Escriba los decimales con punto, por ejemplo 1.5."))
    if not NUMBER.match(text) or not any(c.isdigit() for c in text):
        raise NotANumber(_l("Escriba un número."))
    number = Decimal(text.replace(",", ""))
    if -number.as_tuple().exponent > 2:
        raise ValueError(_l("Escriba como máximo dos decimales."))
    if abs(number) > LARGEST_NUMBER:
        raise ValueError(_l("Escriba un número menor que 10,000,000,000."))
    return number


class NumberField(DecimalField):
    """A decimal number typed by staff (``typed_number``), with our own wording when it is not
    one, so that range checks then see a number or nothing. A text input (GOV.UK's advice):
    what was typed comes back as it was, even when it is not a number."""

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        self.data = None
        if text.strip():
            self.data = typed_number(text)


class CoordinateField(NumberField):
    """Decimal degrees (a latitude or a longitude), with a decimal point or comma, rounded to
    6 decimals (about 11 cm); ``message`` when what was typed is not such a number."""

    DEGREES = re.compile(r"^[+-]?[0-9]{1,3}(?:[.,][0-9]+)?$")
    PLACES = Decimal("0.000001")

    def __init__(self, *args, message, **kwargs):
        # Shown again as stored (6 decimals), never as a decimal field's 2: a save of anything
        # else on the page would move the place by up to a kilometre.
        kwargs.setdefault("places", None)
        super().__init__(*args, **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            self.data = None
            return
        if not self.DEGREES.match(text):
            self.data = None
            raise ValueError(self.message)
        self.data = Decimal(text.replace(",", ".")).quantize(self.PLACES)


LATITUDE_MESSAGE = _l("Escriba la latitud en grados con punto decimal, como 19.2544.")
LONGITUDE_MESSAGE = _l("Escriba la longitud en grados con punto decimal, como -99.6041.")


def latitude_field(label, **kwargs) -> CoordinateField:
    return CoordinateField(
        label,
        message=LATITUDE_MESSAGE,
        validators=[WithinRange(-90, 90, _l("Escriba una latitud de -90 a 90."))],
        **kwargs,
    )


def longitude_field(label, **kwargs) -> CoordinateField:
    return CoordinateField(
        label,
        message=LONGITUDE_MESSAGE,
        validators=[WithinRange(-180, 180, _l("Escriba una longitud de -180 a 180."))],
        **kwargs,
    )


class CoordinatePair:
    """A place as ``latitud`` and ``longitud``: both or neither (one alone would be lost
    without a word), and ``coordinates`` when both were given."""

    def validate_latitud(self, field):
        if field.data is None and not field.errors and self.longitud.data is not None:
            raise ValidationError(_l("Escriba también la latitud, o borre la longitud."))

    def validate_longitud(self, field):
        if field.data is None and not field.errors and self.latitud.data is not None:
            raise ValidationError(_l("Escriba también la longitud, o borre la latitud."))

    @property
    def coordinates(self) -> tuple | None:
        """(latitude, longitude) as ``Decimal``, when both were given."""
        if self.latitud.data is None or self.longitud.data is None:
            return None
        return self.latitud.data, self.longitud.data


class WithinRange:
    """A number from ``low`` to ``high``; an empty or unreadable field is left to others."""

    def __init__(self, low, high, message):
        self.low, self.high, self.message = low, high, message

    def __call__(self, form, field):
        if field.data is not None and not self.low <= field.data <= self.high:
            raise ValidationError(self.message)


def show_problems(form, error) -> None:
    """Put the problems of a ``RuleError`` next to their fields (the form's own list for the
    rest), where the error summary and the fields show them."""
    for name, message in error.problems.items():
        field = form._fields.get(name) if name else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def error_anchor(field) -> str:
    """Where an error summary's link to ``field`` goes: its element, or for a group of radios
    or checkboxes its first one (a fieldset cannot take the focus, so the link led nowhere)."""
    if isinstance(field.widget, ListWidget) and list(field):
        return f"{field.id}-0"
    return field.id


@pass_context
def page_has_errors(context) -> bool:
    """Whether a form given to the page (on its own or in a list) has errors, so the error
    summary is shown: the layout then starts the page's title with "Error:"."""
    for value in context.get_all().values():
        for form in value if isinstance(value, list | tuple) else (value,):
            if isinstance(form, WTForm) and form.errors:
                return True
    return False
