"""The state of each version of a charter as the workspace shows it, derived from its status,
its dates and its siblings: a version approved from a later date is "scheduled" until then, and
the version it replaces is archived from that day even before ``flask charters archive`` records
it."""

from __future__ import annotations

from datetime import date

from app.charters.models import Charter, CharterStatus
from app.core.lazy_text import lazy_gettext as _l

STATES = {
    "draft": _l("Borrador"),
    "in_review": _l("En revisión"),
    "scheduled": _l("Programada"),
    "current": _l("Vigente"),
    "expired": _l("Vencida"),
    "archived": _l("Archivada"),
}


def version_states(charter: Charter, today: date) -> dict[int, str]:
    """``{version id: state}`` for every version of ``charter`` (a key of ``STATES``)."""
    started = [
        v for v in charter.versions if v.status is CharterStatus.PUBLISHED and v.valid_from <= today
    ]
    current = max(started, key=lambda v: v.number) if started else None
    states = {}
    for version in charter.versions:
        if version.status in (CharterStatus.DRAFT, CharterStatus.IN_REVIEW):
            states[version.id] = version.status.value
        elif version.status is CharterStatus.ARCHIVED:
            states[version.id] = "archived"
        elif version.valid_from > today:
            states[version.id] = "scheduled"
        elif version is current:
            expired = version.valid_until is not None and version.valid_until < today
            states[version.id] = "expired" if expired else "current"
        else:
            states[version.id] = "archived"
    return states
