"""Searching and filtering the catalog."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import selectinload

from app.catalog.models import Dependency, Modality, Service, Topic
from app.charters.models import CharterStatus, CharterVersion, charter_services
from app.core.text import fold, search_terms
from app.extensions import db


def index_service(service: Service) -> None:
    """Refresh the folded search text of a service (names, code, keywords in every language)."""
    parts = [service.code, *service.name.values(), *service.keywords]
    parts += service.description.values()
    if service.dependency is not None:
        parts += service.dependency.name.values()
    service.search_text = fold(" ".join(parts))


def published_charter_exists():
    """SQL condition: the service has a charter with a published version."""
    return exists(
        select(1)
        .select_from(charter_services)
        .join(CharterVersion, CharterVersion.charter_id == charter_services.c.charter_id)
        .where(
            charter_services.c.service_id == Service.id,
            CharterVersion.status == CharterStatus.PUBLISHED,
        )
    )


def matching(text: str) -> list:
    """SQL conditions: the service's search text (names, code, keywords, description and
    dependency, folded) contains every word of ``text``; none for a text without words."""
    return [Service.search_text.contains(term, autoescape=True) for term in search_terms(text)]


@dataclass(frozen=True)
class CatalogQuery:
    """What a citizen asked the catalog for; ``None`` means "any"."""

    text: str = ""
    dependency: Dependency | None = None
    topic: Topic | None = None
    modality: Modality | None = None
    with_charter: bool | None = None


def search(query: CatalogQuery) -> Select:
    """Services matching every word of the text (ignoring case and accents) and every filter,
    ordered by name, with what a result row shows loaded eagerly."""
    statement = select(Service).options(
        selectinload(Service.dependency), selectinload(Service.topic)
    )
    statement = statement.where(*matching(query.text))
    if query.dependency is not None:
        statement = statement.where(Service.dependency_id == query.dependency.id)
    if query.topic is not None:
        statement = statement.where(Service.topic_id == query.topic.id)
    if query.modality is not None:
        statement = statement.where(Service.modality == query.modality)
    if query.with_charter is not None:
        condition = published_charter_exists()
        statement = statement.where(condition if query.with_charter else ~condition)
    return statement.order_by(Service.slug)


def services_with_charter(service_ids: list[int]) -> set[int]:
    """Which of these services have a published charter, in one query."""
    if not service_ids:
        return set()
    return set(
        db.session.scalars(
            select(Service.id).where(Service.id.in_(service_ids), published_charter_exists())
        )
    )


def filter_options() -> tuple[list[Dependency], list[Topic]]:
    """Dependencies and topics that have at least one service, for the catalog's filters."""
    dependencies = db.session.scalars(
        select(Dependency).where(exists().where(Service.dependency_id == Dependency.id))
    ).all()
    topics = db.session.scalars(
        select(Topic).where(exists().where(Service.topic_id == Topic.id))
    ).all()
    return dependencies, topics
