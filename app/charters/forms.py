"""The forms of the charter workspace: a new charter, a draft's texts, a commitment, an
indicator, and the review (return with comments, approve from a date). Texts are written in
Spanish here; the translations workspace adds the other languages."""

from wtforms import HiddenField, MultipleFileField, SearchField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp

from app.calendar.forms import DayField
from app.catalog.workspace_forms import CHOOSE, SLUG_MESSAGE
from app.charters.models import Comparator, IndicatorKind, Periodicity, Source, Unit
from app.core.forms import Form, NumberField, at_most, checkboxes, options, select_field
from app.core.lazy_text import lazy_gettext as _l

DATE_HINT = _l("Año, mes y día, como 2027-01-01.")


class _Locked(Form):
    """A change of a draft: carries the version's lock it was opened with."""

    version = HiddenField()

    def lock(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdigit() else None


def _services_field():
    return checkboxes(_l("Trámites y servicios que cubre"), validate_choice=False)


class CharterFilterForm(Form):
    """The list of charters (a GET form, works without JavaScript)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Buscar por título o clave"), validators=[at_most(200)])
    dependencia = select_field(_l("Dependencia"), CHOOSE, default="")
    estado = select_field(_l("Estado"), CHOOSE, default="")


class NewCharterForm(Form):
    titulo = StringField(
        _l("Título de la carta, en español"),
        validators=[DataRequired(_l("Escriba el título de la carta.")), at_most(300)],
    )
    clave = StringField(
        _l("Clave para la dirección de la página"),
        description=_l("Aparece en la dirección pública, como licencias-de-construccion."),
        validators=[
            DataRequired(_l("Escriba la clave para la dirección.")),
            at_most(160),
            Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=SLUG_MESSAGE),
        ],
    )
    dependencia = select_field(_l("Dependencia"), CHOOSE)
    servicios = _services_field()


def _text(label, required=None, limit=4000):
    validators = [DataRequired(required)] if required else [Optional()]
    return TextAreaField(label, validators=[*validators, at_most(limit)])


class VersionForm(_Locked):
    """A draft's texts, dates and certification."""

    proposito = _text(_l("Propósito de la carta"), _l("Escriba el propósito de la carta."))
    servicios = _services_field()
    derechos = _text(_l("Derechos de las personas usuarias"))
    obligaciones = _text(_l("Obligaciones de las personas usuarias"))
    participacion = _text(_l("Mecanismos de participación ciudadana"))
    quejas = _text(_l("Cómo presentar una queja o reclamación"))
    compensacion = _text(_l("Medidas de compensación si no se cumple un compromiso"))
    unidad_responsable = StringField(
        _l("Unidad responsable"), validators=[Optional(), at_most(300)]
    )
    vigente_desde = DayField(
        _l("Vigente desde"),
        description=DATE_HINT,
        validators=[InputRequired(_l("Escriba desde cuándo estará vigente."))],
    )
    vigente_hasta = DayField(
        _l("Vigente hasta (opcional)"), description=DATE_HINT, validators=[Optional()]
    )
    certificadora = StringField(
        _l("Organismo certificador (UNE 93200, opcional)"), validators=[at_most(200)]
    )
    certificada_el = DayField(
        _l("Fecha de certificación (opcional)"), description=DATE_HINT, validators=[Optional()]
    )
    certificacion_vence = DayField(
        _l("Vencimiento de la certificación (opcional)"),
        description=DATE_HINT,
        validators=[Optional()],
    )


# The version form's text fields and the attributes they edit.
VERSION_FIELDS = {
    "proposito": "purpose",
    "derechos": "rights",
    "obligaciones": "obligations",
    "participacion": "participation_channels",
    "quejas": "complaint_procedure",
    "compensacion": "compensation_measures",
    "unidad_responsable": "responsible_unit",
}


class CommitmentForm(_Locked):
    texto = TextAreaField(
        _l("Compromiso, en español"),
        description=_l("Lo que la dependencia promete, en palabras de la persona usuaria."),
        validators=[DataRequired(_l("Escriba el compromiso.")), at_most(1000)],
    )


class LockForm(_Locked):
    """A button that changes a draft (move, remove, send for review)."""


def _choices(enum, members=None):
    return options({m.value: m.label for m in members or enum})


MEASURED = [p for p in Periodicity if p is not Periodicity.SEMIANNUAL]


class IndicatorForm(_Locked):
    nombre = StringField(
        _l("Nombre del indicador, en español"),
        validators=[DataRequired(_l("Escriba el nombre del indicador.")), at_most(300)],
    )
    tipo = select_field(_l("Tipo"), CHOOSE, choices=_choices(IndicatorKind))
    numerador = TextAreaField(
        _l("Numerador: qué se cuenta, en palabras"),
        validators=[DataRequired(_l("Escriba qué se cuenta (numerador).")), at_most(1000)],
    )
    denominador = TextAreaField(
        _l("Denominador: sobre qué se calcula, en palabras"),
        description=_l("Vacío para un conteo o un entregable."),
        validators=[at_most(1000)],
    )
    umbral = NumberField(
        _l("Umbral (opcional)"), description=_l("Por ejemplo 15, para «15 minutos o menos».")
    )
    unidad_umbral = select_field(
        _l("Unidad del umbral"),
        CHOOSE,
        choices=[*options({"": _l("Sin umbral")}), *_choices(Unit)],
    )
    comparador = select_field(_l("La meta se cumple con"), CHOOSE, choices=_choices(Comparator))
    valor_meta = NumberField(_l("Meta"), validators=[InputRequired(_l("Escriba la meta."))])
    unidad = select_field(_l("Unidad de la meta"), CHOOSE, choices=_choices(Unit))
    periodicidad = select_field(_l("Periodicidad"), CHOOSE, choices=_choices(Periodicity, MEASURED))
    fuente = select_field(_l("Fuente"), CHOOSE, choices=_choices(Source))
    linea_base = NumberField(_l("Línea base (opcional)"))


# The indicator form's fields and the attributes they edit (texts apart).
INDICATOR_FORM_FIELDS = {
    "nombre": "name",
    "numerador": "numerator",
    "denominador": "denominator",
    "tipo": "kind",
    "umbral": "threshold",
    "unidad_umbral": "threshold_unit",
    "valor_meta": "target",
    "comparador": "comparator",
    "unidad": "unit",
    "periodicidad": "periodicity",
    "fuente": "source",
    "linea_base": "baseline",
}


class ReturnForm(_Locked):
    comentario = TextAreaField(
        _l("Qué debe cambiarse"),
        validators=[DataRequired(_l("Escriba qué debe cambiarse.")), at_most(4000)],
    )


class ApproveForm(_Locked):
    publicar_desde = DayField(
        _l("Publicar desde"),
        description=_l(
            "Hoy la publica de inmediato; una fecha posterior la programa: hasta ese día sigue "
            "vigente la versión actual. Año, mes y día, como 2027-01-01."
        ),
        validators=[InputRequired(_l("Escriba desde qué día se publica."))],
    )


class CharterUploadForm(Form):
    archivos = MultipleFileField(_l("Archivos de las cartas"))

    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.archivos.description = _l(
            "Los archivos CSV del formato (charters.csv, charter_versions.csv, commitments.csv, "
            "indicators.csv, indicator_revisions.csv), un libro XLSX con una hoja por tabla o "
            "el ZIP que se exporta aquí; hasta %(limit)s MB en total.",
            limit=limit,
        )
