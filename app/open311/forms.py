"""The form that issues a key to a client application."""

from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email

from app.core.forms import EMAIL_MESSAGE, Form, at_most
from app.core.lazy_text import lazy_gettext as _l


class ApiClientForm(Form):
    nombre = StringField(
        _l("Aplicación"),
        description=_l("Quién la usa y para qué, como «Centro de atención telefónica»."),
        validators=[DataRequired(_l("Escriba el nombre de la aplicación.")), at_most(200)],
    )
    contacto = EmailField(
        _l("Correo electrónico de quien la opera"),
        description=_l("A quién avisar si la clave deja de funcionar o se usa mal."),
        validators=[
            DataRequired(_l("Escriba el correo electrónico de quien la opera.")),
            at_most(254),
            Email(EMAIL_MESSAGE),
        ],
    )
