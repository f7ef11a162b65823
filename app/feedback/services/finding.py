"""Finding the service an item is about: short lists by dependency, or the catalog's search
when there are too many to list."""

from __future__ import annotations

from sqlalchemy import select

from app.catalog.models import Dependency, Service
from app.catalog.services import CatalogQuery, search
from app.core.i18n import tr_label, tr_text
from app.core.search import Matches, first_matches, short_list
from app.extensions import db


def listed_services(scope: set[int] | None, limit: int) -> list | None:
    """The services of these dependencies (``None``: all) as ``(id, slug, name, dependency)``
    rows, when there are at most ``limit`` of them (``short_list``); callers sort them."""
    statement = select(
        Service.id, Service.slug, Service.name, Dependency.name.label("dependency")
    ).join(Service.dependency)
    if scope is not None:
        statement = statement.where(Service.dependency_id.in_(scope))
    return short_list(statement, limit)


def service_groups(rows) -> dict[str, dict[str, str]]:
    """Listed services by dependency (``{dependency: {slug: name}}``), names in the current
    language, in alphabetical order, for "which service" lists."""
    groups: dict[str, dict[str, str]] = {}
    for row in sorted(rows, key=lambda r: (tr_text(r.dependency), tr_text(r.name))):
        groups.setdefault(tr_text(row.dependency), {})[row.slug] = tr_label(row.name)
    return groups


def find_services(text: str, scope: set[int] | None, limit: int) -> Matches:
    """The first ``limit`` services of these dependencies (``None``: all) that the catalog's
    search finds for ``text`` (every word, in names, code or keywords), with their dependency
    loaded, and how many it finds: as many queries however large the catalog."""
    statement = search(CatalogQuery(text=text))
    if scope is not None:
        statement = statement.where(Service.dependency_id.in_(scope))
    return first_matches(statement, limit)


def service_by_slug(slug: str | None) -> Service | None:
    """The service with this slug, if there is one (whoever may see it)."""
    if not slug:
        return None
    return db.session.scalar(select(Service).filter_by(slug=slug))
