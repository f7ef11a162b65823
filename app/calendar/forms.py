"""The forms of the calendar page: a day or a period with its reason, and an iCalendar file."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import DataRequired, InputRequired, Optional
from wtforms.widgets import TextInput

from app.core.forms import Form, at_most


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
    motivo = StringField(
        _l("Motivo, en español"),
        description=_l("Por ejemplo: Vacaciones de invierno."),
        validators=[DataRequired(_l("Escriba el motivo en español.")), at_most(200)],
    )
    motivo_en = StringField(_l("Motivo, en inglés (opcional)"), validators=[at_most(200)])
    motivo_nah = StringField(_l("Motivo, en náhuatl (opcional)"), validators=[at_most(200)])

    def reason(self) -> dict:
        return {"es": self.motivo.data, "en": self.motivo_en.data, "nah": self.motivo_nah.data}

    def last_day(self):
        return self.hasta.data or self.desde.data


class ImportForm(Form):
    """An .ics file to check (dry run) or, once checked, its text to confirm."""

    archivo = FileField(_l("Archivo iCalendar (.ics)"))
    contenido = HiddenField()


class RemoveForm(Form):
    """The remove button (only its CSRF token)."""
