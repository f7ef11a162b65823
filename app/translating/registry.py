"""Every translatable content field, one entry per model field, and the rows translators edit.

A translator edits one "owner" at a time (a dependency, an office, a topic, a service, a charter,
a charter version), with the translatable fields of its child rows (a service's requirements and
forms, a version's commitments) on the same page. To translate a new field, add a ``Text`` line; a
new kind of child row also needs a ``Child`` line in its owner's ``Kind``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.catalog.models import (
    Dependency,
    Inspection,
    Office,
    RequestFormat,
    Requirement,
    Service,
    Step,
    Topic,
)
from app.catalog.services import index_service, index_services_of
from app.charters.models import Charter, CharterStatus, CharterVersion, Commitment
from app.core.i18n import current_language, localized, tr_text
from app.core.lazy_text import lazy_gettext as _l


@dataclass(frozen=True)
class Text:
    """A translatable field: its model and attribute, its label (Spanish msgid), the longest
    text accepted, and whether it is long text (a text area)."""

    model: type
    attribute: str
    label: object
    limit: int = 2000
    long: bool = False


TEXTS = (
    Text(Dependency, "name", _l("Nombre"), 500),
    Text(Office, "name", _l("Nombre"), 300),
    Text(Office, "hours", _l("Horario"), 2000, long=True),
    Text(Office, "accessibility", _l("Accesibilidad del inmueble"), 2000, long=True),
    Text(Topic, "name", _l("Nombre"), 500),
    Text(Service, "name", _l("Nombre"), 300),
    Text(Service, "description", _l("Descripción"), 4000, long=True),
    Text(Service, "easy_reading", _l("Resumen en palabras sencillas"), 1000, long=True),
    Text(Service, "applicants", _l("Quién puede solicitarlo"), 2000, long=True),
    Text(Service, "cases", _l("Casos en que se solicita"), 2000, long=True),
    Text(Service, "cost_basis", _l("Fundamento del costo"), 2000, long=True),
    Text(Service, "result", _l("Qué se obtiene"), 2000, long=True),
    Text(Service, "validity", _l("Vigencia"), 1000, long=True),
    Text(Service, "legal_basis", _l("Fundamento jurídico"), 4000, long=True),
    Text(Service, "payment", _l("Dónde y cómo pagar"), 2000, long=True),
    Text(Service, "criteria", _l("Criterios para resolver"), 4000, long=True),
    Text(Service, "appointment", _l("Cómo obtener una cita"), 1000, long=True),
    Text(Service, "contact_position", _l("Cargo de la persona servidora pública responsable"), 300),
    Text(Step, "text", _l("Paso"), 1000, long=True),
    Text(Requirement, "name", _l("Requisito"), 500),
    Text(Requirement, "notes", _l("Notas del requisito"), 2000, long=True),
    Text(Requirement, "issuer", _l("Quién lo expide, si es otra institución"), 300),
    Text(Inspection, "subject", _l("Qué se inspecciona o verifica"), 500),
    Text(Inspection, "purpose", _l("Para qué"), 500),
    Text(RequestFormat, "name", _l("Formato"), 300),
    Text(Charter, "title", _l("Título"), 300),
    Text(CharterVersion, "purpose", _l("Propósito de la carta"), 4000, long=True),
    Text(CharterVersion, "rights", _l("Derechos de las personas usuarias"), 4000, long=True),
    Text(CharterVersion, "obligations", _l("Obligaciones de las personas usuarias"), 4000, True),
    Text(
        CharterVersion,
        "participation_channels",
        _l("Mecanismos de participación ciudadana"),
        4000,
        long=True,
    ),
    Text(
        CharterVersion,
        "complaint_procedure",
        _l("Cómo presentar una queja o reclamación"),
        4000,
        long=True,
    ),
    Text(
        CharterVersion,
        "compensation_measures",
        _l("Medidas de compensación si no se cumple un compromiso"),
        4000,
        long=True,
    ),
    Text(CharterVersion, "responsible_unit", _l("Unidad responsable"), 300),
    Text(Commitment, "text", _l("Compromiso"), 1000, long=True),
)


@dataclass(frozen=True)
class Child:
    """Rows of an owner edited with it: the owner's collection, the row's reference to its
    owner and the attribute that orders the rows."""

    model: type
    collection: str
    owner_key: str
    position: str = "position"


def _name(row) -> str:
    return tr_text(row.name)


@dataclass(frozen=True)
class Kind:
    """A kind of row translators edit as one page. ``dependency_of`` gives the dependency whose
    managers may translate it (none: only the institution's roles and translators);
    ``after_change`` keeps what is derived from its texts (the search index) up to date;
    ``title`` names a row (reading the relationships in ``loads``); ``include`` says which rows
    are translated; ``lock`` is the attribute that other editors' optimistic locking reads,
    raised by every save."""

    key: str  # in the editor's address
    model: type
    label: object
    dependency_of: Callable | None
    children: tuple[Child, ...] = ()
    after_change: Callable | None = None
    title: Callable = _name
    loads: tuple = ()
    include: Callable | None = None
    lock: str | None = None
    named_by: Callable = lambda row: row.name  # the translatable field the title shows

    def heading(self, row) -> Markup:
        """``title`` for a page: in a ``lang`` of its own when the name it shows has no
        translation into the page's language (a screen reader then reads it in Spanish)."""
        lang = localized(self.named_by(row))[1]
        if lang != current_language().code:
            return Markup('<span lang="{}">{}</span>').format(lang, self.title(row))
        return escape(self.title(row))

    def own_texts(self) -> list[Text]:
        return [text for text in TEXTS if text.model is self.model]

    def child_texts(self, child: Child) -> list[Text]:
        return [text for text in TEXTS if text.model is child.model]


def _version_title(version: CharterVersion) -> str:
    title = tr_text(version.charter.title)
    return _("%(charter)s, versión %(number)d", charter=title, number=version.number)


KINDS = {
    kind.key: kind
    for kind in (
        Kind(
            "dependencias",
            Dependency,
            _l("Dependencia"),
            lambda row: row.id,
            after_change=index_services_of,
            lock="version",
        ),
        Kind("oficinas", Office, _l("Oficina"), lambda row: row.dependency_id, lock="version"),
        Kind("temas", Topic, _l("Tema"), None, lock="version"),
        Kind(
            "servicios",
            Service,
            _l("Trámite o servicio"),
            lambda row: row.dependency_id,
            (
                Child(Step, "steps", "service_id"),
                Child(Requirement, "requirements", "service_id"),
                Child(Inspection, "inspections", "service_id"),
                Child(RequestFormat, "request_formats", "service_id"),
            ),
            index_service,
            lock="version",
        ),
        Kind(
            "cartas",
            Charter,
            _l("Carta compromiso"),
            lambda row: row.dependency_id,
            title=lambda row: tr_text(row.title),
            named_by=lambda row: row.title,
            lock="version",
        ),
        # Archived versions are history: what they said stays as it was.
        Kind(
            "versiones-de-carta",
            CharterVersion,
            _l("Versión de una carta compromiso"),
            lambda row: row.charter.dependency_id,
            (Child(Commitment, "commitments", "version_id"),),
            title=lambda row: _(
                "%(charter)s, versión %(number)d",
                charter=tr_text(row.charter.title),
                number=row.number,
            ),
            loads=(CharterVersion.charter,),
            named_by=lambda row: row.charter.title,
            include=lambda row: row.status is not CharterStatus.ARCHIVED,
            lock="lock_version",
        ),
    )
}
OWNERS = {kind.model: kind for kind in KINDS.values()}
CHILDREN = {child.model: (kind, child) for kind in KINDS.values() for child in kind.children}


def child_path(child: Child, position: int, text: Text) -> str:
    return f"{child.collection}.{position}.{text.attribute}"
