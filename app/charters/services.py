"""Reading charters as the public sees them: their latest published version."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, selectinload

from app.charters.models import Charter, CharterStatus, CharterVersion, Commitment, Indicator
from app.extensions import db


def _is_current():
    """SQL condition: the version is the latest published one of its charter.

    A correlated subquery, answered per charter by the (charter_id, number) index, rather than
    grouping every version of every charter on each page (thousands at scale)."""
    latest = aliased(CharterVersion)
    newest = (
        select(func.max(latest.number))
        .where(latest.charter_id == CharterVersion.charter_id)
        .where(latest.status == CharterStatus.PUBLISHED)
        .scalar_subquery()
    )
    return (CharterVersion.status == CharterStatus.PUBLISHED) & (CharterVersion.number == newest)


def published_versions(service_id: int | None = None) -> Select:
    """Statement: the published version of every charter (or of those covering one service),
    with its charter, newest publication first; for lists and pages of them."""
    statement = (
        select(CharterVersion)
        .join(Charter, CharterVersion.charter_id == Charter.id)
        .where(_is_current())
        .options(
            selectinload(CharterVersion.charter).selectinload(Charter.dependency),
            selectinload(CharterVersion.charter).selectinload(Charter.services),
            selectinload(CharterVersion.commitments),
        )
        .order_by(CharterVersion.published_on.desc(), Charter.slug)
    )
    if service_id is not None:
        statement = statement.where(Charter.services.any(id=service_id))
    return statement


def published_charters(
    limit: int | None = None, service_id: int | None = None
) -> list[tuple[Charter, CharterVersion]]:
    """Charters that have a published version (all, or those covering one service), with that
    version, newest publication first."""
    versions = db.session.scalars(published_versions(service_id).limit(limit))
    return [(version.charter, version) for version in versions]


def current_version(slug: str) -> CharterVersion | None:
    """The latest published version of a charter, with its commitments and indicators loaded;
    ``None`` when the charter does not exist or was never published."""
    return db.session.scalar(
        select(CharterVersion)
        .join(Charter)
        .where(Charter.slug == slug, _is_current())
        .options(
            selectinload(CharterVersion.charter).selectinload(Charter.services),
            selectinload(CharterVersion.charter).selectinload(Charter.dependency),
            selectinload(CharterVersion.commitments)
            .selectinload(Commitment.indicators)
            .selectinload(Indicator.revisions),
        )
    )
