"""Forms of the people pages, the invitation and the password reset."""

from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from app.core.forms import Form, at_most, checkboxes, options, select_field
from app.core.languages import ANSWER_LANGUAGES, TRANSLATION_LANGUAGES, autonyms, names
from app.core.lazy_text import lazy_gettext as _l
from app.staff.forms import languages_field
from app.staff.models import Role
from app.staff.services import MIN_PASSWORD_LENGTH

PASSWORD_HINT = _l(
    "Al menos 12 caracteres, y que no sea común ni fácil de adivinar. Una frase de varias "
    "palabras es fácil de recordar y segura."
)


class PeopleFilterForm(Form):
    """The list's filters (a GET form: shareable, works without JavaScript)."""

    class Meta:
        csrf = False

    rol = select_field(_l("Función"), _l("Elija una función de la lista."), default="")
    dependencia = select_field(
        _l("Dependencia"), _l("Elija una dependencia de la lista."), default=""
    )
    estado = select_field(_l("Estado"), _l("Elija un estado de la lista."), default="")
    idioma = select_field(_l("Idioma"), _l("Elija un idioma de la lista."), default="")

    def __init__(self, formdata, roles: list[Role], dependencies: dict[str, str]):
        super().__init__(formdata=formdata)
        self.rol.choices = options({"": _l("Todas"), **{r.value: r.label for r in roles}})
        self.dependencia.choices = options({"": _l("Todas"), **dependencies})
        self.estado.choices = options(
            {
                "": _l("Todos"),
                "activa": _l("Activa"),
                "inactiva": _l("Desactivada"),
                "invitada": _l("Invitación pendiente"),
            }
        )
        self.idioma.choices = options({"": _l("Todos"), **names(ANSWER_LANGUAGES)})


class _Assignment(Form):
    role = select_field(_l("Función"), _l("Elija una función de la lista."))
    dependency = SelectField(
        _l("Dependencia"),
        description=_l(
            "Obligatoria salvo para administración y coordinación, que ven todas. La persona "
            "ve esta dependencia y sus unidades."
        ),
        validate_choice=False,
    )
    languages = languages_field()
    # Required for translators (the service says so): the other roles translate any language.
    translation_languages = checkboxes(
        _l("Idiomas a los que traduce"),
        description=_l(
            "Solo para la función de traducción, que no necesita dependencia: la persona edita "
            "las traducciones de estos idiomas en todo el catálogo, nunca el texto en español."
        ),
        choices=lambda: options(autonyms(TRANSLATION_LANGUAGES)),  # follows the registry
        validate_choice=False,  # the service checks them, in its own words
    )

    def set_choices(self, roles: list[Role], dependencies: dict[str, str]) -> None:
        self.role.choices = options({r.value: r.label for r in roles})
        self.dependency.choices = options({"": _l("Ninguna (todas)"), **dependencies})


class PersonForm(_Assignment):
    pass


class InviteForm(_Assignment):
    name = StringField(
        _l("Nombre completo"),
        validators=[DataRequired(_l("Escriba el nombre de la persona.")), at_most(200)],
        render_kw={"autocomplete": "off"},
    )
    email = EmailField(
        _l("Correo electrónico"),
        description=_l("Le llegará un enlace para que elija su contraseña."),
        validators=[DataRequired(_l("Escriba el correo electrónico.")), at_most(254)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class ConfirmForm(Form):
    """A button that changes something: only the CSRF token."""


class ResetRequestForm(Form):
    email = EmailField(
        _l("Correo electrónico"),
        validators=[DataRequired(_l("Escriba su correo electrónico.")), at_most(254)],
        render_kw={"autocomplete": "username"},
    )


class NewPasswordForm(Form):
    password = PasswordField(
        _l("Contraseña nueva"),
        description=PASSWORD_HINT,
        validators=[
            DataRequired(_l("Escriba una contraseña nueva.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l("La contraseña debe tener al menos 12 caracteres."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repita la contraseña nueva"),
        validators=[EqualTo("password", message=_l("Las dos contraseñas nuevas no coinciden."))],
        render_kw={"autocomplete": "new-password"},
    )
