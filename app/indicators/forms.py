"""The filters of the results page and the dashboard (GET forms: shareable, work without
JavaScript)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from app.catalog.forms import _by_label
from app.catalog.models import Dependency
from app.core.forms import options, select_field
from app.core.templating import period_label
from app.core.types import Period
from app.indicators.services import Compliance

ANY = ""


class _Filters(FlaskForm):
    class Meta:
        csrf = False  # a filter changes nothing

    dependencia = select_field(
        _l("Dependencia"),
        _l("Elija una dependencia de la lista."),
        default=ANY,
        description=_l("Incluye sus unidades administrativas."),
    )

    def __init__(self, formdata=None, dependencies=()):
        super().__init__(formdata=formdata)
        self._dependencies = {d.slug: d for d in dependencies}
        self.dependencia.choices = options({ANY: _l("Todas"), **_by_label(dependencies)})

    @property
    def dependency(self) -> Dependency | None:
        """The chosen dependency, if the choice is valid."""
        if self.dependencia.errors:
            return None
        return self._dependencies.get(self.dependencia.data)


class ResultsForm(_Filters):
    periodo = select_field(_l("Trimestre"), _l("Elija un trimestre de la lista."))
    cumplimiento = select_field(
        _l("Cumplimiento"), _l("Elija una opción de la lista."), default=ANY
    )

    def __init__(self, formdata=None, dependencies=(), periods=(), default_period=None):
        super().__init__(formdata, dependencies)
        self._periods = {str(p): p for p in periods}
        labels = {str(p): period_label(p) for p in periods}
        self.periodo.choices = options(labels or {ANY: _l("Todavía no hay resultados")})
        if not self.periodo.data:  # the default quarter, else the newest, else none yet
            self.periodo.data = str(default_period or next(iter(self._periods), ANY))
        self.cumplimiento.choices = options(
            {ANY: _l("Todas las cartas"), **{c.value: c.label for c in Compliance}}
        )

    @property
    def period(self) -> Period | None:
        """The chosen quarter, if the choice is valid."""
        if self.periodo.errors:
            return None
        return self._periods.get(self.periodo.data)

    @property
    def compliance(self) -> Compliance | None:
        if self.cumplimiento.errors or not self.cumplimiento.data:
            return None
        return Compliance(self.cumplimiento.data)


class DashboardForm(_Filters):
    pass
