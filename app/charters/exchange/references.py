"""What the charters' files refer to in the catalog (import it first): dependencies and
services by slug (a service also by its code); a charter covers services of its own dependency
or of its units."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.catalog.models import Dependency, Service
from app.extensions import db


def stored_catalog() -> tuple[set[str], dict[str, str]]:
    """What charters may refer to: the dependencies' slugs, and the services' slug of each
    service's slug and code."""
    dependencies = set(db.session.scalars(select(Dependency.slug)))
    services: dict[str, str] = {}
    for slug, code in db.session.execute(select(Service.slug, Service.code)).tuples():
        services.setdefault(code, slug)
        services[slug] = slug
    return dependencies, services


def check_services_belong(charters: dict) -> None:
    """A charter covers services of its dependency or of its units, as in the workspace
    (``charters``: slug: (values, check), as checked row by row)."""
    parents, ids = {}, {}
    for id_, slug, parent in db.session.execute(
        select(Dependency.id, Dependency.slug, Dependency.parent_id)
    ):
        parents[id_], ids[slug] = parent, id_
    owner = {
        slug: dependency
        for slug, dependency in db.session.execute(select(Service.slug, Service.dependency_id))
    }

    def under(dependency_id: int | None, ancestor: int) -> bool:
        while dependency_id is not None:
            if dependency_id == ancestor:
                return True
            dependency_id = parents.get(dependency_id)
        return False

    for values, check in charters.values():
        if values["dependency"] not in ids:
            continue  # reported already
        for service in values["services"]:
            if not under(owner.get(service), ids[values["dependency"]]):
                check.problem(
                    "services",
                    _(
                        "%(value)s no es un servicio de la dependencia %(dependency)s ni de "
                        "sus unidades",
                        value=repr(service),
                        dependency=repr(values["dependency"]),
                    ),
                )
