"""Reading charters as the public sees them: their latest published version."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.charters.models import Charter, CharterStatus, CharterVersion, Commitment, Indicator
from app.extensions import db


def _current_versions():
    """Subquery: the number of the latest published version of each charter."""
    return (
        select(CharterVersion.charter_id, func.max(CharterVersion.number).label("number"))
        .where(CharterVersion.status == CharterStatus.PUBLISHED)
        .group_by(CharterVersion.charter_id)
        .subquery()
    )


def published_charters(
    limit: int | None = None, service_id: int | None = None
) -> list[tuple[Charter, CharterVersion]]:
    """Charters that have a published version (all, or those covering one service), with that
    version, newest publication first."""
    current = _current_versions()
    statement = (
        select(Charter, CharterVersion)
        .join(current, current.c.charter_id == Charter.id)
        .join(
            CharterVersion,
            (CharterVersion.charter_id == Charter.id) & (CharterVersion.number == current.c.number),
        )
        .options(
            selectinload(Charter.dependency),
            selectinload(Charter.services),
            selectinload(CharterVersion.commitments),
        )
        .order_by(CharterVersion.published_on.desc(), Charter.slug)
        .limit(limit)
    )
    if service_id is not None:
        statement = statement.where(Charter.services.any(id=service_id))
    return list(db.session.execute(statement).tuples())


def current_version(slug: str) -> CharterVersion | None:
    """The latest published version of a charter, with its commitments and indicators loaded;
    ``None`` when the charter does not exist or was never published."""
    current = _current_versions()
    return db.session.scalar(
        select(CharterVersion)
        .join(Charter)
        .join(
            current,
            (current.c.charter_id == CharterVersion.charter_id)
            & (current.c.number == CharterVersion.number),
        )
        .where(Charter.slug == slug)
        .options(
            selectinload(CharterVersion.charter).selectinload(Charter.services),
            selectinload(CharterVersion.charter).selectinload(Charter.dependency),
            selectinload(CharterVersion.commitments)
            .selectinload(Commitment.indicators)
            .selectinload(Indicator.revisions),
        )
    )
