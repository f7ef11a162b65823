"""Finding the service an item is about: short lists by dependency, or the catalog's search
when there are too many to list."""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from app.catalog.models import Dependency, Service
from app.catalog.services import RESULT_DEPENDENCIES, CatalogQuery, search
from app.core.i18n import tr_label, tr_text
from app.core.loading import load_references
from app.core.search import Listing, Matches, first_matches, listing, short_list
from app.extensions import db
from app.staff.models import ACTING_ROLES, User


def listed_services(scope: set[int] | None, limit: int, retired: bool = True) -> list | None:
    """The services of these dependencies (``None``: all) as ``(id, slug, name, dependency)``
    rows, when there are at most ``limit`` of them (``short_list``); callers sort them.
    ``retired=False`` leaves out those no longer offered (a message is about one offered)."""
    parameters = {} if scope is None else {"scope": sorted(scope)}
    return short_list(_services(retired, scope is not None), limit, parameters)


@cache
def _services(retired: bool, scoped: bool) -> Listing:
    """``listed_services``' statements, built once for each kind of list (bound: ``scope``)."""
    statement = select(
        Service.id, Service.slug, Service.name, Dependency.name.label("dependency")
    ).join(Service.dependency)
    if not retired:
        statement = statement.where(Service.retired_on.is_(None))
    if scoped:
        statement = statement.where(Service.dependency_id.in_(bindparam("scope", expanding=True)))
    return listing(statement)


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
    matches = first_matches(statement, limit)
    load_references(matches.items, "dependency", RESULT_DEPENDENCIES)
    return matches


def find_assignees(text: str, scope: set[int] | None, limit: int) -> Matches:
    """The first ``limit`` active staff members of these dependencies (``None``: all) whose
    name or e-mail contains every word of ``text`` (ignoring case), in name order, with their
    dependency, and how many there are: items are assigned to them, never to translators (who
    do not see citizens' messages) nor viewers (who do not act on them). As many queries
    however many people there are."""
    words = [word for word in text.lower().split() if word]
    if not words:
        return Matches([], 0)
    statement = (
        select(User)
        .where(User.active.is_(True), User.role.in_(ACTING_ROLES))
        .where(
            *[
                or_(
                    func.lower(User.name).contains(word, autoescape=True),
                    User.email.contains(word, autoescape=True),
                )
                for word in words
            ]
        )  # fmt: skip
        .options(selectinload(User.dependency))
        .order_by(User.name, User.id)
    )
    if scope is not None:
        statement = statement.where(User.dependency_id.in_(scope))
    return first_matches(statement, limit)


def assignees_by_id(ids, scope: set[int] | None) -> dict[int, User]:
    """Those of these staff members an item may be assigned to, by id (one query)."""
    wanted = {int(i) for i in ids if i is not None}
    if not wanted:
        return {}
    statement = select(User).where(
        User.id.in_(wanted), User.active.is_(True), User.role.in_(ACTING_ROLES)
    )
    if scope is not None:
        statement = statement.where(User.dependency_id.in_(scope))
    return {user.id: user for user in db.session.scalars(statement)}


def dependencies_by_id(ids, scope: set[int] | None) -> dict[int, Dependency]:
    """Those of these dependencies within ``scope`` (``None``: all) still offered (an item is
    not given to a retired one), by id (one query)."""
    wanted = {int(i) for i in ids if i is not None}
    if scope is not None:
        wanted &= scope
    if not wanted:
        return {}
    statement = select(Dependency).where(Dependency.id.in_(wanted), Dependency.retired_on.is_(None))
    return {dependency.id: dependency for dependency in db.session.scalars(statement)}
