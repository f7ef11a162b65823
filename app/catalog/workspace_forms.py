"""The forms of the catalog workspace (``/admin/catalogo``): a service and its lists (steps,
requirements, inspections, request formats), retiring rows, uploading the catalog's files and
filtering the services staff edit."""

from sqlalchemy import select
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SearchField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import TextInput

from app.calendar.forms import DayField
from app.catalog import limits
from app.catalog.models import (
    ApplicantType,
    Modality,
    RequestType,
    Service,
    ServiceKind,
    Silence,
    attention_languages,
)
from app.core.clock import local_today
from app.core.forms import (
    CoordinatePair,
    DateField,
    Form,
    NumberField,
    WithinRange,
    at_most,
    checkboxes,
    email_field,
    latitude_field,
    longitude_field,
    options,
    phone_field,
    select_field,
    translated_fields,
    translated_value,
)
from app.core.i18n import LANGUAGES, SOURCE_LANGUAGE
from app.core.lazy_text import lazy_gettext as _l
from app.extensions import db

ANY = ""
YES, NO = "si", "no"
MAX_TYPED = 200  # characters of a typed dependency: longer is no name, only work for the search

SLUG_MESSAGE = _l("Use solo minúsculas sin acentos, números y guiones, como pago-de-predial.")
CHOOSE = _l("Elija una opción de la lista.")
# Per translated field of a service: the form's prefix, the model's field, the label, the
# length limit, whether the Spanish text is required, and whether it is long text.
SERVICE_TEXTS = {
    "nombre": ("name", _l("Nombre"), limits.SERVICE_TEXTS["name"], True, False),
    "descripcion": (
        "description",
        _l("Descripción"),
        limits.SERVICE_TEXTS["description"],
        True,
        True,
    ),
    "palabras_sencillas": (
        "easy_reading",
        _l("Resumen en palabras sencillas"),
        limits.SERVICE_TEXTS["easy_reading"],
        False,
        True,
    ),
    "solicitantes": (
        "applicants",
        _l("Quién puede solicitarlo"),
        limits.SERVICE_TEXTS["applicants"],
        True,
        True,
    ),
    "casos": ("cases", _l("Casos en que se solicita"), limits.SERVICE_TEXTS["cases"], False, True),
    "fundamento_costo": (
        "cost_basis",
        _l("Fundamento del costo"),
        limits.SERVICE_TEXTS["cost_basis"],
        False,
        True,
    ),
    "resultado": ("result", _l("Qué se obtiene"), limits.SERVICE_TEXTS["result"], False, True),
    "vigencia": ("validity", _l("Vigencia"), limits.SERVICE_TEXTS["validity"], False, True),
    "fundamento": (
        "legal_basis",
        _l("Fundamento jurídico"),
        limits.SERVICE_TEXTS["legal_basis"],
        True,
        True,
    ),
    "pago": ("payment", _l("Dónde y cómo pagar"), limits.SERVICE_TEXTS["payment"], False, True),
    "criterios": (
        "criteria",
        _l("Criterios para resolver"),
        limits.SERVICE_TEXTS["criteria"],
        False,
        True,
    ),
    "cita": (
        "appointment",
        _l("Cómo obtener una cita"),
        limits.SERVICE_TEXTS["appointment"],
        False,
        True,
    ),
    "cargo_responsable": (
        "contact_position",
        _l("Cargo de la persona servidora pública responsable"),
        limits.SERVICE_TEXTS["contact_position"],
        False,
        False,
    ),
}


class WholeNumberField(IntegerField):
    """A whole number in a text input (what was typed comes back as typed), with our own
    wording when it is not one."""

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Escriba un número entero, como 10.")) from None


class _RowForm(Form):
    """A repeated row inside a form: the form's token covers it."""

    class Meta:
        csrf = False


class _TextRows(_RowForm):
    """A row of translated texts (``TEXTS``) that may be left empty or removed."""

    TEXTS: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self.quitar.data or not any(
            self[f"{p}_{c}"].data for p in self.TEXTS for c in LANGUAGES
        )


class StepRow(_TextRows):
    TEXTS = ("texto",)
    translated_fields(locals(), "texto", _l("Paso"), limits.STEP_TEXT, False, False)
    quitar = BooleanField(_l("Quitar este paso"))


class InspectionRow(_TextRows):
    TEXTS = ("objeto", "proposito")
    translated_fields(
        locals(),
        "objeto",
        _l("Qué se inspecciona o verifica"),
        limits.INSPECTION_TEXT,
        False,
        False,
    )
    translated_fields(locals(), "proposito", _l("Para qué"), limits.INSPECTION_TEXT, False, False)
    quitar = BooleanField(_l("Quitar esta inspección"))


class RequirementRow(_TextRows):
    TEXTS = ("nombre", "notas", "emisor")
    translated_fields(locals(), "nombre", _l("Requisito"), limits.REQUIREMENT_NAME, False, False)
    original = BooleanField(_l("Se presenta el original"))
    copias = WholeNumberField(
        _l("Copias"),
        default=0,
        validators=[WithinRange(0, limits.REQUIREMENT_COPIES, _l("Escriba un número de 0 a 20."))],
    )
    translated_fields(locals(), "notas", _l("Notas"), limits.REQUIREMENT_NOTES, False, False)
    translated_fields(
        locals(),
        "emisor",
        _l("Quién lo expide, si es otra institución"),
        limits.REQUIREMENT_ISSUER,
        False,
        False,
    )
    producido_por = StringField(
        _l("Homoclave del trámite de esta institución con que se obtiene"),
        description=_l("Opcional. El requisito enlazará a ese trámite."),
        validators=[at_most(40)],
    )
    quitar = BooleanField(_l("Quitar este requisito"))

    producer: Service | None = None  # the service ``producido_por`` names, once validated

    def is_empty(self) -> bool:
        return super().is_empty() and (self.quitar.data or not self.producido_por.data)


class FormatRow(_RowForm):
    translated_fields(locals(), "nombre", _l("Formato"), limits.FORMAT_NAME, False, False)
    url = URLField(
        _l("Dirección del formato"),
        validators=[
            Optional(),
            at_most(500),
            URL(
                message=_l(
                    "Escriba una dirección completa, como https://ejemplo.gob.mx/formato.pdf."
                )
            ),
        ],
    )
    publicado = DayField(
        _l("Fecha de publicación del formato"),
        validators=[Optional()],
        description=_l("Año, mes y día, como 2026-01-31."),
    )
    quitar = BooleanField(_l("Quitar este formato"))

    def is_empty(self) -> bool:
        return (
            self.quitar.data
            or not any(self[f"nombre_{c}"].data for c in LANGUAGES)
            and not self.url.data
        )


class ServiceForm(Form):
    """A service with its requirements and forms as repeated rows (more rows are added by a
    button that sends the form back, so it works without JavaScript)."""

    version = HiddenField()
    codigo = StringField(
        _l("Homoclave"),
        description=_l("La clave única del trámite, como TES-001."),
        validators=[DataRequired(_l("Escriba la homoclave.")), at_most(40)],
    )
    clave = StringField(
        _l("Clave para la dirección de la página"),
        description=_l("Aparece en la dirección pública, como pago-de-predial."),
        validators=[
            DataRequired(_l("Escriba la clave para la dirección.")),
            at_most(160),
            Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=SLUG_MESSAGE),
        ],
    )
    for _prefix, (_model, _label, _limit, _required, _long) in SERVICE_TEXTS.items():
        translated_fields(locals(), _prefix, _label, _limit, _required, _long)
    tipo = select_field(
        _l("Tipo"), CHOOSE, choices=options({k.value: k.label for k in ServiceKind})
    )
    modalidad = select_field(
        _l("Modalidad"), CHOOSE, choices=options({k.value: k.label for k in Modality})
    )
    url_en_linea = URLField(
        _l("Dirección para hacerlo en línea"),
        validators=[
            Optional(),
            at_most(500),
            URL(message=_l("Escriba una dirección completa, como https://ejemplo.gob.mx.")),
        ],
    )
    plazo = WholeNumberField(
        _l("Plazo máximo de respuesta (días hábiles)"),
        validators=[
            InputRequired(_l("Escriba el plazo en días hábiles.")),
            WithinRange(0, 365, _l("Escriba un número de 0 a 365.")),
        ],
    )
    silencio = select_field(
        _l("Si no hay respuesta en el plazo"),
        CHOOSE,
        choices=options({k.value: k.label for k in Silence}),
    )
    costo = NumberField(
        _l("Costo en pesos"),
        description=_l("Déjelo vacío si es gratuito."),
        validators=[WithinRange(0, 10_000_000, _l("Escriba un costo de 0 a 10,000,000."))],
    )
    dependencia = select_field(_l("Dependencia responsable"), CHOOSE)
    tema = select_field(_l("Tema"), CHOOSE)
    idiomas = checkboxes(_l("Idiomas en que se atiende"), validate_choice=False)
    palabras = StringField(
        _l("Palabras clave"),
        description=_l("Separadas por comas; ayudan a encontrarlo en la búsqueda."),
        validators=[at_most(1000)],
    )
    oficinas = checkboxes(_l("Oficinas donde se atiende"), validate_choice=False)
    tipo_solicitud = select_field(
        _l("Cómo se presenta la solicitud"),
        CHOOSE,
        default="",
        choices=options({"": _l("Sin indicar"), **{k.value: k.label for k in RequestType}}),
    )
    tipo_solicitante = select_field(
        _l("Quién puede solicitarlo"),
        CHOOSE,
        default="",
        choices=options({"": _l("Sin indicar"), **{k.value: k.label for k in ApplicantType}}),
    )
    plazo_prevencion = WholeNumberField(
        _l("Plazo para prevenir: pedir la información que falte (días hábiles)"),
        description=_l("Déjelo vacío si no aplica."),
        validators=[Optional(), WithinRange(0, 365, _l("Escriba un número de 0 a 365."))],
    )
    plazo_respuesta_prevencion = WholeNumberField(
        _l("Plazo para que la persona entregue lo que le piden (días hábiles)"),
        validators=[Optional(), WithinRange(0, 365, _l("Escriba un número de 0 a 365."))],
    )
    requiere_cita = BooleanField(_l("Se requiere cita"))
    responsable_nombre = StringField(
        _l("Nombre de la persona servidora pública responsable"), validators=[at_most(200)]
    )
    responsable_telefono = phone_field(_l("Teléfono de la persona responsable"))
    responsable_correo = email_field(_l("Correo institucional de la persona responsable"))
    pasos = FieldList(FormField(StepRow), min_entries=1)
    requisitos = FieldList(FormField(RequirementRow), min_entries=1)
    inspecciones = FieldList(FormField(InspectionRow), min_entries=1)
    formatos = FieldList(FormField(FormatRow), min_entries=1)
    agregar_paso = SubmitField(_l("Agregar otro paso"))
    agregar_requisito = SubmitField(_l("Agregar otro requisito"))
    agregar_inspeccion = SubmitField(_l("Agregar otra inspección"))
    agregar_formato = SubmitField(_l("Agregar otro formato"))

    def __init__(self, *args, dependencies=None, topics=None, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dependencia.choices = options(dependencies or {})
        self.tema.choices = options(topics or {})
        self.idiomas.choices = options(attention_languages())
        self.oficinas.choices = options(offices or {})

    def validate_idiomas(self, field):
        if not field.data:
            raise ValidationError(_l("Elija al menos un idioma."))
        if set(field.data) - set(attention_languages()):
            raise ValidationError(CHOOSE)

    def validate_oficinas(self, field):
        if set(field.data or ()) - {choice.value for choice in field.iter_choices()}:
            raise ValidationError(CHOOSE)

    def adding(self) -> bool:
        """Whether the person asked for another empty row (nothing is saved then)."""
        for button, rows in (
            (self.agregar_paso, self.pasos),
            (self.agregar_requisito, self.requisitos),
            (self.agregar_inspeccion, self.inspecciones),
            (self.agregar_formato, self.formatos),
        ):
            if button.data:
                rows.append_entry()
                return True
        return False

    def step_rows(self) -> list[dict]:
        return [
            {"text": translated_value(entry.form, "texto") or {}}
            for entry in self.pasos
            if not entry.form.is_empty()
        ]

    def inspection_rows(self) -> list[dict]:
        return [
            {
                "subject": translated_value(entry.form, "objeto") or {},
                "purpose": translated_value(entry.form, "proposito") or {},
            }
            for entry in self.inspecciones
            if not entry.form.is_empty()
        ]

    def requirement_rows(self) -> list[dict]:
        rows = []
        for entry in self.requisitos:
            row = entry.form
            if row.is_empty():
                continue
            rows.append(
                {
                    "name": translated_value(row, "nombre") or {},
                    "original": row.original.data,
                    "copies": row.copias.data or 0,
                    "notes": translated_value(row, "notas"),
                    "issuer": translated_value(row, "emisor"),
                    "produced_by": row.producer,
                }
            )
        return rows

    def format_rows(self) -> list[dict]:
        return [
            {
                "name": translated_value(entry.form, "nombre") or {},
                "url": entry.form.url.data or None,
                "published_on": entry.form.publicado.data,
            }
            for entry in self.formatos
            if not entry.form.is_empty()
        ]

    def validate_plazo_prevencion(self, field):
        if field.data is not None and self.plazo.data is not None and field.data > self.plazo.data:
            raise ValidationError(
                _l("Debe ser menor que el plazo máximo de respuesta o igual a él.")
            )

    def validate_pasos(self, field):
        _require_spanish(field, "texto", _l("Escriba el paso en español."))

    def validate_inspecciones(self, field):
        for prefix, message in (
            ("objeto", _l("Escriba en español qué se inspecciona.")),
            ("proposito", _l("Escriba en español para qué se inspecciona.")),
        ):
            _require_spanish(field, prefix, message)

    def validate_requisitos(self, field):
        for entry in field:
            if not entry.form.is_empty() and not entry.form[f"nombre_{SOURCE_LANGUAGE}"].data:
                entry.form[f"nombre_{SOURCE_LANGUAGE}"].errors = [
                    *entry.form[f"nombre_{SOURCE_LANGUAGE}"].errors,
                    _l("Escriba el requisito en español."),
                ]
                raise ValidationError(_l("Escriba cada requisito en español."))
        for entry in field:
            code = (entry.form.producido_por.data or "").strip()
            if entry.form.is_empty() or not code:
                continue
            producer = db.session.scalar(select(Service).where(Service.code == code))
            if producer is None or producer.retired_on is not None:
                message = _l("No hay un trámite vigente con esa homoclave.")
            elif code == (self.codigo.data or "").strip():
                message = _l("Un requisito no puede obtenerse con este mismo trámite.")
            else:
                entry.form.producer = producer
                continue
            entry.form.producido_por.errors = [*entry.form.producido_por.errors, message]
            raise ValidationError(message)

    def validate_formatos(self, field):
        for entry in field:
            if not entry.form.is_empty() and not entry.form[f"nombre_{SOURCE_LANGUAGE}"].data:
                entry.form[f"nombre_{SOURCE_LANGUAGE}"].errors = [
                    *entry.form[f"nombre_{SOURCE_LANGUAGE}"].errors,
                    _l("Escriba el nombre del formato en español."),
                ]
                raise ValidationError(_l("Escriba el nombre de cada formato en español."))


def _require_spanish(rows, prefix: str, message) -> None:
    """Every row left filled in has its ``prefix`` text in Spanish (else ``message`` next to
    it and in the summary)."""
    for entry in rows:
        spanish = entry.form[f"{prefix}_{SOURCE_LANGUAGE}"]
        if not entry.form.is_empty() and not spanish.data:
            spanish.errors = [*spanish.errors, message]
            raise ValidationError(message)


class RetireRowForm(Form):
    fecha = DateField(
        _l("Fecha desde la que ya no se ofrece"),
        validators=[InputRequired(_l("Escriba la fecha, como 2026-12-31."))],
    )

    def validate_fecha(self, field):
        # Retired is retired at once (the page says so, the search leaves it out): a date to
        # come would be a promise the portal does not keep.
        if field.data and field.data > local_today():
            raise ValidationError(_l("La fecha no puede ser posterior a hoy."))


class RetireForm(RetireRowForm):
    reemplazo = StringField(
        _l("Homoclave del trámite que lo reemplaza"),
        description=_l("Opcional. Su página enlazará al trámite que lo reemplaza."),
        validators=[at_most(40)],
    )


class CatalogUploadForm(Form):
    archivos = MultipleFileField(_l("Archivos del catálogo"))

    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.archivos.description = _l(
            "Los archivos CSV del formato (dependencies.csv, services.csv…), un libro XLSX "
            "con una hoja por tabla o el ZIP que exporta el catálogo (con sus grabaciones); "
            "hasta %(limit)s MB en total.",
            limit=limit,
        )


class ServiceFilterForm(Form):
    """The workspace's list of services (a GET form, works without JavaScript)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Buscar por nombre o homoclave"), validators=[at_most(200)])
    dependencia = select_field(_l("Dependencia"), CHOOSE, default="")
    estado = select_field(
        _l("Estado"),
        CHOOSE,
        default="",
        choices=options({"": _l("Todos"), "vigente": _l("Vigentes"), "retirado": _l("Retirados")}),
    )


class DependencyForm(Form):
    version = HiddenField()  # the row's, when the form was opened
    clave = StringField(
        _l("Clave"),
        validators=[
            DataRequired(_l("Escriba la clave.")),
            at_most(120),
            Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=SLUG_MESSAGE),
        ],
    )
    translated_fields(locals(), "nombre", _l("Nombre"), limits.DEPENDENCY_NAME, True, False)
    siglas = StringField(_l("Siglas"), validators=[at_most(20)])
    superior = select_field(
        _l("Dependencia superior"),
        CHOOSE,
        description=_l("Déjelo en «Ninguna» si no depende de otra."),
        default="",
    )


class OfficeForm(CoordinatePair, Form):
    version = HiddenField()  # the row's, when the form was opened
    dependencia = select_field(_l("Dependencia"), CHOOSE)
    translated_fields(locals(), "nombre", _l("Nombre"), limits.OFFICE_NAME, True, False)
    direccion = TextAreaField(
        _l("Dirección"),
        validators=[DataRequired(_l("Escriba la dirección.")), at_most(limits.OFFICE_ADDRESS)],
    )
    translated_fields(locals(), "horario", _l("Horario"), limits.OFFICE_HOURS, True, False)
    telefono = phone_field(_l("Teléfono"))
    correo = email_field(_l("Correo electrónico"))
    latitud = latitude_field(_l("Latitud"))
    longitud = longitude_field(_l("Longitud"))
    translated_fields(
        locals(),
        "accesibilidad",
        _l("Accesibilidad del edificio"),
        limits.OFFICE_ACCESSIBILITY,
        False,
        True,
    )


class TopicForm(Form):
    version = HiddenField()  # the row's, when the form was opened
    clave = StringField(
        _l("Clave"),
        validators=[
            DataRequired(_l("Escriba la clave.")),
            at_most(120),
            Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=SLUG_MESSAGE),
        ],
    )
    translated_fields(locals(), "nombre", _l("Nombre"), limits.TOPIC_NAME, True, False)
