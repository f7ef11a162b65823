"""Reading charters as the public sees them: the version in force, the versions it replaced and
what changed, and which charters have ended or end soon.

A version approved from a future date is stored as published at once, but it becomes the public
version only on its start date: every reader derives that from ``valid_from`` and today's local
date, so the switch happens at midnight without a job, also after a restart (``flask charters
archive`` then records the replaced version as archived, for the history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, Select, bindparam, func, literal, select
from sqlalchemy.orm import (
    aliased,
    contains_eager,
    joinedload,
    load_only,
    selectinload,
    with_expression,
)

from app.catalog.models import Dependency, Service
from app.charters.models import (
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Indicator,
    IndicatorRevision,
    charter_services,
)
from app.core import clock
from app.core.clock import local_today
from app.core.i18n import SOURCE_LANGUAGE
from app.core.loading import TODAY, children, load_children, load_collections
from app.core.pagination import LIMIT, OFFSET, BoundPagination
from app.extensions import db


def started(version=CharterVersion, today=None):
    """SQL condition: the version is published and its start date has come (a version
    approved from a future date is not public before it); ``today``: the institution's date, or
    a bound parameter in a statement built once."""
    today = clock.local_today() if today is None else today
    if isinstance(today, date):
        today = literal(today, Date, literal_execute=True)  # as ``TODAY`` is
    return (version.status == CharterStatus.PUBLISHED) & (version.valid_from <= today)


def public():
    """SQL condition: the version is public: in force or replaced (archived), never a draft, a
    version in review or one scheduled for later."""
    return (CharterVersion.status == CharterStatus.ARCHIVED) | started()


# One alias for every statement: SQLAlchemy works out an alias's columns on first use, which
# costs more than the rest of building a statement when a new alias is made every time.
_LATEST = aliased(CharterVersion, name="latest_version")


def in_force(today=None):
    """SQL condition: the version is the latest started published one of its charter (so one
    version per charter, on every day: the new one replaces the old one on its start date).

    Said as "no later version has started", which PostgreSQL answers as an anti-join through
    the (charter_id, number) index: a list ordered by publication date then reads the newest
    versions only, rather than working out the latest version of every charter first."""
    later = (
        select(_LATEST.id)
        .where(_LATEST.charter_id == CharterVersion.charter_id)
        .where(_LATEST.number > CharterVersion.number)
        .where(started(_LATEST, today))
    )
    return started(today=today) & ~later.exists()


# What lists of charters show: not a version's long translated texts (its purpose, rights,
# obligations…), which took most of the time of reading them.
_LISTED_COLUMNS = (
    load_only(
        CharterVersion.charter_id,
        CharterVersion.number,
        CharterVersion.status,
        CharterVersion.valid_from,
        CharterVersion.valid_until,
        CharterVersion.published_on,
        CharterVersion.certifier,
    ),
    contains_eager(CharterVersion.charter)
    .load_only(Charter.slug, Charter.title, Charter.dependency_id)
    .joinedload(Charter.dependency)
    .load_only(Dependency.slug, Dependency.name, Dependency.acronym),
)


def published_versions(service_id=None, today=None) -> Select:
    """Statement: the published version of every charter (or of those covering one service),
    with its charter and the charter's dependency, joined, newest publication first; for lists
    and pages of them."""
    statement = (
        select(CharterVersion)
        .join(Charter, CharterVersion.charter_id == Charter.id)
        .where(in_force(today))
        .options(*_LISTED_COLUMNS)
        .order_by(CharterVersion.published_on.desc(), Charter.slug)
    )
    if service_id is not None:
        statement = statement.where(Charter.services.any(id=service_id))
    return statement


# The home page's newest charters and a service page's charters: statements built once (see
# ``app.core.loading``), the day written in when read (``TODAY``).
_NEWEST_VERSIONS = published_versions(today=TODAY).limit(LIMIT)
_SERVICE_VERSIONS = published_versions(bindparam("service"), today=TODAY)
# The list of charters, a page at a time, with the number of commitments of each version (which
# is all the list shows of them: reading them took longer than the rest of the page's data).
_LISTED = (
    published_versions(today=TODAY)
    .options(
        with_expression(
            CharterVersion.commitment_count,
            select(func.count())
            .where(Commitment.version_id == CharterVersion.id)
            .scalar_subquery(),
        )
    )
    .limit(LIMIT)
    .offset(OFFSET)
)
# Every charter with a started published version has exactly one in force: counting those
# charters reads one index, where counting the versions in force joined it with itself.
_LISTED_COUNT = select(func.count(CharterVersion.charter_id.distinct())).where(started(today=TODAY))


def published_charter_count() -> Select:
    """Statement: how many charters have a version in force today (see ``_LISTED_COUNT``)."""
    return _LISTED_COUNT.params(today=clock.local_today())


def published_charters(limit: int) -> list[tuple[Charter, CharterVersion]]:
    """The ``limit`` charters with a published version published last, with that version,
    newest publication first."""
    parameters = {"limit": limit, "today": clock.local_today()}
    return [(v.charter, v) for v in db.session.scalars(_NEWEST_VERSIONS, parameters)]


def charter_list(page: int, per_page: int) -> BoundPagination:
    """A page of ``published_versions``, with each version's ``commitment_count``."""
    return BoundPagination(_LISTED, _LISTED_COUNT, page, per_page, today=clock.local_today())


def charters_of_service(service_id: int) -> list[tuple[Charter, CharterVersion]]:
    """The charters with a published version that cover a service, as ``published_charters``."""
    parameters = {"service": service_id, "today": clock.local_today()}
    return [(v.charter, v) for v in db.session.scalars(_SERVICE_VERSIONS, parameters)]


# What a claim about a service may be about, asked on every staff item page and claim form:
# a statement built once (see ``app.core.loading``), the service bound and the day written in
# when read (``TODAY``).
_SERVICE_COMMITMENTS = (
    select(Commitment)
    .join(Commitment.version)
    .join(Charter, CharterVersion.charter_id == Charter.id)
    .join(charter_services, charter_services.c.charter_id == Charter.id)
    .where(in_force(TODAY), charter_services.c.service_id == bindparam("service"))
    .options(load_only(Commitment.id, Commitment.version_id, Commitment.text))
    .order_by(CharterVersion.published_on.desc(), Charter.slug, Commitment.position)
)


def published_commitments(service_id: int) -> list[Commitment]:
    """The commitments of the published charters covering a service: what a claim is about.
    In the order of ``published_versions``, then of each version; one query, which reads their
    texts only (not their versions' long texts)."""
    parameters = {"service": service_id, "today": clock.local_today()}
    return list(db.session.scalars(_SERVICE_COMMITMENTS, parameters))


# A charter's page: its version in force with the charter and its dependency, then the
# charter's services and the version's commitments, indicators and revisions, a level at a time;
# statements built once (see ``app.core.loading``).
_CURRENT_VERSION = (
    select(CharterVersion)
    .join(Charter)
    .where(Charter.slug == bindparam("slug"), in_force(TODAY))
    .options(contains_eager(CharterVersion.charter).joinedload(Charter.dependency))
)
_CHARTER_SERVICES = {
    # What the page and the poster show of each: the widest rows of the catalog otherwise.
    "services": select(Service)
    .join(charter_services, charter_services.c.service_id == Service.id)
    .where(charter_services.c.charter_id == bindparam("charter"))
    .options(load_only(Service.slug, Service.code, Service.name, Service.retired_on))
    .order_by(Service.id)
}
_VERSION_COMMITMENTS = children(Commitment, "version_id", Commitment.position)
_INDICATORS = children(Indicator, "commitment_id", Indicator.position)
_REVISIONS = children(IndicatorRevision, "indicator_id", IndicatorRevision.starts)


def current_version(slug: str) -> CharterVersion | None:
    """The latest published version of a charter, with its commitments and indicators loaded;
    ``None`` when the charter does not exist or was never published."""
    parameters = {"slug": slug, "today": clock.local_today()}
    version = db.session.scalar(_CURRENT_VERSION, parameters)
    if version is not None:
        load_collections(version.charter, _CHARTER_SERVICES, charter=version.charter_id)
        commitments = load_children([version], "commitments", _VERSION_COMMITMENTS)
        indicators = load_children(commitments, "indicators", _INDICATORS)
        load_children(indicators, "revisions", _REVISIONS)
    return version


# --- Archived versions and what changed between versions ---------------------------------------


def public_version(slug: str, number: int) -> CharterVersion | None:
    """Version ``number`` of a charter as the public may read it: one it replaced (archived,
    or published before the one in force), or the one in force; ``None`` for drafts, versions
    not in force yet and unknown numbers."""
    version = db.session.scalar(
        select(CharterVersion)
        .join(Charter)
        .where(Charter.slug == slug, CharterVersion.number == number)
        .options(
            contains_eager(CharterVersion.charter).selectinload(Charter.services),
            contains_eager(CharterVersion.charter).joinedload(Charter.dependency),
            selectinload(CharterVersion.commitments)
            .selectinload(Commitment.indicators)
            .selectinload(Indicator.revisions),
        )
    )
    if version is None or version.status is CharterStatus.ARCHIVED:
        return version
    if version.status is not CharterStatus.PUBLISHED:
        return None
    current = current_version(slug)
    return version if current is not None and version.number <= current.number else None


# A version that was replaced: archived, or published before the version in force (number
# ``before``) started. A charter's page reads them on every request: built once.
_REPLACED = (
    select(CharterVersion)
    .where(
        CharterVersion.charter_id == bindparam("charter"),
        (CharterVersion.status == CharterStatus.ARCHIVED)
        | (
            (CharterVersion.status == CharterStatus.PUBLISHED)
            & (CharterVersion.number < bindparam("before"))
        ),
    )
    .order_by(CharterVersion.number.desc())
    .options(
        joinedload(CharterVersion.commitments)
        .joinedload(Commitment.indicators)
        .joinedload(Indicator.revisions)
    )
)


def archived_versions(charter_id: int, before: int | None = None) -> list[CharterVersion]:
    """The versions of a charter that were replaced (archived, or published before version
    ``before``, the one in force), newest first, with their commitments, indicators and
    indicator revisions (one query with joins: a charter has a few versions of a few
    commitments each, and the charter page keeps a fixed number of queries)."""
    # Without ``before``, the comparison with NULL is never true: the archived ones only.
    return list(db.session.scalars(_REPLACED, {"charter": charter_id, "before": before}).unique())


def previous_version(
    version: CharterVersion, archived: list[CharterVersion] | None = None
) -> CharterVersion | None:
    """The version that ``version`` replaced (the newest replaced one before it), with its
    commitments and indicators loaded; ``None`` for a first version. ``archived`` spares the
    query when the caller has the charter's replaced versions."""
    if archived is None:
        archived = archived_versions(version.charter_id, version.number)
    return next((old for old in archived if old.number < version.number), None)


@dataclass(frozen=True)
class TargetChange:
    """An indicator kept from one version to the next whose target or threshold changed:
    ``before`` is the definition in force when the previous version ended, ``after`` the one
    the new version started with."""

    commitment: Commitment
    indicator: Indicator
    before: Indicator | IndicatorRevision
    after: Indicator

    @property
    def target_changed(self) -> bool:
        return (self.before.comparator, self.before.target) != (
            self.after.comparator,
            self.after.target,
        )

    @property
    def threshold_changed(self) -> bool:
        return self.before.threshold != self.after.threshold


@dataclass(frozen=True)
class VersionChanges:
    """What a version changed from the one it replaced."""

    previous: CharterVersion
    added: list[Commitment]
    removed: list[Commitment]
    changed: list[TargetChange]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _indicator_key(indicator: Indicator) -> str:
    """What identifies "the same" indicator in two versions, which share no rows: the standard
    indicator it is, or else its name in Spanish (the source language)."""
    if indicator.standard is not None:
        return f"standard:{indicator.standard.value}"
    return "name:" + " ".join(str(indicator.name.get(SOURCE_LANGUAGE, "")).lower().split())


def _commitment_keys(commitment: Commitment) -> set[str]:
    text = " ".join(str(commitment.text.get(SOURCE_LANGUAGE, "")).lower().split())
    return {"text:" + text} | {_indicator_key(i) for i in commitment.indicators}


def version_changes(previous: CharterVersion, current: CharterVersion) -> VersionChanges:
    """Commitments added and removed and targets changed from ``previous`` to ``current``.

    A commitment is kept when it measures one of the same indicators (the same standard
    indicator, or one of the same name) or keeps its Spanish text: rewording a promise is not
    a new commitment. A kept indicator's target changed when the new version starts with
    another target, comparator or threshold than the one in force when the previous ended."""
    unmatched = list(previous.commitments)
    added: list[Commitment] = []
    changed: list[TargetChange] = []
    for commitment in current.commitments:
        keys = _commitment_keys(commitment)
        match = next((old for old in unmatched if keys & _commitment_keys(old)), None)
        if match is None:
            added.append(commitment)
            continue
        unmatched.remove(match)
        before = {_indicator_key(i): i for i in match.indicators}
        for indicator in commitment.indicators:
            old = before.get(_indicator_key(indicator))
            if old is None:
                continue
            change = TargetChange(commitment, indicator, old.current, indicator)
            if change.target_changed or change.threshold_changed:
                changed.append(change)
    return VersionChanges(previous, added, unmatched, changed)


# --- Validity and certification: what has ended or ends soon -----------------------------------


def expired_on(version: CharterVersion, today: date | None = None) -> date | None:
    """The last day of validity of a version shown as the one in force, when that day has
    passed: the charter is then shown as expired ("vencida") until a new version starts."""
    if version.status is not CharterStatus.PUBLISHED or version.valid_until is None:
        return None
    if version.valid_until < (today or local_today()):
        return version.valid_until
    return None


RENEWAL_WINDOW_DAYS = 90


@dataclass(frozen=True)
class Renewal:
    """A charter whose validity or certification ends within the window (or has ended):
    ``version`` is its last published version (the one whose end matters), ``ends`` and
    ``certification_ends`` the dates that fall within the window (``None`` otherwise), and
    ``next_version`` a newer version being prepared, if any."""

    charter: Charter
    version: CharterVersion
    ends: date | None
    certification_ends: date | None
    next_version: CharterVersion | None

    @property
    def first_end(self) -> date:
        return min(d for d in (self.ends, self.certification_ends) if d is not None)


def renewals(
    today: date, scope: set[int] | None = None, days: int = RENEWAL_WINDOW_DAYS
) -> list[Renewal]:
    """Charters (of the dependencies in ``scope``; ``None``: all) whose last published version
    ends, or whose certification expires, within ``days`` days of ``today`` or has already
    ended, soonest first. A version published to start later counts as the renewal: its own end
    is the one considered."""
    horizon = today + timedelta(days=days)
    newest_published = (
        select(func.max(_LATEST.number))
        .where(_LATEST.charter_id == CharterVersion.charter_id)
        .where(_LATEST.status == CharterStatus.PUBLISHED)
        .scalar_subquery()
    )
    statement = (
        select(CharterVersion)
        .join(Charter, CharterVersion.charter_id == Charter.id)
        .where(
            CharterVersion.status == CharterStatus.PUBLISHED,
            CharterVersion.number == newest_published,
            (CharterVersion.valid_until <= horizon)
            | (CharterVersion.certification_expires <= horizon),
        )
        .options(selectinload(CharterVersion.charter).selectinload(Charter.dependency))
    )
    if scope is not None:
        statement = statement.where(Charter.dependency_id.in_(scope))
    versions = db.session.scalars(statement).all()
    pending = _versions_in_preparation([v.charter_id for v in versions])

    def within(day: date | None) -> date | None:
        return day if day is not None and day <= horizon else None

    found = [
        Renewal(
            charter=version.charter,
            version=version,
            ends=within(version.valid_until),
            certification_ends=within(version.certification_expires),
            next_version=pending.get(version.charter_id),
        )
        for version in versions
    ]
    return sorted(found, key=lambda r: (r.first_end, r.charter.slug))


def _versions_in_preparation(charter_ids: list[int]) -> dict[int, CharterVersion]:
    """The newest version of each charter that is not public yet (a draft, or one under
    review), by charter id."""
    if not charter_ids:
        return {}
    rows = db.session.scalars(
        select(CharterVersion)
        .where(
            CharterVersion.charter_id.in_(charter_ids),
            CharterVersion.status.not_in((CharterStatus.PUBLISHED, CharterStatus.ARCHIVED)),
        )
        .order_by(CharterVersion.number)
    )
    return {version.charter_id: version for version in rows}
