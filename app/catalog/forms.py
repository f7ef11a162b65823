"""The catalog's search and filter form (a GET form: shareable, works without JavaScript)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField

from app.catalog.models import Modality
from app.catalog.services import CatalogQuery
from app.core.forms import InChoices, by_label, options, strip

ANY = ""
YES, NO = "si", "no"


class CatalogForm(FlaskForm):
    class Meta:
        csrf = False  # a search changes nothing

    q = SearchField(
        _l("Buscar trámites y servicios"),
        filters=[strip],
        description=_l("Por nombre, palabra clave o clave del trámite."),
    )
    dependencia = SelectField(
        _l("Dependencia"),
        default=ANY,
        validate_choice=False,
        validators=[InChoices(_l("Elija una dependencia de la lista."))],
    )
    tema = SelectField(
        _l("Tema"),
        default=ANY,
        validate_choice=False,
        validators=[InChoices(_l("Elija un tema de la lista."))],
    )
    modalidad = SelectField(
        _l("Modalidad"),
        default=ANY,
        validate_choice=False,
        validators=[InChoices(_l("Elija una modalidad de la lista."))],
    )
    con_carta = SelectField(
        _l("Carta compromiso"),
        default=ANY,
        validate_choice=False,
        validators=[InChoices(_l("Elija una opción de la lista."))],
    )

    def __init__(self, formdata=None, dependencies=(), topics=()):
        super().__init__(formdata=formdata)
        self._dependencies = {d.slug: d for d in dependencies}
        self._topics = {t.slug: t for t in topics}
        self.dependencia.choices = options({ANY: _l("Todas"), **by_label(dependencies)})
        self.tema.choices = options({ANY: _l("Todos"), **by_label(topics)})
        self.modalidad.choices = options({ANY: _l("Todas"), **{m.value: m.label for m in Modality}})
        self.con_carta.choices = options(
            {
                ANY: _l("Con o sin carta"),
                YES: _l("Solo con carta compromiso"),
                NO: _l("Solo sin carta compromiso"),
            }
        )

    def catalog_query(self) -> CatalogQuery:
        """The query for the fields that are valid; an invalid filter is left out."""

        def valid(field):
            return not field.errors and field.data != ANY

        return CatalogQuery(
            text=self.q.data or "",
            dependency=self._dependencies.get(self.dependencia.data)
            if valid(self.dependencia)
            else None,
            topic=self._topics.get(self.tema.data) if valid(self.tema) else None,
            modality=Modality(self.modalidad.data) if valid(self.modalidad) else None,
            with_charter=(self.con_carta.data == YES) if valid(self.con_carta) else None,
        )

    @property
    def active_filters(self) -> bool:
        return any(
            f.data for f in (self.q, self.dependencia, self.tema, self.modalidad, self.con_carta)
        )
