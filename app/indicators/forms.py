"""Forms of the indicators: the filters of the results page and the dashboard (GET forms:
shareable, work without JavaScript), and the quality team's forms: manual results with evidence,
definition changes, improvement actions and the publication of a quarterly report."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import RadioField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, InputRequired, Optional

from app.catalog.forms import DependencyField
from app.catalog.models import Dependency
from app.charters.models import Comparator
from app.core.forms import (
    DateField,
    Form,
    InChoices,
    NumberField,
    WithinRange,
    at_most,
    options,
    select_field,
)
from app.core.lazy_text import lazy_gettext as _l
from app.core.templating import period_label
from app.core.types import Period
from app.indicators.models import ActionOrigin, ActionStatus, Conclusion
from app.indicators.services.evaluations import (
    CommitmentConclusion,
    conclusion_field,
    note_field,
)
from app.indicators.services.manual import MANUAL_SOURCES
from app.indicators.services.results import Compliance

ANY = ""


class _Filters(Form):
    class Meta:
        csrf = False  # a filter changes nothing

    dependencia = DependencyField(
        _l("Dependencia"),
        description=_l("Incluye sus unidades administrativas."),
        search_description=_l(
            "Escriba el nombre o las siglas. Incluye sus unidades administrativas."
        ),
    )

    @property
    def dependency(self) -> Dependency | None:
        """The chosen dependency, if the choice is valid."""
        return self.dependencia.dependency


class ResultsForm(_Filters):
    periodo = select_field(_l("Trimestre"), _l("Elija un trimestre de la lista."))
    cumplimiento = select_field(
        _l("Cumplimiento"), _l("Elija una opción de la lista."), default=ANY
    )

    def __init__(self, formdata=None, periods=(), default_period=None):
        super().__init__(formdata)
        self._periods = {str(p): p for p in periods}
        labels = {str(p): period_label(p) for p in periods}
        self.periodo.choices = options(labels or {ANY: _l("Todavía no hay resultados")})
        if not self.periodo.data:  # the default quarter, else the newest, else none yet
            self.periodo.data = str(default_period or next(iter(self._periods), ANY))
        self.cumplimiento.choices = options(
            {ANY: _l("Todas las cartas"), **{c.value: c.label for c in Compliance}}
        )

    @property
    def period(self) -> Period | None:
        """The chosen quarter, if the choice is valid."""
        if self.periodo.errors:
            return None
        return self._periods.get(self.periodo.data)

    @property
    def compliance(self) -> Compliance | None:
        if self.cumplimiento.errors or not self.cumplimiento.data:
            return None
        return Compliance(self.cumplimiento.data)


class DashboardForm(_Filters):
    pass


TEXT_LIMIT = at_most(4000)


def _number(label, description=None, required=True):
    validators = [
        InputRequired(_l("Escriba un número.")) if required else Optional(),
        WithinRange(0, 10**9, _l("Escriba un número entre 0 y 1,000,000,000.")),
    ]
    return NumberField(label, description=description, places=None, validators=validators)


class MeasurementForm(Form):
    """A result measured outside the system: a sample, a mystery shopper, an on-site visit."""

    periodo = select_field(_l("Periodo"), _l("Elija un periodo de la lista."))
    numerador = _number(_l("Numerador"))
    denominador = _number(_l("Denominador"), required=False)
    fuente = select_field(_l("Fuente"), _l("Elija una fuente de la lista."))
    evidencia_nota = TextAreaField(
        _l("Nota de evidencia"),
        description=_l("Cómo se midió: muestra, fechas, quién midió."),
        validators=[TEXT_LIMIT],
    )
    evidencia_enlace = URLField(
        _l("Enlace a la evidencia"),
        validators=[
            Optional(),
            URL(message=_l("Escriba una dirección que empiece con https://.")),
            at_most(500),
        ],
    )
    evidencia_archivo = FileField(
        _l("Archivo de evidencia"), description=_l("PDF, JPEG o PNG de hasta 5 MB.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fuente.choices = options({s.value: s.label for s in MANUAL_SOURCES})


class RevisionForm(Form):
    """A change of target, threshold or formula, in force from a period on."""

    desde = select_field(_l("En vigor desde"), _l("Elija un periodo de la lista."))
    comparador = select_field(_l("Comparación"), _l("Elija una comparación de la lista."))
    valor_meta = _number(_l("Meta"))
    umbral = _number(_l("Umbral"), _l("Déjelo vacío si el indicador no tiene umbral."), False)
    numerador_texto = StringField(
        _l("Numerador (fórmula en palabras)"),
        validators=[DataRequired(_l("Escriba el numerador.")), at_most(500)],
    )
    denominador_texto = StringField(
        _l("Denominador (fórmula en palabras)"), validators=[at_most(500)]
    )
    nota = TextAreaField(
        _l("Por qué cambia"),
        description=_l("Se publica junto a los resultados."),
        validators=[DataRequired(_l("Escriba por qué cambia la definición.")), TEXT_LIMIT],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.comparador.choices = options({c.value: c.label for c in Comparator})


class ActionForm(Form):
    """Cause analysis and corrective action, or a written justification."""

    origen = select_field(_l("Origen"), _l("Elija un origen de la lista."))
    resultado = select_field(
        _l("Resultado no cumplido"), _l("Elija un resultado de la lista."),
        description=_l("Déjelo en «Ninguno» para un patrón de quejas."),
    )  # fmt: skip
    causa = TextAreaField(
        _l("Análisis de causas"),
        validators=[DataRequired(_l("Escriba el análisis de causas.")), TEXT_LIMIT],
    )
    accion = TextAreaField(_l("Acción correctiva"), validators=[TEXT_LIMIT])
    responsable = StringField(_l("Responsable"), validators=[at_most(200)])
    fecha_limite = DateField(_l("Fecha compromiso"), validators=[Optional()])
    justificacion = TextAreaField(
        _l("Justificación"),
        description=_l("En lugar de una acción, cuando el incumplimiento no depende de la "
                       "dependencia (por ejemplo, una suspensión del servicio por obra)."),
        validators=[TEXT_LIMIT],
    )  # fmt: skip
    estado = select_field(_l("Estado"), _l("Elija un estado de la lista."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.origen.choices = options({o.value: o.label for o in ActionOrigin})
        self.estado.choices = options({s.value: s.label for s in ActionStatus})

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.accion.data and not self.justificacion.data:
            self.accion.errors.append(_l("Escriba una acción correctiva o una justificación."))
            return False
        if self.accion.data:
            if not self.responsable.data:
                self.responsable.errors.append(_l("Escriba quién es responsable de la acción."))
                valid = False
            if not self.fecha_limite.data:
                self.fecha_limite.errors.append(_l("Escriba la fecha compromiso."))
                valid = False
        if self.origen.data == ActionOrigin.UNMET_INDICATOR.value and not self.resultado.data:
            self.resultado.errors.append(_l("Elija el resultado no cumplido."))
            valid = False
        return valid


class PublishForm(Form):
    nota = TextAreaField(
        _l("Nota de corrección"),
        description=_l("Solo para corregir un informe ya publicado: qué cambió y por qué."),
        validators=[TEXT_LIMIT],
    )


class EvaluationForm(Form):
    """A year's evaluation: a conclusion and a note per commitment, the overall note
    (``nota_general``) and, for a correction, its reason (``motivo``); the fields are added per
    charter by ``evaluation_form``, in the order of the page. Saving a draft accepts gaps;
    publishing does not (``evaluations.publication_problems``)."""

    def conclusions(self, commitment_ids) -> dict[int, CommitmentConclusion]:
        """What was chosen and written for each commitment."""
        return {
            commitment_id: CommitmentConclusion(
                Conclusion(value)
                if (value := self[conclusion_field(commitment_id)].data)
                else None,
                self[note_field(commitment_id)].data or None,
            )
            for commitment_id in commitment_ids
        }


def evaluation_form(commitments: list[dict], saved=None, overall_note=None) -> EvaluationForm:
    """The evaluation form for these commitments (``assemble_evaluation``'s entries), filled
    with ``saved`` (conclusions by commitment id) unless a form was sent."""

    class CharterEvaluationForm(EvaluationForm):
        pass

    choices = options({c.value: c.label for c in Conclusion})
    data = {"nota_general": overall_note}
    for entry in commitments:
        commitment_id, number = entry["commitment_id"], entry["position"]
        setattr(CharterEvaluationForm, conclusion_field(commitment_id), RadioField(
            _l("Conclusión sobre el compromiso %(number)d", number=number), choices=choices,
            validate_choice=False,
            validators=[Optional(), InChoices(_l("Elija una conclusión de la lista."))],
        ))  # fmt: skip
        setattr(CharterEvaluationForm, note_field(commitment_id), TextAreaField(
            _l("Nota sobre el compromiso %(number)d", number=number),
            description=_l("Obligatoria si la meta cambia o el compromiso se sustituye o se "
                           "retira: por qué y qué en su lugar."),
            validators=[TEXT_LIMIT],
        ))  # fmt: skip
        given = (saved or {}).get(commitment_id)
        if given is not None:
            data[conclusion_field(commitment_id)] = given.conclusion and given.conclusion.value
            data[note_field(commitment_id)] = given.note
    # Created after the commitments' fields, so that the error summary follows the page.
    CharterEvaluationForm.nota_general = TextAreaField(
        _l("Conclusión general"),
        description=_l("Qué mostró el año y qué cambiará en la siguiente versión de la carta."),
        validators=[TEXT_LIMIT],
    )
    CharterEvaluationForm.motivo = TextAreaField(
        _l("Motivo de la corrección"),
        description=_l("Solo para corregir una evaluación ya publicada: qué cambió y por qué."),
        validators=[TEXT_LIMIT],
    )
    return CharterEvaluationForm(data=data)
