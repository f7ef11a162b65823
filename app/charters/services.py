"""Reading charters as the public sees them: the version in force.

A version approved from a future date is stored as published at once, but it becomes the public
version only on its start date: every reader derives that from ``valid_from`` and today's local
date, so the switch happens at midnight without a job, also after a restart (``flask charters
archive`` then records the replaced version as archived, for the history)."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, selectinload

from app.charters.models import Charter, CharterStatus, CharterVersion, Commitment, Indicator
from app.core import clock
from app.extensions import db


def started(version=CharterVersion):
    """SQL condition: the version is published and its start date has come (a version
    approved from a future date is not public before it)."""
    return (version.status == CharterStatus.PUBLISHED) & (version.valid_from <= clock.local_today())


def public():
    """SQL condition: the version is public: in force or replaced (archived), never a draft, a
    version in review or one scheduled for later."""
    return (CharterVersion.status == CharterStatus.ARCHIVED) | started()


def in_force():
    """SQL condition: the version is the latest started published one of its charter (so one
    version per charter, on every day: the new one replaces the old one on its start date).

    A correlated subquery, answered per charter by the (charter_id, number) index, rather than
    grouping every version of every charter on each page (thousands at scale)."""
    latest = aliased(CharterVersion)
    newest = (
        select(func.max(latest.number))
        .where(latest.charter_id == CharterVersion.charter_id)
        .where(started(latest))
        .scalar_subquery()
    )
    return started() & (CharterVersion.number == newest)


def published_versions(service_id: int | None = None) -> Select:
    """Statement: the published version of every charter (or of those covering one service),
    with its charter, newest publication first; for lists and pages of them."""
    statement = (
        select(CharterVersion)
        .join(Charter, CharterVersion.charter_id == Charter.id)
        .where(in_force())
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
        .where(Charter.slug == slug, in_force())
        .options(
            selectinload(CharterVersion.charter).selectinload(Charter.services),
            selectinload(CharterVersion.charter).selectinload(Charter.dependency),
            selectinload(CharterVersion.commitments)
            .selectinload(Commitment.indicators)
            .selectinload(Indicator.revisions),
        )
    )
