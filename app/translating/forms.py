"""The list's filter and the side-by-side editor of one row's translations."""

from flask_wtf.file import FileRequired
from wtforms import BooleanField, FileField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Regexp, ValidationError

from app.core.forms import Form, at_most, options, select_field
from app.core.i18n import LANGUAGES
from app.core.lazy_text import lazy_gettext as _l
from app.translating.languages import CODE, CODE_FORMAT
from app.translating.services import DONE, MISSING, REVIEW

PENDING, ALL = "pendientes", "todas"
STATES = {
    PENDING: _l("Faltantes o por revisar"),
    MISSING: _l("Faltantes"),
    REVIEW: _l("Por revisar: su texto en español cambió"),
    ALL: _l("Todas"),
}
SHOWN = {PENDING: {MISSING, REVIEW}, MISSING: {MISSING}, REVIEW: {REVIEW}, ALL: None}
STATE_LABELS = {
    MISSING: _l("Falta"),
    REVIEW: _l("Por revisar"),
    DONE: _l("Traducida"),
}


class FilterForm(Form):
    """A GET form: shareable, works without JavaScript."""

    class Meta:
        csrf = False

    estado = select_field(
        _l("Mostrar"), _l("Elija una opción de la lista."), choices=options(STATES), default=PENDING
    )


REVIEWED = "revisada-"


def editor_form(slots, lang: str, waiting: set[str], version: int | None):
    """One field per translatable text, in ``lang``; for a translation waiting for review, a
    checkbox to say it is still right; the row's lock version when it has one."""

    class EditorForm(Form):
        pass

    if version is not None:
        EditorForm.version = HiddenField()

    language = LANGUAGES[lang].name
    for slot in slots:
        kind = TextAreaField if slot.text.long else StringField
        field = kind(
            _l("%(what)s (%(language)s)", what=slot.label, language=language),
            validators=[at_most(slot.text.limit)],
            render_kw={"lang": lang},
        )
        setattr(EditorForm, slot.name, field)
        if slot.path in waiting:
            setattr(
                EditorForm,
                REVIEWED + slot.name,
                BooleanField(_l("La traducción sigue siendo correcta con el español nuevo")),
            )
    data = {slot.name: slot.value.get(lang, "") for slot in slots}
    return EditorForm(data={**data, "version": str(version)})


class PoUploadForm(Form):
    archivo = FileField(
        _l("Archivo PO"),
        description=_l("El archivo descargado de esta página, con sus traducciones."),
        validators=[FileRequired(_l("Elija un archivo PO."))],
    )


class AudioForm(Form):
    """A recording of a service's text in one language, with what it says."""

    # Its hint says the limits (see ``recordings.limits``).
    audio = FileField(
        _l("Archivo de audio"),
        render_kw={"accept": ".ogg,.opus,.mp3,.m4a,audio/ogg,audio/mpeg,audio/mp4"},
    )
    transcript = TextAreaField(
        _l("Transcripción"),
        description=_l("Lo que dice la grabación, palabra por palabra. Se publica junto al audio."),
        validators=[DataRequired(_l("Escriba la transcripción de la grabación.")), at_most(20000)],
    )

    def validate_audio(self, field):
        if not getattr(field.data, "filename", ""):
            raise ValidationError(_l("Elija el archivo de audio."))


class DeleteAudioForm(Form):
    """Only its token: the recording is named by the address."""


class LanguageForm(Form):
    """What is said of a language an administrator adds (the code only when adding it)."""

    codigo = StringField(
        _l("Código ISO 639-3"),
        description=_l(
            "Tres letras minúsculas, como ocu (tlahuica) o mat (matlatzinca). No se puede "
            "cambiar después: nombra el idioma en las direcciones y en los datos."
        ),
        validators=[
            DataRequired(_l("Escriba el código del idioma.")),
            Regexp(rf"^{CODE.pattern}$", message=CODE_FORMAT),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    etiqueta = StringField(
        _l("Etiqueta BCP 47 (opcional)"),
        description=_l("Para los datos abiertos. Déjela vacía para usar el código."),
        validators=[at_most(35)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    nombre = StringField(
        _l("Nombre en el propio idioma"),
        description=_l("Como lo reconocen sus hablantes; así aparece en el selector de idioma."),
        validators=[
            DataRequired(_l("Escriba el nombre del idioma en el propio idioma.")),
            at_most(80),
        ],
    )
    nombre_es = StringField(
        _l("Nombre en español"),
        validators=[DataRequired(_l("Escriba el nombre del idioma en español.")), at_most(80)],
    )
    formato = select_field(
        _l("Formato de fechas y números"),
        _l("Elija un formato de fechas y números de la lista."),
        description=_l("La mayoría de las lenguas indígenas usan el de Español (México)."),
        default="es_MX",
    )
    responde = BooleanField(_l("La institución responde mensajes escritos en este idioma"))
    interfaz = BooleanField(
        _l("Se traduce la interfaz a este idioma"),
        description=_l(
            "Las personas traductoras trabajan en él; se ofrece al público cuando su traducción "
            "cubre el recorrido ciudadano."
        ),
    )

    def __init__(self, *args, locales: dict[str, str], adding: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.formato.choices = options(locales)
        if not adding:  # the code is the key of everything that names the language
            del self.codigo

    def values(self) -> dict:
        """The service's fields (``app.translating.languages.FIELDS``)."""
        return {
            "tag": self.etiqueta.data or "",
            "name": self.nombre.data,
            "name_es": self.nombre_es.data,
            "locale": self.formato.data,
            "answers": self.responde.data,
            "interface": self.interfaz.data,
        }


class RemoveLanguageForm(Form):
    """The remove button (only its CSRF token)."""
