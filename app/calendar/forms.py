"""The forms of the calendar page: a day or a period with its reason, and an iCalendar file."""

from flask_wtf.file import FileField
from wtforms import HiddenField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import TextInput

from app.core.forms import DateField, Form, translated_fields, translated_value
from app.core.lazy_text import lazy_gettext as _l


class DayField(DateField):
    """A date typed as text (year-month-day), so that whatever a person typed is shown back
    to them with the message, in any browser."""

    widget = TextInput()


class PeriodForm(Form):
    """A non-working day (only the first day) or a period (first and last day, inclusive)."""

    desde = DayField(
        _l("Primer día"),
        description=_l("Año, mes y día, como 2024-12-19."),
        validators=[InputRequired(_l("Escriba el primer día."))],
    )
    hasta = DayField(
        _l("Último día (opcional)"),
        description=_l(
            "Año, mes y día. Déjelo vacío si es un solo día. El último día también es inhábil."
        ),
        validators=[Optional()],
    )
    # The reason in every content language (``motivo_es``, ``motivo_en``…): only Spanish is due.
    translated_fields(
        locals(),
        "motivo",
        _l("Motivo"),
        200,
        required=_l("Escriba el motivo en español."),
        description=_l("Por ejemplo: Vacaciones de invierno."),
    )

    def reason(self) -> dict:
        return translated_value(self, "motivo") or {}

    def last_day(self):
        return self.hasta.data or self.desde.data


class ImportForm(Form):
    """An .ics file to check (dry run) or, once checked, its text to confirm."""

    archivo = FileField(_l("Archivo iCalendar (.ics)"))
    contenido = HiddenField()


class RemoveForm(Form):
    """The remove button (only its CSRF token)."""
