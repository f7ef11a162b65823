"""The institution's form: names per language, contacts, channels and logo."""

from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired

from app.core.forms import Form, at_most, email_field, phone_field
from app.core.i18n import LANGUAGES, SOURCE_LANGUAGE
from app.core.lazy_text import lazy_gettext as _l

NAME_REQUIRED = _l("Escriba el nombre de la institución en español.")
# Per language: the form field's prefix and the model's translated field.
TRANSLATED = {
    "nombre": "name",
    "nombre_corto": "short_name",
    "logotipo_alt": "logo_alt",
    "escalamiento": "escalation",
}
# The other texts: the form field and the model's field.
PLAIN = {
    "direccion": "address",
    "correo": "email",
    "telefono": "phone",
    "responsable": "privacy_controller",
    "privacidad_correo": "privacy_email",
    "privacidad_telefono": "privacy_phone",
    "accesibilidad_correo": "accessibility_email",
    "accesibilidad_telefono": "accessibility_phone",
}


def _in_language(label, limit: int, description=None, required=None) -> StringField:
    checks = [DataRequired(required)] if required else []
    return StringField(label, description=description, validators=[*checks, at_most(limit)])


class InstitutionForm(Form):
    # One field per interface language for each translated text (the class body's namespace
    # is a plain dict: the fields keep this order in the error summary).
    for _code in LANGUAGES:
        locals()[f"nombre_{_code}"] = _in_language(
            _l("Nombre de la institución (%(language)s)", language=LANGUAGES[_code].name),
            300,
            _l("Obligatorio.") if _code == SOURCE_LANGUAGE else None,
            NAME_REQUIRED if _code == SOURCE_LANGUAGE else None,
        )
    for _code in LANGUAGES:
        locals()[f"nombre_corto_{_code}"] = _in_language(
            _l("Nombre corto (%(language)s)", language=LANGUAGES[_code].name), 80
        )
    direccion = TextAreaField(_l("Dirección"), validators=[at_most(500)])
    correo = email_field(_l("Correo electrónico de contacto"))
    telefono = phone_field(_l("Teléfono de contacto"))
    responsable = StringField(
        _l("Responsable del tratamiento de los datos personales"),
        description=_l("Se nombra en el aviso de privacidad, p. ej. la Unidad de Transparencia."),
        validators=[at_most(300)],
    )
    privacidad_correo = email_field(
        _l("Correo para ejercer los derechos sobre los datos personales")
    )
    privacidad_telefono = phone_field(
        _l("Teléfono para ejercer los derechos sobre los datos personales")
    )
    accesibilidad_correo = email_field(
        _l("Correo para reportar una barrera de accesibilidad"),
        _l("Se publica en la declaración de accesibilidad."),
    )
    accesibilidad_telefono = phone_field(_l("Teléfono para reportar una barrera de accesibilidad"))
    canales = TextAreaField(
        _l("Redes sociales y otros canales"),
        description=_l(
            "Uno por línea: el nombre, una barra | y la dirección, como: "
            "Facebook | https://facebook.com/…"
        ),
        validators=[at_most(3000)],
    )
    for _code in LANGUAGES:
        locals()[f"escalamiento_{_code}"] = _in_language(
            _l("A quién acudir si no respondemos a tiempo (%(language)s)",
               language=LANGUAGES[_code].name),
            500,
            _l("Se muestra a quien tiene un mensaje vencido, p. ej. el órgano interno de control "
               "con su correo y teléfono. Si lo deja vacío, se muestra un texto general.")
            if _code == SOURCE_LANGUAGE
            else None,
        )  # fmt: skip
    logotipo = FileField(
        _l("Logotipo (opcional)"),
        description=_l("Una imagen PNG o SVG de hasta 512 KB. Un SVG no puede tener código."),
    )
    quitar_logotipo = BooleanField(_l("Quitar el logotipo"))
    for _code in LANGUAGES:
        locals()[f"logotipo_alt_{_code}"] = _in_language(
            _l("Texto alternativo del logotipo (%(language)s)", language=LANGUAGES[_code].name),
            200,
            _l("Lo que muestra el logotipo, para quien no ve la imagen.")
            if _code == SOURCE_LANGUAGE
            else None,
        )
    del _code

    def values(self) -> dict:
        """The model's fields from the form (the channels still as typed)."""
        values = {model: self[name].data or "" for name, model in PLAIN.items()}
        for prefix, model in TRANSLATED.items():
            values[model] = {code: self[f"{prefix}_{code}"].data or "" for code in LANGUAGES}
        return values
