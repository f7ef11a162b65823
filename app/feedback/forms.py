"""The forms of the citizen's feedback journey and of the satisfaction survey."""

import uuid
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup
from wtforms import (
    BooleanField,
    FileField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Optional,
    ValidationError,
)
from wtforms.widgets import RadioInput

from app.catalog.forms import MAX_TYPED
from app.catalog.models import Service
from app.catalog.services import service_by_slug
from app.core.clock import local_today
from app.core.forms import (
    TOO_LONG,
    CoordinatePair,
    DateField,
    Form,
    HiddenListField,
    InChoices,
    at_most,
    email_field,
    latitude_field,
    longitude_field,
    options,
    phone_field,
    written_directly,
)
from app.core.i18n import tr, tr_label
from app.core.languages import ANSWER_LANGUAGES, autonyms
from app.core.lazy_text import lazy_gettext as _l
from app.core.search import SHOWN_MATCHES, Matches
from app.feedback.models import (
    FEEDBACK_TYPE_HINTS,
    FeedbackType,
    WaitingBracket,
)
from app.feedback.services import finding
from app.feedback.uploads import MAX_BYTES, MAX_FILES

OTHER = "otro"
CLOSED, ALL = "cerrados", "todos"  # the inbox's status filter, beside each status
CONTINUE = "continuar"  # the name of the button that chooses one of a search's matches
SCORES = options({str(n): str(n) for n in range(5, 0, -1)})
BRACKETS = options({b.value: b.label for b in WaitingBracket})
BRACKET_MESSAGE = _l("Elija una de las opciones, o ninguna.")
# No inputmode: the decimal keypads of phones have no minus sign, which longitudes west need.
COORDINATE_INPUT = {"autocomplete": "off", "class": "input-coordinate"}


def service_options(groups: dict[str, dict[str, str]]):
    """Services grouped by dependency ({dependency: {slug: name}}), "other" first."""
    return options({OTHER: _l("Otro o no lo sé")}) + [
        choice for group, labels in groups.items() for choice in options(labels, group)
    ]


class TypeForm(Form):
    """Step 1: what kind of message (a GET form: it only chooses the next page)."""

    class Meta:
        csrf = False

    tipo = RadioField(
        _l("¿Qué desea enviarnos?"),
        choices=options({t.value: t.label for t in FeedbackType}),
        validators=[InputRequired(_l("Elija el tipo de mensaje."))],
    )

    @staticmethod
    def hints():
        return {t.value: hint for t, hint in FEEDBACK_TYPE_HINTS.items()}


class ServiceForm(Form):
    """Step 2, which service it is about (a GET form): a select grouped by dependency when the
    services are few, else a search whose first matches are radio buttons (``service_step``)."""

    class Meta:
        csrf = False

    tipo = HiddenField()
    q = SearchField(
        _l("Busque el trámite o servicio"),
        description=_l("Escriba palabras de su nombre, como «licencia», o su clave."),
    )
    servicio = SelectField(
        _l("¿Sobre qué trámite o servicio?"),
        description=_l("Si no lo encuentra en la lista, elija «Otro o no lo sé»."),
        validate_choice=False,
        validators=[InChoices(_l("Elija un trámite o servicio de la lista."))],
    )
    hints: dict[str, Markup] = {}

    def set_services(self, groups: dict[str, dict[str, str]]) -> None:
        """Choices grouped by dependency ({dependency: {slug: name}}), with "other" first."""
        self.servicio.choices = service_options(groups)

    def set_matches(self, found: list[Service]) -> None:
        """A search's matches as radio buttons, each with its dependency and code, then
        "other"."""
        self.servicio.option_widget = written_directly(RadioInput())
        self.servicio.label.text = _l("Elija el trámite o servicio")
        self.servicio.choices = options({s.slug: tr(s.name) for s in found}) + options(
            {OTHER: _l("Otro o no lo sé")}
        )
        self.hints = {
            s.slug: Markup("{} · {}").format(tr(s.dependency.name), s.code) for s in found
        }


@dataclass
class ServiceStep:
    """The "which service" step read from a request: the choice made, or the form to show."""

    form: ServiceForm
    chosen: bool = False  # a valid choice: a service, or "other" (then ``service`` is None)
    service: Service | None = None
    search: bool = False  # too many services for a list: the form is a search
    matches: Matches | None = None  # what the search found, once there is one

    @property
    def status(self) -> int:
        return 400 if self.form.errors else 200


def service_step(values, scope: set[int] | None, keep_list: bool = False) -> ServiceStep:
    """Read "which service" from request values: ``servicio`` is a slug or ``otro``, ``q`` a
    search, ``continuar`` says a choice was made. The services of ``scope`` (``None``: all) are
    a list up to ``SERVICE_LIST_LIMIT``, a search beyond it. A known choice is taken without
    listing anything (thousands of services at scale), unless ``keep_list`` asks for the list
    too, to show it again; it is not checked against ``scope``: callers answer 404 for it."""
    slug = values.get("servicio")
    service = service_by_slug(slug) if slug != OTHER else None
    if service is not None and service.slug != slug:
        # A key the service had before (a printed poster's code): the journey goes on with
        # the current one.
        values = values.copy()
        values["servicio"] = slug = service.slug
    form = ServiceForm(values)
    if service is not None and service.retired_on is not None:
        service = None  # no longer offered: not a choice (the search leaves it out too)
    known = service is not None or slug == OTHER
    listed = None
    if not known or keep_list:
        limit = current_app.config["SERVICE_LIST_LIMIT"]
        listed = finding.listed_services(scope, limit, retired=False)
    step = ServiceStep(form, service=service)
    if listed is not None:
        form.set_services(finding.service_groups(listed))
    elif known:
        # The choice made is all there is to check.
        form.set_services({"": {slug: tr_label(service.name)}} if service else {})
        step.search = keep_list
    else:
        step.search = True
        if form.q.data and len(form.q.data) > MAX_TYPED:
            # No name is longer: a thousand words were a thousand conditions (a 503).
            form.q.errors = [TOO_LONG % {"max": MAX_TYPED}]
        elif form.q.data:
            step.matches = finding.find_services(form.q.data, scope, SHOWN_MATCHES)
        form.set_matches(step.matches.items if step.matches else [])
    if "servicio" in values or CONTINUE in values:
        step.chosen = form.validate() and known
    elif step.search and "q" in values and not form.q.data:
        form.q.errors = [_l("Escriba el nombre o la clave del trámite o servicio que busca.")]
    return step


class SubmissionKey:
    """The key that makes a form sent twice one record (``clave_envio``, a hidden field the
    form declares with a random default)."""

    def validate_clave_envio(self, field):
        if not (field.data and len(field.data) == 32 and field.data.isalnum()):
            field.data = uuid.uuid4().hex


def _files_field() -> MultipleFileField:
    """A citizen's files; a script (``static/js/file-limits.js``) sets aside one over the
    limit as it is chosen, saying so with the server's own message."""
    return MultipleFileField(
        _l("Archivos (opcional)"),
        description=_l("Hasta 3 archivos PDF, JPEG o PNG de hasta 5 MB cada uno."),
        render_kw={
            "data-max-bytes": str(MAX_BYTES),
            "data-too-large": _l("El archivo %(name)s pesa más de 5 MB.", name="%(name)s"),
        },
    )


class KeptFiles:
    """A form's files (``adjuntos``) and those an earlier try kept (``adjuntos_guardados``):
    when one file is refused, the others stay and only that one is chosen again."""

    @property
    def file_count(self) -> int:
        sent = [f for f in self.adjuntos.data or [] if getattr(f, "filename", "")]
        return len(sent) + len(self.adjuntos_guardados.data)

    def validate_adjuntos(self, field):
        if self.file_count > MAX_FILES:
            raise ValidationError(_l("Adjunte como máximo 3 archivos."))


class IncidentChecks(CoordinatePair, SubmissionKey):
    """The rules of "when and where it happened" (``fecha``, ``lugar``, ``latitud``,
    ``longitud``), for the citizen's form and the one staff fill in for another channel, what a
    message says besides its text (those and the optional contact data), and the key that makes
    a form sent twice one item (``clave_envio``)."""

    def details(self) -> dict:
        """When, where and how to reach the person, as ``Submission`` takes them."""
        return {
            "incident_date": self.fecha.data,
            "incident_place": self.lugar.data or None,
            "incident_coordinates": self.coordinates,
            "contact_name": self.nombre.data or None,
            "contact_email": self.correo.data or None,
            "contact_phone": self.telefono.data or None,
        }

    def validate_fecha(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("La fecha no puede ser posterior a hoy."))


class FeedbackForm(KeptFiles, IncidentChecks, Form):
    """Step 3: the message itself; everything typed is kept when there is an error."""

    compromiso = SelectField(
        _l("¿Qué compromiso no se cumplió?"),
        validate_choice=False,
        validators=[Optional()],
    )
    descripcion = TextAreaField(
        _l("¿Qué pasó?"),
        description=_l("Cuéntenos con sus palabras. Máximo 4000 caracteres."),
        # Required unless a voice message is attached (see ``validate_descripcion``).
        validators=[at_most(4000)],
    )
    # A voice message as the body: attached, or recorded in the browser (static/js/voice.js).
    voz = FileField(
        _l("Mensaje de voz (opcional)"),
        description=_l(
            "Si prefiere hablar, adjunte un audio con su mensaje: así no necesita escribirlo. "
            "Hable en el idioma que elija para la respuesta."
        ),
        render_kw={"accept": "audio/*"},
    )
    voz_guardada = HiddenField()
    fecha = DateField(
        _l("¿Cuándo pasó? (opcional)"),
        validators=[Optional()],
    )
    lugar = StringField(
        _l("¿Dónde pasó? (opcional)"),
        description=_l("La oficina, la calle o la colonia."),
        validators=[Optional(), at_most(300)],
    )
    # The place as coordinates too, optional (both or neither); the map fills them in.
    latitud = latitude_field(_l("Latitud"), render_kw=COORDINATE_INPUT)
    longitud = longitude_field(_l("Longitud"), render_kw=COORDINATE_INPUT)
    # The browser may fill in the person's own contact data (WCAG 1.3.5).
    nombre = StringField(
        _l("Nombre (opcional)"),
        validators=[Optional(), at_most(200)],
        render_kw={"autocomplete": "name"},
    )
    correo = email_field(
        _l("Correo electrónico (opcional)"),
        _l("Le avisaremos a este correo cuando respondamos."),
        render_kw={"autocomplete": "email"},
    )
    telefono = phone_field(_l("Teléfono (opcional)"), render_kw={"autocomplete": "tel"})
    idioma = SelectField(
        _l("¿En qué idioma prefiere la respuesta?"),
        choices=lambda: options(autonyms(ANSWER_LANGUAGES)),  # follows the registry
        validators=[InChoices(_l("Elija un idioma de la lista."))],
        validate_choice=False,
    )
    adjuntos = _files_field()
    adjuntos_guardados = HiddenListField()
    consentimiento = BooleanField(
        _l(
            "He leído el aviso de privacidad y acepto que mis datos se usen "
            "para atender mi mensaje."
        ),
        validators=[DataRequired(_l("Acepte el aviso de privacidad para enviar su mensaje."))],
    )
    clave_envio = HiddenField(default=lambda: uuid.uuid4().hex)
    # Hidden from people (CSS, aria-hidden, no tab stop); software that fills every field fills it.
    sitio_web = StringField(_l("No escriba nada aquí"))

    @property
    def has_voice(self) -> bool:
        """Whether a voice message was sent now or kept from an earlier step."""
        return bool(getattr(self.voz.data, "filename", "") or self.voz_guardada.data)

    def validate_descripcion(self, field):
        if not field.data and not self.has_voice:
            raise ValidationError(_l("Escriba qué pasó."))

    def set_commitments(self, choices: dict[str, str], required: bool) -> None:
        """The commitments of the service's charter, for a claim."""
        self.compromiso.choices = options({"": _l("Elija un compromiso"), **choices})
        in_choices = InChoices(_l("Elija el compromiso que no se cumplió."))
        if required:
            self.compromiso.validators = [
                in_choices,
                DataRequired(_l("Elija el compromiso que no se cumplió.")),
            ]
        else:  # none to choose: any value is a crafted one
            self.compromiso.validators = [Optional(), in_choices]


class TrackForm(Form):
    folio = StringField(
        _l("Folio"),
        description=_l("Como SQR-2026-000123."),
        validators=[DataRequired(_l("Escriba el folio."))],
    )
    codigo = StringField(
        _l("Código de acceso"),
        description=_l("Los 12 caracteres que le dimos al enviar su mensaje."),
        validators=[DataRequired(_l("Escriba el código de acceso."))],
    )


class RatingForm(Form):
    calificacion = RadioField(
        _l("¿Nuestra respuesta resolvió su problema?"),
        description=_l("5 es «sí, totalmente» y 1 es «no, en nada»."),
        choices=SCORES,
        validators=[InputRequired(_l("Elija una calificación del 1 al 5."))],
    )


class NewCodeForm(Form):
    folio = StringField(
        _l("Folio"),
        description=_l("Como SQR-2026-000123."),
        validators=[DataRequired(_l("Escriba el folio.")), at_most(30)],
    )


class InformationForm(KeptFiles, Form):
    respuesta = TextAreaField(
        _l("La información que le pedimos"),
        validators=[DataRequired(_l("Escriba la información que le pedimos.")), at_most(4000)],
    )
    adjuntos = _files_field()
    adjuntos_guardados = HiddenListField()


class ReopenForm(Form):
    motivo = TextAreaField(
        _l("¿Por qué no resolvió su problema?"),
        description=_l("Revisaremos su mensaje otra vez. Puede hacerlo una sola vez."),
        validators=[DataRequired(_l("Escriba por qué la respuesta no resolvió su problema.")),
                    at_most(2000)],
    )  # fmt: skip


class SurveyForm(SubmissionKey, Form):
    calificacion = RadioField(
        _l("¿Qué tan satisfecho quedó con el servicio?"),
        description=_l("5 es «muy satisfecho» y 1 es «nada satisfecho»."),
        choices=SCORES,
        validators=[InputRequired(_l("Elija una calificación del 1 al 5."))],
    )
    espera = RadioField(
        _l("¿Cuánto esperó antes de que lo atendieran? (opcional)"),
        choices=BRACKETS,
        validate_choice=False,
        validators=[Optional(strip_whitespace=False), InChoices(BRACKET_MESSAGE)],
    )
    atencion = RadioField(
        _l("¿Cuánto duró la atención? (opcional)"),
        choices=BRACKETS,
        validate_choice=False,
        validators=[Optional(strip_whitespace=False), InChoices(BRACKET_MESSAGE)],
    )
    comentario = TextAreaField(
        _l("Comentario (opcional)"),
        validators=[Optional(), at_most(2000)],
    )
    clave_envio = HiddenField(default=lambda: uuid.uuid4().hex)
    sitio_web = StringField(_l("No escriba nada aquí"))
