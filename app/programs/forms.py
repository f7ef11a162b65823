"""The program page's filter form (GET), the staff's progress form and the upload of a
program's files."""

from datetime import date
from decimal import Decimal

from wtforms import HiddenField, MultipleFileField, StringField, TextAreaField, URLField
from wtforms.validators import URL, InputRequired, Optional, ValidationError

from app.charters.models import Periodicity
from app.core.clock import local_today
from app.core.forms import Form, NotANumber, at_most, options, select_field, typed_number
from app.core.i18n import Fallback, tr_label
from app.core.lazy_text import lazy_gettext as _l
from app.core.types import Period
from app.programs.models import DeliverableStatus, MechanismKind, Track
from app.programs.services.reading import Filters

ANY = ""


def _numbered(code: str, name: dict) -> str:
    """An objective's label, "4. Participación social", marked with its language when it fell
    back to Spanish (``Fallback``)."""
    label = tr_label(name)
    text = f"{code}. {label}"
    return Fallback(text, label.lang) if isinstance(label, Fallback) else text


class ProgramFilterForm(Form):
    class Meta:
        csrf = False  # filtering changes nothing

    objetivo = select_field(_l("Objetivo"), _l("Elija un objetivo de la lista."), default=ANY)
    unidad = select_field(
        _l("Unidad responsable"), _l("Elija una unidad de la lista."), default=ANY
    )
    mecanismo = select_field(
        _l("Mecanismo de seguimiento"), _l("Elija un mecanismo de la lista."), default=ANY
    )
    periodicidad = select_field(
        _l("Periodicidad"), _l("Elija una periodicidad de la lista."), default=ANY
    )
    avance = select_field(_l("Avance"), _l("Elija una opción de la lista."), default=ANY)

    def __init__(self, formdata, program, units):
        super().__init__(formdata=formdata)
        self._units = {u.acronym: u for u in units}
        self.objetivo.choices = options(
            {
                ANY: _l("Todos"),
                **{o.code: _numbered(o.code, o.short_name) for o in program.objectives},
            }
        )
        self.unidad.choices = options(
            {ANY: _l("Todas"), **{u.acronym: tr_label(u.name) for u in units}}
        )
        self.mecanismo.choices = options(
            {ANY: _l("Todos"), **{k.value: k.label for k in MechanismKind}}
        )
        self.periodicidad.choices = options(
            {ANY: _l("Todas"), **{p.value: p.label for p in Periodicity}}
        )
        self.avance.choices = options({ANY: _l("Todos"), **{t.value: t.label for t in Track}})

    def filters(self) -> Filters:
        """The filters of the fields that are valid; an invalid one is left out."""

        def chosen(field, kind):
            return kind(field.data) if field.data and not field.errors else None

        unit = chosen(self.unidad, str)
        return Filters(
            objective=chosen(self.objetivo, str),
            unit=self._units[unit].id if unit else None,
            kind=chosen(self.mecanismo, MechanismKind),
            periodicity=chosen(self.periodicidad, Periodicity),
            track=chosen(self.avance, Track),
        )


def period_code(form, field):
    try:
        field.data = Period.parse(field.data)
    except ValueError as error:
        raise ValidationError(
            _l("Escriba un periodo como 2024, 2024-T2 (trimestre) o 2024-M07 (mes).")
        ) from error


class ProgressForm(Form):
    periodo = StringField(
        _l("Periodo"),
        description=_l("Un año (2024), un trimestre (2024-T2) o un mes (2024-M07)."),
        validators=[InputRequired(_l("Escriba el periodo.")), period_code],
    )
    valor = StringField(
        _l("Valor alcanzado"),
        description=_l("Para indicadores: un número, sin el signo de porcentaje."),
    )
    estado = select_field(
        _l("Estado del entregable"), _l("Elija un estado de la lista."), default=ANY
    )
    evidencia = URLField(
        _l("Enlace a la evidencia"),
        description=_l("La dirección (https://…) del documento que respalda el avance."),
        validators=[
            Optional(),
            URL(message=_l("Escriba una dirección que empiece con https:// o http://.")),
            at_most(500),
        ],
    )
    fecha = StringField(
        _l("Fecha del reporte"),
        description=_l("Año, mes y día, por ejemplo 2024-07-15."),
    )
    nota = TextAreaField(
        _l("Nota"),
        validators=[at_most(1000)],
    )
    # The period and revision of the progress the form was opened on ("2024-T2:3"): a
    # correction saved meanwhile by someone else is not overwritten unseen.
    visto = HiddenField()

    def __init__(self, *args, mechanism=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.estado.choices = options({ANY: "—", **{s.value: s.label for s in DeliverableStatus}})
        self.mechanism = mechanism

    def validate_valor(self, field):
        if not field.data:
            field.data = None
            if self.mechanism.kind is MechanismKind.INDICATOR:
                raise ValidationError(_l("Escriba el valor alcanzado (un número)."))
            return
        try:
            value = typed_number(field.data)
        except NotANumber:
            value = Decimal(-1)  # said below, as for a negative number
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if value < 0:
            raise ValidationError(_l("Escriba un número de 0 en adelante, como 87.5."))
        field.data = value.quantize(Decimal("0.01"))  # exact: at most two decimals were typed

    def validate_fecha(self, field):
        if not field.data:
            field.data = None
            return
        try:
            day = date.fromisoformat(field.data)
        except ValueError as error:
            raise ValidationError(
                _l("Escriba la fecha como año-mes-día, por ejemplo 2024-07-15.")
            ) from error
        if day > local_today():
            raise ValidationError(_l("La fecha no puede ser posterior a hoy."))
        field.data = day

    def validate_estado(self, field):
        if self.mechanism.kind is MechanismKind.DELIVERABLE and not field.data:
            raise ValidationError(_l("Elija el estado del entregable."))


class ProgramUploadForm(Form):
    archivos = MultipleFileField(_l("Archivos del programa"))

    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.archivos.description = _l(
            "Los archivos CSV del programa (program.csv, units.csv, objectives.csv, "
            "strategies.csv, action_lines.csv, commitments.csv, mechanisms.csv y, si los tiene, "
            "targets.csv y progress.csv), elegidos todos a la vez, o un libro XLSX con una hoja "
            "por archivo (como el que se descarga del programa); hasta %(limit)s MB en total.",
            limit=limit,
        )
