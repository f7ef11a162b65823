"""Searching and filtering the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, bindparam, case, delete, exists, func, select
from sqlalchemy.orm import joinedload, load_only
from sqlalchemy.orm.attributes import set_committed_value

from app.catalog.models import (
    Dependency,
    FormerServiceSlug,
    Inspection,
    Modality,
    Office,
    RequestFormat,
    Requirement,
    Service,
    ServiceAudio,
    Step,
    Topic,
    service_offices,
)
from app.charters.models import CharterVersion, charter_services
from app.charters.services import started
from app.core.loading import load_collections, load_references, references
from app.core.pagination import CountedPagination, written
from app.core.search import Listing, Matches, first_matches, listing, short_list
from app.core.text import fold, search_line, search_terms, service_terms
from app.extensions import db

# A service's page: the service and the lists it shows, each read by a statement built once
# (see ``app.core.loading``), in the order of its relationship. Most services have no steps,
# inspections, forms or recordings: the service's row says which of these it has, and only those
# are read.
_OPTIONAL_LISTS = {
    "steps": Step,
    "inspections": Inspection,
    "request_formats": RequestFormat,
    "recordings": ServiceAudio,
}
_SERVICE_PAGE = (
    select(
        Service,
        *(
            exists().where(model.service_id == Service.id).label(name)
            for name, model in _OPTIONAL_LISTS.items()
        ),
    )
    .where(Service.slug == bindparam("slug"))
    .options(joinedload(Service.dependency), joinedload(Service.topic))
)
_SERVICE_LISTS = {
    "steps": select(Step).where(Step.service_id == bindparam("service")).order_by(Step.position),
    "requirements": select(Requirement)
    .where(Requirement.service_id == bindparam("service"))
    .order_by(Requirement.position)
    # Only what the page shows of the service that produces the requirement.
    .options(
        joinedload(Requirement.produced_by).load_only(
            Service.slug, Service.name, Service.retired_on
        )
    ),
    "inspections": select(Inspection)
    .where(Inspection.service_id == bindparam("service"))
    .order_by(Inspection.position),
    "request_formats": select(RequestFormat)
    .where(RequestFormat.service_id == bindparam("service"))
    .order_by(RequestFormat.position),
    "offices": select(Office)
    .join(service_offices, service_offices.c.office_id == Office.id)
    .where(service_offices.c.service_id == bindparam("service"))
    .order_by(Office.id),
}


def service_page(slug: str) -> Service | None:
    """The service at ``slug`` (retired ones too) with everything its page shows (its
    recordings only when it has none: those it has are read in the page's language)."""
    row = db.session.execute(_SERVICE_PAGE, {"slug": slug}).first()
    if row is None:
        return None
    service, *present = row
    lists = dict(_SERVICE_LISTS)
    for name, has_any in zip(_OPTIONAL_LISTS, present, strict=True):
        if not has_any:
            set_committed_value(service, name, [])
            lists.pop(name, None)
    load_collections(service, lists, service=service.id)
    return service


def index_service(service: Service) -> None:
    """Refresh the folded search text of a service (names, code, keywords in every language)."""
    parts = [service.code, *service.name.values(), *service.keywords]
    parts += service.description.values()
    if service.dependency is not None:
        parts += service.dependency.name.values()
    service.search_text = fold(" ".join(parts))


def index_services_of(dependency: Dependency) -> None:
    """Refresh the search text of the dependency's services, which holds its name in every
    language (after a rename, wherever it is made)."""
    for service in db.session.scalars(select(Service).where(Service.dependency == dependency)):
        index_service(service)


def service_by_slug(slug: str | None) -> Service | None:
    """The service with this address key, or the one that had it before (``FormerServiceSlug``);
    ``None`` when none has or had it."""
    if not slug or "\x00" in slug:  # a key read before any form cleans it (PostgreSQL refuses NUL)
        return None
    found = db.session.scalar(select(Service).where(Service.slug == slug))
    return found if found is not None else service_by_former_slug(slug)


def service_by_former_slug(slug: str) -> Service | None:
    """The service that had this address key before it was changed, if one did."""
    return db.session.scalar(
        select(Service)
        .join(FormerServiceSlug, FormerServiceSlug.service_id == Service.id)
        .where(FormerServiceSlug.slug == slug)
    )


def change_slug(service: Service, slug: str) -> None:
    """Give the service a new address key, keeping the old one as a former key of the service
    (its old links lead to it); a key some service had before now belongs to this one."""
    if service.slug == slug:
        return
    db.session.execute(delete(FormerServiceSlug).where(FormerServiceSlug.slug == slug))
    if service.slug and service.id is not None:
        db.session.merge(FormerServiceSlug(slug=service.slug, service_id=service.id))
    service.slug = slug


def published_charter_exists(today=None):
    """SQL condition: the service has a charter with a version in force (``today``: as in
    ``started``)."""
    return exists(
        select(1)
        .select_from(charter_services)
        .join(CharterVersion, CharterVersion.charter_id == charter_services.c.charter_id)
        .where(
            charter_services.c.service_id == Service.id,
            started(today=today),
        )
    )


# What a result row shows (``catalog/_results.html``, the feedback form's service step).
RESULT_COLUMNS = (
    Service.id, Service.slug, Service.name, Service.kind, Service.modality,
    Service.cost_amount, Service.dependency_id,
)  # fmt: skip
# And its dependency's name, set on the rows of a page (``load_references``).
RESULT_DEPENDENCIES = references(Dependency)


def matching(text: str) -> list:
    """SQL conditions: the service's search text (names, code, keywords, description and
    dependency, folded) contains every word of ``text`` that says what is looked for
    (``service_terms``), or the word is its dependency's acronym; none for a text without
    words. The acronyms are looked up first (one indexed query) so that each condition stays
    one the search text's trigram index answers (an ``OR`` with a subquery read every service)."""
    terms = service_terms(text)
    if not terms:
        return []
    acronym = func.lower(Dependency.acronym)
    named: dict[str, list[int]] = {}
    for term, dependency_id in db.session.execute(
        select(acronym, Dependency.id).where(acronym.in_(terms))
    ):
        named.setdefault(term, []).append(dependency_id)
    conditions = []
    for term in terms:
        condition = Service.search_text.contains(term, autoescape=True)
        if term in named:
            condition |= Service.dependency_id.in_(named[term])
        conditions.append(condition)
    return conditions


def dependency_subtree(dependency_id: int):
    """SQL: the ids of a dependency and of its children at any depth (a recursive query, run
    as part of the statement that uses it)."""
    tree = (
        select(Dependency.id)
        .where(Dependency.id == dependency_id)
        .cte("dependency_subtree", recursive=True)
    )
    tree = tree.union_all(select(Dependency.id).where(Dependency.parent_id == tree.c.id))
    return select(tree.c.id)


@dataclass(frozen=True)
class CatalogQuery:
    """What a citizen asked the catalog for; ``None`` means "any"."""

    text: str = ""
    dependency: Dependency | None = None
    topic: Topic | None = None
    modality: Modality | None = None
    with_charter: bool | None = None


def search(query: CatalogQuery) -> Select:
    """Services matching every word of the text (ignoring case and accents) and every filter
    (a dependency's: its units' too), in the order of their address keys (their names) after
    those that hold the words as written, together (a name typed whole comes before services
    that merely mention its words), with the columns a result row shows (and only those; the
    rows' dependencies are read with ``RESULT_DEPENDENCIES``)."""
    statement = select(Service).options(load_only(*RESULT_COLUMNS))
    statement = statement.where(*matching(query.text), Service.retired_on.is_(None))
    if query.dependency is not None:
        statement = statement.where(
            Service.dependency_id.in_(dependency_subtree(query.dependency.id))
        )
    if query.topic is not None:
        statement = statement.where(Service.topic_id == query.topic.id)
    if query.modality is not None:
        statement = statement.where(Service.modality == query.modality)
    if query.with_charter is not None:
        condition = published_charter_exists()
        statement = statement.where(condition if query.with_charter else ~condition)
    words = search_terms(query.text)
    if len(words) > 1:
        phrase = Service.search_text.contains(" ".join(words), autoescape=True)
        return statement.order_by(case((phrase, 0), else_=1), Service.slug)
    if words:
        # Sorted as an expression, not through the address keys' index: PostgreSQL would walk
        # that index past every service that does not match, where reading the matches through
        # the search text's index and sorting them is several times quicker.
        return statement.order_by(Service.slug + "")
    return statement.order_by(Service.slug)


def search_page(query: CatalogQuery, page: int, per_page: int) -> Pagination:
    """A page of ``search``. Words are found through the search text's index, which reads every
    match: the page and the total come from that one reading. Without words, the count and the
    page each read an index of their own, cheaper than reading every service."""
    if service_terms(query.text):
        found = CountedPagination(
            select=search(query), session=db.session, page=page, per_page=per_page
        )
    else:
        found = db.paginate(search(query), page=page, per_page=per_page)
    load_references(found.items, "dependency", RESULT_DEPENDENCIES)
    return found


def retired_matches(text: str, limit: int = 3) -> list[Service]:
    """Services no longer offered that ``text`` names (a search that found none still offered:
    a person looking for what they knew, to be told what replaced it)."""
    terms = matching(text)
    if not terms:
        return []
    return list(
        db.session.scalars(
            select(Service)
            .where(*terms, Service.retired_on.is_not(None))
            .order_by(Service.slug)
            .limit(written(limit))
        )
    )


def offers_services():
    """SQL condition: the dependency is offered and has at least one service offered (the
    catalog's filter offers only those)."""
    return Dependency.retired_on.is_(None) & exists().where(
        Service.dependency_id == Dependency.id, Service.retired_on.is_(None)
    )


# Read by every catalog page: built once (see ``app.core.loading``).
_FILTER_TOPICS = select(Topic).where(
    Topic.retired_on.is_(None),
    exists().where(Service.topic_id == Topic.id, Service.retired_on.is_(None)),
)


def filter_topics() -> list[Topic]:
    """Topics offered that have at least one service offered, for the catalog's filters."""
    return list(db.session.scalars(_FILTER_TOPICS))


class Dependencies(NamedTuple):
    """The dependencies a "which dependency" filter offers: SQL conditions (bound parameters
    where they vary from request to request) and their ``Listing``, built once."""

    conditions: tuple
    listing: Listing


def dependencies_where(*conditions) -> Dependencies:
    return Dependencies(
        conditions, listing(select(Dependency).where(*conditions).order_by(Dependency.slug))
    )


EVERY_DEPENDENCY = dependencies_where()
# The catalog's filter: dependencies offered that offer a service.
OFFERING_SERVICES = dependencies_where(offers_services())


def listed_dependencies(
    limit: int, which: Dependencies = EVERY_DEPENDENCY, parameters: dict | None = None
) -> list[Dependency] | None:
    """The dependencies ``which`` offers (its ``parameters`` bound) when there are at most
    ``limit`` of them, for a select; ``None`` when there are more (``short_list``)."""
    return short_list(which.listing, limit, parameters, scalars=True)


def find_dependencies(
    text: str, *conditions, limit: int, parameters: dict | None = None
) -> Matches:
    """The dependencies meeting ``conditions`` that ``text`` may name, with their parent: the
    one whose slug it is (the site's links carry slugs); else the one whose whole name, in any
    language, or acronym it is; else the first ``limit`` of those whose names or acronym
    contain all its words, ignoring case and accents (whole names first), and how many.
    A slug takes one query; a text two, and a count when more than ``limit`` match, however
    many dependencies there are. ``parameters``: those of ``conditions``."""
    statement = select(Dependency).where(*conditions).options(joinedload(Dependency.parent))
    by_slug = db.session.scalar(statement.where(Dependency.slug == text), parameters)
    if by_slug is not None:
        return Matches([by_slug], 1)
    terms = search_terms(text)
    if not terms:
        return Matches([], 0)
    whole = search_line(text)
    named = Dependency.search_text.contains(whole, autoescape=True)
    matches = first_matches(
        statement.where(
            *[Dependency.search_text.contains(t, autoescape=True) for t in terms]
        ).order_by(case((named, 0), else_=1), Dependency.slug),
        limit,
        parameters,
    )
    wholly = [dependency for dependency in matches.items if whole in dependency.search_text]
    return Matches(wholly, 1) if len(wholly) == 1 else matches


def office_bounds(service: Service | None = None) -> tuple[float, float, float, float] | None:
    """South, west, north and east edges of the current offices with coordinates: the
    service's when it has some, otherwise the institution's (where a map of "where did it
    happen" starts); ``None`` when no office has coordinates."""
    statement = select(
        func.min(Office.latitude),
        func.min(Office.longitude),
        func.max(Office.latitude),
        func.max(Office.longitude),
    ).where(Office.retired_on.is_(None), Office.latitude.is_not(None),
            Office.longitude.is_not(None))  # fmt: skip
    if service is not None:
        edges = db.session.execute(
            statement.join(service_offices, service_offices.c.office_id == Office.id).where(
                service_offices.c.service_id == service.id
            )
        ).one()
        if edges[0] is not None:
            return tuple(float(edge) for edge in edges)
    edges = db.session.execute(statement).one()
    return tuple(float(edge) for edge in edges) if edges[0] is not None else None


def map_start(service: Service | None = None) -> tuple[float, float, float, float] | None:
    """Where the map of "where did it happen" starts (``office_bounds``); ``None`` without a
    tile server, when there is no map to start."""
    return office_bounds(service) if current_app.config["MAP_TILE_URL"] else None
