"""Sign-in, password and profile forms."""

from wtforms import EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, EqualTo, Length

from app.core.forms import Form, InChoices, checkboxes, options
from app.core.languages import ANSWER_LANGUAGES, INTERFACE_LANGUAGES, names
from app.core.lazy_text import lazy_gettext as _l
from app.staff.services import MIN_PASSWORD_LENGTH


def languages_field():
    """The languages a staff member answers in (their profile, the people admin)."""
    return checkboxes(
        _l("Idiomas en los que puede responder"),
        _l("Los mensajes escritos en estos idiomas se le pueden asignar."),
        _l("Elija al menos un idioma."),
        choices=lambda: options(names(ANSWER_LANGUAGES)),  # languages follow the registry
    )


class SignInForm(Form):
    # Paste and password managers are welcome (WCAG 2.2, 3.3.8): no cognitive tests, no blocks.
    email = EmailField(
        _l("Correo electrónico"),
        validators=[DataRequired(_l("Escriba su correo electrónico."))],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Contraseña"),
        validators=[DataRequired(_l("Escriba su contraseña."))],
        render_kw={"autocomplete": "current-password"},
    )


class PasswordForm(Form):
    current = PasswordField(
        _l("Contraseña actual"),
        validators=[DataRequired(_l("Escriba su contraseña actual."))],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("Contraseña nueva"),
        description=_l("Al menos 12 caracteres. Una frase larga es fácil de recordar y segura."),
        validators=[
            DataRequired(_l("Escriba una contraseña nueva.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l("La contraseña nueva debe tener al menos 12 caracteres."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repita la contraseña nueva"),
        validators=[EqualTo("new", message=_l("Las dos contraseñas nuevas no coinciden."))],
        render_kw={"autocomplete": "new-password"},
    )


class ProfileForm(Form):
    ui_language = SelectField(
        _l("Idioma de estas páginas"),
        choices=lambda: options(
            {c: lang.name for c, lang in INTERFACE_LANGUAGES.items() if lang.reviewed}
        ),
        validate_choice=False,
        validators=[InChoices(_l("Elija un idioma de la lista."))],
    )
    languages = languages_field()
