"""The catalog's search and filter form (a GET form: shareable, works without JavaScript), and
the "which dependency" filter that other filter forms share."""

from flask import current_app
from wtforms import (
    SearchField,
    SelectField,
)
from wtforms.validators import (
    ValidationError,
)
from wtforms.widgets import TextInput

from app.catalog.models import (
    Dependency,
    Modality,
)
from app.catalog.services import (
    EVERY_DEPENDENCY,
    CatalogQuery,
    Dependencies,
    find_dependencies,
    listed_dependencies,
)
from app.core.forms import (
    TOO_LONG,
    Form,
    InChoices,
    at_most,
    by_label,
    options,
    strip,
    written_directly,
)
from app.core.i18n import tr_text
from app.core.lazy_text import lazy_gettext as _l
from app.core.search import SHOWN_MATCHES, Matches

ANY = ""
YES, NO = "si", "no"
MAX_TYPED = 200  # characters of a typed name or search: longer is no name, only work to search


# What makes a filter form search as its values change (see ``DependencyField.live_trigger``).
LIVE_EVENTS = ("input delay:400ms", "submit")


class DependencyField(SelectField):
    """The "which dependency" filter of a form, by slug. Up to ``DEPENDENCY_LIST_LIMIT``
    dependencies it is a select; beyond it a text field where the person types a name or an
    acronym (or a slug, which the site's links carry), and ``dependency`` is the one it names,
    or ``matches`` the few it may name. The view calls ``load`` before validating the form."""

    def __init__(self, label, description=None, search_description=None, **kwargs):
        super().__init__(
            label, default=ANY, validate_choice=False, description=description or "", **kwargs
        )
        self.search_description = search_description or _l("Escriba el nombre o las siglas.")
        self.searching = False
        self.matches: Matches | None = None  # several dependencies the typed text may name
        self._found: Dependency | None = None

    def load(
        self,
        which: Dependencies = EVERY_DEPENDENCY,
        parameters: dict | None = None,
        shown: bool = True,
    ) -> None:
        """Offer the dependencies ``which`` offers (its ``parameters`` bound).
        ``shown=False``: the response leaves the field out (an htmx update of the results, as
        the dashboard's every refresh), so with no dependency asked for none is read."""
        if not shown and not self.data:
            self.choices = options({ANY: _l("Todas")})
            return
        limit = current_app.config["DEPENDENCY_LIST_LIMIT"]
        listed = listed_dependencies(limit, which, parameters)
        if listed is not None:
            self.choices = options({ANY: _l("Todas"), **by_label(listed)})
            self._found = next((d for d in listed if d.slug == self.data), None)
            return
        self.searching = True
        self.widget = written_directly(TextInput())
        self.description = self.search_description
        text = self._typed()
        if text and len(text) <= MAX_TYPED:
            found = find_dependencies(
                text, *which.conditions, limit=SHOWN_MATCHES, parameters=parameters
            )
            if found.total == 1:
                self._found = found.items[0]
            elif found.total:
                # Those whose whole name was typed came first; the list reads in name order.
                shown = sorted(found.items, key=lambda dependency: tr_text(dependency.name))
                self.matches = Matches(shown, found.total)

    def _typed(self) -> str:
        """What was typed, without surrounding spaces or control characters."""
        return strip(self.data or "")

    def _value(self) -> str:
        """The text field shows the name of the dependency found, else what was typed."""
        return tr_text(self._found.name) if self._found else self._typed()

    def pre_validate(self, form) -> None:
        if not self.searching:
            InChoices(_l("Elija una dependencia de la lista."))(form, self)
        elif len(self._typed()) > MAX_TYPED:
            raise ValidationError(TOO_LONG % {"max": MAX_TYPED})
        elif self._typed() and self._found is None and self.matches is None:
            raise ValidationError(_l("No encontramos una dependencia con ese nombre o siglas."))

    @property
    def dependency(self) -> Dependency | None:
        """The dependency chosen, once the form is validated; ``None`` for any (or a wrong
        value, or a typed text that names several)."""
        return None if self.errors else self._found

    def live_trigger(self, *events: str) -> str:
        """The ``data-hx-trigger`` of a form that updates its results as values change: on
        ``input`` (typing, choosing an option, ticking a box), once the visitor pauses, and on
        ``submit``. Never on ``change``: a text field fires it again when the visitor leaves
        it, which sent the same search twice and replaced the results under the keyboard;
        and the pause means one search (and one history entry) for several arrow keys in a
        filter list, not one per option passed. A typed
        dependency is resolved when the form is sent: the whole page then shows the name found,
        the question "which one" or the error, which the swapped results leave out. So its
        field's events update nothing, and sending the form loads the page."""
        events = events or LIVE_EVENTS
        if not self.searching:
            return ", ".join(events)
        return ", ".join(
            f"{event} target::not(#{self.id})" for event in events if event != "submit"
        )


class SearchBox(Form):
    """The catalog's search box alone, as the home page shows it."""

    class Meta:
        csrf = False  # a search changes nothing

    # No name is longer: a thousand words would be a thousand conditions for the database.
    q = SearchField(
        _l("Buscar trámites y servicios"),
        description=_l("Por nombre, palabra clave o clave del trámite."),
        validators=[at_most(MAX_TYPED)],
    )


class CatalogForm(SearchBox):
    dependencia = DependencyField(_l("Dependencia"))
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

    def __init__(self, formdata=None, topics=()):
        super().__init__(formdata=formdata)
        self._topics = {t.slug: t for t in topics}
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
            text=self.q.data if self.q.data and not self.q.errors else "",
            dependency=self.dependencia.dependency,
            topic=self._topics.get(self.tema.data) if valid(self.tema) else None,
            modality=Modality(self.modalidad.data) if valid(self.modalidad) else None,
            with_charter=(self.con_carta.data == YES) if valid(self.con_carta) else None,
        )

    @property
    def active_filters(self) -> bool:
        return any(
            f.data for f in (self.q, self.dependencia, self.tema, self.modalidad, self.con_carta)
        )
