"""The forms staff fill in: the inbox's filters, an item's actions (status, answer, request for
information, note, assignment, impact, commitment, remedy), feedback received by other channels
and response templates. Kept apart from the citizen journey's forms (``app.feedback.forms``),
whose strings are those the public interface must have translated."""

from datetime import timedelta

from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SearchField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Optional,
    ValidationError,
)

from app.catalog.forms import DependencyField
from app.core.clock import local_today
from app.core.forms import (
    DateField,
    Form,
    InChoices,
    at_most,
    options,
    select_field,
)
from app.core.lazy_text import lazy_gettext as _l
from app.feedback.forms import ALL, CLOSED, FeedbackForm, IncidentChecks
from app.feedback.models import (
    Channel,
    FeedbackStatus,
    FeedbackType,
)

# How far back a message received by another channel may be registered.
REGISTER_DAYS_BACK = 366


class InboxForm(Form):
    """The inbox filters (a GET form: shareable, works without JavaScript)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Buscar por folio o texto"))
    estado = select_field(_l("Estado"), _l("Elija un estado de la lista."), default="")
    tipo = select_field(_l("Tipo"), _l("Elija un tipo de la lista."), default="")
    dependencia = DependencyField(_l("Dependencia"))
    servicio = select_field(
        _l("Trámite o servicio"), _l("Elija un trámite o servicio de la lista."), default=""
    )
    # Instead of the list when the services in scope are too many for one.
    servicio_texto = SearchField(
        _l("Trámite o servicio"),
        description=_l("Palabras de su nombre, o su clave."),
    )
    canal = select_field(_l("Canal"), _l("Elija un canal de la lista."), default="")
    plazo = select_field(_l("Plazo"), _l("Elija una opción de la lista."), default="")
    impacto = BooleanField(_l("Solo con impacto institucional"))

    def __init__(self, formdata, services: dict[str, str] | None):
        """``services`` by id, or ``None`` for too many to list: a text field then."""
        super().__init__(formdata=formdata)
        if services is None:
            del self.servicio
        else:
            del self.servicio_texto
            self.servicio.choices = options({"": _l("Todos"), **services})
        # Open items by default: the work to do comes first, closed ones behind a choice.
        self.estado.choices = options(
            {
                "": _l("Abiertos (por atender)"),
                CLOSED: _l("Cerrados y respondidos"),
                ALL: _l("Todos"),
                **{s.value: s.label for s in FeedbackStatus},
            }
        )
        self.tipo.choices = options({"": _l("Todos"), **{t.value: t.label for t in FeedbackType}})
        self.canal.choices = options({"": _l("Todos"), **{c.value: c.label for c in Channel}})
        self.plazo.choices = options(
            {"": _l("Todos"), "overdue": _l("Vencidos"), "week": _l("Vencen esta semana")}
        )


class StatusForm(Form):
    estado = select_field(_l("Nuevo estado"), _l("Elija un estado de la lista."))
    # The status the page showed: another person may have changed it since (a 409, not a
    # closed item quietly opened again).
    visto = HiddenField()
    nota = TextAreaField(
        _l("Motivo o comentario"),
        description=_l("Obligatorio para desechar. La persona lo verá en su historial."),
        validators=[Optional(), at_most(2000)],
    )


class AnswerForm(Form):
    respuesta = TextAreaField(
        _l("Respuesta a la persona"),
        description=_l("Se publica en la página de seguimiento y se avisa por correo si dejó uno."),
        validators=[DataRequired(_l("Escriba la respuesta.")), at_most(8000)],
    )


class InformationRequestForm(Form):
    pregunta = TextAreaField(
        _l("Qué información necesita"),
        description=_l(
            "El plazo se detiene hasta que la persona responda, salvo si su fecha límite ya "
            "pasó: entonces el mensaje sigue vencido."
        ),
        validators=[DataRequired(_l("Escriba qué información necesita.")), at_most(2000)],
    )


class NoteForm(Form):
    nota_interna = TextAreaField(
        _l("Nota interna"),
        description=_l("Solo la ve el personal."),
        validators=[DataRequired(_l("Escriba la nota.")), at_most(4000)],
    )


class AssignForm(Form):
    """Who the item goes to: radio buttons with the current choice and the matches of a search
    (``AssignSearchForm``), never every dependency and person of the institution."""

    dependencia_asignada = RadioField(
        _l("Dependencia"),
        validate_choice=False,
        validators=[InChoices(_l("Elija una dependencia de la lista."))],
    )
    persona = RadioField(
        _l("Persona (opcional)"),
        validate_choice=False,
        validators=[InChoices(_l("Elija una persona de la lista."))],
    )
    visto = HiddenField()  # the assignment the page showed (``assignment_seen``)


class AssignSearchForm(Form):
    """The search for a dependency or a person to assign an item to (a GET form)."""

    class Meta:
        csrf = False

    asignar = SearchField(
        _l("Buscar una dependencia o una persona"),
        description=_l("Escriba parte del nombre, las siglas o el correo."),
        validators=[Optional(), at_most(200)],
    )


class ImpactForm(Form):
    impacto_motivo = TextAreaField(
        _l("Por qué tiene impacto institucional"),
        validators=[Optional(), at_most(2000)],
    )
    # What the button asked for, "si" (mark) or "no" (clear): sent twice, or by two people at
    # once, it leaves the mark as asked rather than turning it back.
    marcar = HiddenField(validators=[AnyOf(["si", "no"])])


def _copy(unbound, **changes):
    """A copy of a field of the citizen's form, in its place in the order of another form."""
    return unbound.field_class(*unbound.args, **{**unbound.kwargs, **changes})


def _no_autofill(unbound):
    """A copy of a contact field that the browser does not fill in."""
    return _copy(unbound, render_kw={"autocomplete": "off"})


class RegisterForm(IncidentChecks, Form):
    """Feedback received by phone, in person, in a mailbox or by e-mail, typed in by staff."""

    canal = select_field(_l("Canal"), _l("Elija un canal de la lista."))
    recibido = DateField(
        _l("Fecha en que se recibió"),
        validators=[InputRequired(_l("Escriba la fecha en que se recibió."))],
    )
    tipo = select_field(_l("Tipo"), _l("Elija un tipo de la lista."))
    servicio = select_field(
        _l("Trámite o servicio"), _l("Elija un trámite o servicio de la lista.")
    )
    descripcion = TextAreaField(
        _l("Qué dijo la persona"),
        validators=[DataRequired(_l("Escriba qué dijo la persona.")), at_most(4000)],
    )
    fecha = _copy(FeedbackForm.fecha)
    lugar = _copy(FeedbackForm.lugar)
    latitud = _copy(FeedbackForm.latitud)
    longitud = _copy(FeedbackForm.longitud)
    # Staff type another person's data: their browser must not offer their own.
    nombre = _no_autofill(FeedbackForm.nombre)
    correo = _no_autofill(FeedbackForm.correo)
    telefono = _no_autofill(FeedbackForm.telefono)
    idioma = FeedbackForm.idioma
    clave_envio = FeedbackForm.clave_envio

    def __init__(self, service_choices):
        """``service_choices``: those of the "which service" step (``service_step``)."""
        super().__init__()
        typed_in = [c for c in Channel if c not in (Channel.WEB, Channel.API)]
        self.canal.choices = options({c.value: c.label for c in typed_in})
        self.tipo.choices = options({t.value: t.label for t in FeedbackType})
        self.servicio.choices = service_choices

    def validate_recibido(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("La fecha no puede ser posterior a hoy."))
        # Its deadline counts from it: a year's typo (0001, 1926) made an item overdue by
        # centuries, first in every list.
        if field.data and field.data < local_today() - timedelta(days=REGISTER_DAYS_BACK):
            raise ValidationError(_l("La fecha de recepción no puede ser de hace más de un año."))


class TemplateForm(Form):
    dependencia = select_field(_l("Dependencia"), _l("Elija una dependencia de la lista."))
    titulo = StringField(
        _l("Título"),
        description=_l("Para reconocerla en la lista, por ejemplo «Disculpa por demora»."),
        validators=[DataRequired(_l("Escriba un título.")), at_most(200)],
    )
    texto = TextAreaField(
        _l("Texto de la respuesta"),
        validators=[DataRequired(_l("Escriba el texto de la respuesta.")), at_most(8000)],
    )


class CommitmentForm(Form):
    compromiso_vinculado = select_field(
        _l("Compromiso de la carta"), _l("Elija un compromiso de la lista.")
    )


class RemedyForm(Form):
    """A claim about a charter commitment: was it breached, and was the promised remedy given."""

    incumplimiento = RadioField(
        _l("¿Se confirmó el incumplimiento del compromiso?"),
        choices=options({"si": _l("Sí"), "no": _l("No")}),
        validators=[InputRequired(_l("Elija si se confirmó el incumplimiento."))],
    )
    medida = TextAreaField(
        _l("Medida de compensación"),
        description=_l("La que promete la carta (una disculpa formal, atención preferente…)."),
        validators=[at_most(2000)],
    )
    otorgada = DateField(
        _l("Fecha en que se otorgó"),
        description=_l("Déjela vacía si todavía no se otorga."),
        validators=[Optional()],
    )

    def validate_medida(self, field):
        if self.incumplimiento.data == "si" and not field.data:
            raise ValidationError(_l("Escriba la medida de compensación."))

    def validate_otorgada(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("La fecha no puede ser futura."))
