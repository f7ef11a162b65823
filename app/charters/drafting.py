"""Writing charters in the staff workspace: drafts, their review and approval, new versions.

A version is drafted (status draft) by the managers of the charter's dependency, sent for review
(in review), then returned with comments (back to draft) or approved by the quality unit
(coordinators and administrators): published at once or from a later date. A published version
is never edited; it is replaced by a new version, copied from it. Every step is a
``CharterEvent`` and an audit row; every change of a draft carries the ``lock_version`` the
person's form was opened with, and is refused over a newer one (optimistic locking)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select, update

from app.catalog.editing import EditConflict, last_change, may_edit
from app.catalog.models import Dependency, Service
from app.charters.checks import INDICATOR_TEXTS, publication_problems
from app.charters.models import (
    APPROVED_STATUSES,
    Charter,
    CharterEvent,
    CharterEventKind,
    CharterStatus,
    CharterVersion,
    Commitment,
    Indicator,
    version_services,
)
from app.charters.proposals import STANDARD_PROPOSALS
from app.core import clock
from app.core.cache import clear_cache
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.extensions import db
from app.staff.models import INSTITUTION_ROLES, MANAGING_ROLES, User
from app.staff.services import audit
from app.translating.tracking import copy_sources

# The texts of a version edited in the workspace (in Spanish; translators add the others).
VERSION_TEXTS = (
    "purpose",
    "rights",
    "obligations",
    "participation_channels",
    "complaint_procedure",
    "compensation_measures",
    "responsible_unit",
)
OPEN_STATUSES = (CharterStatus.DRAFT, CharterStatus.IN_REVIEW)

NOT_A_DRAFT = _l("Esta versión ya no es un borrador: no se puede modificar.")


def _es(text: str | None) -> dict:
    return {"es": text or ""}


# --- Who may do what ---------------------------------------------------------------------------


def may_draft(user: User, charter: Charter) -> bool:
    """Managers of the charter's dependency (and the quality unit) write its drafts."""
    return user.role in MANAGING_ROLES and may_edit(user, charter.dependency_id)


def may_review(user: User) -> bool:
    """Only the quality unit (coordinators) and administrators return or approve a version."""
    return user.role in INSTITUTION_ROLES


# --- Events and locking ------------------------------------------------------------------------


def _event(version, kind, by, comment=None, starts_on=None) -> None:
    version.events.append(
        CharterEvent(kind=kind, at=clock.utcnow(), user=by, comment=comment, starts_on=starts_on)
    )


def _conflict(version: CharterVersion) -> EditConflict:
    change = last_change(version)
    return EditConflict(change.user.name if change and change.user else "—", change and change.at)


def _editable(version: CharterVersion, lock: int | None) -> None:
    """Refuse a change of a version that is no longer a draft, or that someone saved after the
    person opened it (the first says so first: saving again cannot help there)."""
    if version.status is not CharterStatus.DRAFT:
        raise RuleError({None: NOT_A_DRAFT})
    if lock is not None and version.lock_version != lock:
        raise _conflict(version)


def refusal_status(error: RuleError) -> int:
    """The status of a refused change: 409 when someone saved or decided the version since the
    form was opened (acting again is a choice), 400 when the change is refused (a rule, or a
    version no longer a draft: no second try can change it)."""
    return 409 if isinstance(error, EditConflict | AlreadyDecided) else 400


def _saved(version: CharterVersion, action: str, by: User, detail: dict, ip) -> None:
    version.lock_version += 1
    db.session.flush()
    audit(action, by, version, detail, ip)
    db.session.commit()


def _plain(value):
    if isinstance(value, Decimal | date):
        return str(value)
    if hasattr(value, "value"):
        return value.value
    return value


def _changes(target, values: dict) -> dict:
    changed = {}
    for name, value in values.items():
        old, new = _plain(getattr(target, name)), _plain(value)
        if old != new:
            changed[name] = [old, new]
    return changed


def _spanish(target, values: dict) -> dict:
    """``values`` with each translated text's Spanish replaced and its other languages kept."""
    result = {}
    for name, value in values.items():
        if isinstance(value, dict):
            old = getattr(target, name, None) or {} if target is not None else {}
            text = value.get("es")
            result[name] = None if (text is None and not old) else {**old, "es": text or ""}
        else:
            result[name] = value
    return result


# --- Charters and drafts -----------------------------------------------------------------------


def _descendants(dependency_id: int) -> set[int]:
    rows = db.session.execute(select(Dependency.id, Dependency.parent_id)).all()
    found, pending = set(), [dependency_id]
    while pending:
        current = pending.pop()
        found.add(current)
        pending.extend(child for child, parent in rows if parent == current)
    return found


def _check_services(dependency: Dependency, services: list[Service], problems: dict) -> None:
    if not services:
        problems["servicios"] = _l("Elija al menos un trámite o servicio.")
    elif any(s.dependency_id not in _descendants(dependency.id) for s in services):
        problems["servicios"] = _l("Elija trámites o servicios de la dependencia de la carta.")


def create_charter(
    dependency: Dependency,
    services: list[Service],
    slug: str,
    title: str,
    by: User,
    ip: str | None = None,
) -> Charter:
    """A new charter with its draft version 1, on which the five standard indicators are
    proposed (each as a commitment the drafter adapts or removes)."""
    problems: dict = {}
    if db.session.scalar(select(Charter.id).where(Charter.slug == slug)) is not None:
        problems["clave"] = _l("Ya existe otra carta con esta clave.")
    if by is not None and not may_edit(by, dependency.id):  # None: the system (the demo)
        problems["dependencia"] = _l("Elija una dependencia a su cargo.")
    _check_services(dependency, services, problems)
    if problems:
        raise RuleError(problems)
    charter = Charter(slug=slug, title=_es(title), dependency=dependency, services=services)
    version = CharterVersion(
        number=1,
        status=CharterStatus.DRAFT,
        valid_from=clock.local_today(),
        **{name: _es("") for name in VERSION_TEXTS},
    )
    for position, (text, definition) in enumerate(STANDARD_PROPOSALS, 1):
        commitment = Commitment(position=position, text=_es(text))
        values = {
            key: _es(value) if key in INDICATOR_TEXTS else value
            for key, value in definition.items()
        }
        commitment.indicators.append(Indicator(position=1, **values))
        version.commitments.append(commitment)
    charter.versions.append(version)
    db.session.add(charter)
    _event(version, CharterEventKind.CREATED, by)
    db.session.flush()
    audit(
        "charter.created",
        by,
        charter,
        {"slug": slug, "dependency": dependency.slug, "services": [s.slug for s in services]},
        ip,
    )
    db.session.commit()
    return charter


def save_version(
    version: CharterVersion,
    values: dict,
    services: list[Service],
    by: User,
    ip: str | None = None,
    lock: int | None = None,
) -> CharterVersion:
    """Change a draft's texts (``values`` maps attributes to Spanish texts as ``{"es": …}``,
    dates and certification to their values) and the services it covers (``_propose``)."""
    _editable(version, lock)
    problems: dict = {}
    _check_services(version.charter.dependency, services, problems)
    until, starts = values.get("valid_until"), values.get("valid_from")
    if until is not None and starts is not None and until < starts:
        problems["vigente_hasta"] = _l("La vigencia debe terminar después de empezar.")
    expires, certified = values.get("certification_expires"), values.get("certified_on")
    if expires is not None and certified is not None and expires < certified:
        problems["certificacion_vence"] = _l("La certificación debe vencer después de otorgarse.")
    if problems:
        raise RuleError(problems)
    values = _spanish(version, values)
    changed = _changes(version, values)
    old_services = sorted(s.slug for s in version.services)
    new_services = sorted(s.slug for s in services)
    if old_services != new_services:
        changed["services"] = [old_services, new_services]
    if not changed:
        return version
    for name, value in values.items():
        setattr(version, name, value)
    _propose(version, services)
    _saved(version, "charter.version_updated", by, {"changes": changed}, ip)
    return version


def _propose(version: CharterVersion, services: list[Service]) -> None:
    """A charter the public has never read covers a draft's services at once; one with an
    approved version keeps covering its own until this version starts (``start_services``):
    a draft changes nothing public."""
    charter = version.charter
    if not any(v.status in APPROVED_STATUSES for v in charter.versions):
        charter.services = services
    elif {s.id for s in services} == {s.id for s in charter.services}:
        version.proposed_services = []
    else:
        version.proposed_services = services


# --- The workflow ------------------------------------------------------------------------------


class AlreadyDecided(RuleError):
    """Someone else moved the version on (sent, returned or approved it) first."""


def _decided(version: CharterVersion) -> AlreadyDecided:
    db.session.rollback()
    db.session.refresh(version)
    event = version.events[-1] if version.events else None
    who = event.user.name if event and event.user else "—"
    return AlreadyDecided(
        {
            None: _l(
                "Otra persona ya actuó sobre esta versión (%(who)s: %(what)s). Revise su "
                "estado actual.",
                who=who,
                what=event.kind.label if event else version.status.label,
            )
        }
    )


def _refused(problems: list) -> RuleError:
    """Every publication problem as a message of its own (the form's error summary lists
    them)."""
    return RuleError({f"publication-{n}": problem for n, problem in enumerate(problems)})


def _move(version, status_from, status_to, lock, **values) -> None:
    """Change the version's status only if it still has ``status_from`` and ``lock``: the one
    conditional UPDATE that makes two simultaneous decisions impossible."""
    result = db.session.execute(
        update(CharterVersion)
        .where(
            CharterVersion.id == version.id,
            CharterVersion.status == status_from,
            CharterVersion.lock_version == lock,
        )
        .values(status=status_to, lock_version=CharterVersion.lock_version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _decided(version)
    db.session.refresh(version)


def submit(version: CharterVersion, by: User, ip: str | None = None, lock: int | None = None):
    """Send a draft to the quality unit for review; refused while it could not be published."""
    lock = version.lock_version if lock is None else lock
    if version.status is not CharterStatus.DRAFT or version.lock_version != lock:
        raise _decided(version) if version.status is not CharterStatus.DRAFT else _conflict(version)
    problems = publication_problems(version)
    if problems:
        raise _refused(problems)
    _move(version, CharterStatus.DRAFT, CharterStatus.IN_REVIEW, lock)
    _event(version, CharterEventKind.SUBMITTED, by)
    audit("charter.submitted", by, version, {"number": version.number}, ip)
    db.session.commit()


def return_to_draft(
    version: CharterVersion, comment: str, by: User, ip: str | None = None, lock: int | None = None
):
    """Give a version in review back to its drafters, with what to change."""
    if not (comment or "").strip():
        raise RuleError({"comentario": _l("Escriba qué debe cambiarse.")})
    lock = version.lock_version if lock is None else lock
    _move(version, CharterStatus.IN_REVIEW, CharterStatus.DRAFT, lock)
    _event(version, CharterEventKind.RETURNED, by, comment=comment)
    audit("charter.returned", by, version, {"number": version.number, "comment": comment}, ip)
    db.session.commit()


def approve(
    version: CharterVersion,
    starts_on: date,
    by: User,
    ip: str | None = None,
    lock: int | None = None,
) -> None:
    """Approve a version in review and publish it from ``starts_on`` (today: at once). Until
    that day the version in force stays public; from it, this one replaces it."""
    lock = version.lock_version if lock is None else lock
    if version.status is not CharterStatus.IN_REVIEW:
        raise _decided(version)
    problems = publication_problems(version, starts_on)
    if problems:
        raise _refused(problems)
    today = clock.local_today()
    _move(
        version,
        CharterStatus.IN_REVIEW,
        CharterStatus.PUBLISHED,
        lock,
        valid_from=starts_on,
        published_on=today,
    )
    _event(version, CharterEventKind.APPROVED, by, starts_on=starts_on)
    audit(
        "charter.approved",
        by,
        version,
        {"number": version.number, "starts_on": starts_on.isoformat()},
        ip,
    )
    _archive_replaced(version.charter, today)
    db.session.commit()
    clear_cache()


def _archive_replaced(charter: Charter, today: date) -> int:
    """Mark archived the published versions of ``charter`` that a later started one replaced,
    and give the charter the services of the one started (``start_services``)."""
    started = [
        v for v in charter.versions if v.status is CharterStatus.PUBLISHED and v.valid_from <= today
    ]
    if not started:
        return 0
    current = max(started, key=lambda v: v.number)
    start_services(current)
    archived = 0
    for version in started:
        if version.number < current.number:
            version.status = CharterStatus.ARCHIVED
            version.lock_version += 1
            _event(version, CharterEventKind.ARCHIVED, None)
            audit("charter.archived", None, version, {"replaced_by": current.number})
            archived += 1
    return archived


def start_services(version: CharterVersion) -> None:
    """The services a version proposed become its charter's, now that it is in force."""
    if not version.proposed_services:
        return
    charter = version.charter
    before = sorted(s.slug for s in charter.services)
    charter.services, version.proposed_services = list(version.proposed_services), []
    audit(
        "charter.services_changed",
        None,
        charter,
        {"version": version.number, "services": [before, sorted(s.slug for s in charter.services)]},
    )


def archive_replaced(today: date | None = None) -> int:
    """Record as archived every published version replaced by a later one that has started
    (``flask charters archive``, daily); the public pages already show the new one from its
    start date without it. Returns how many versions were archived."""
    today = today or clock.local_today()
    charter_ids = set(
        db.session.scalars(
            select(CharterVersion.charter_id)
            .where(CharterVersion.status == CharterStatus.PUBLISHED)
            .group_by(CharterVersion.charter_id)
            .having(db.func.count() > 1)
        )
    )
    # A version in force whose proposed services its charter does not cover yet (the one
    # before it may have ended, archived, with nothing left to replace).
    charter_ids |= set(
        db.session.scalars(
            select(CharterVersion.charter_id)
            .join(version_services, version_services.c.version_id == CharterVersion.id)
            .where(CharterVersion.status == CharterStatus.PUBLISHED)
            .where(CharterVersion.valid_from <= today)
        )
    )
    archived, moved = 0, False
    for charter in db.session.scalars(select(Charter).where(Charter.id.in_(charter_ids))):
        covered = {service.id for service in charter.services}
        archived += _archive_replaced(charter, today)
        moved = moved or covered != {service.id for service in charter.services}
    db.session.commit()
    if archived or moved:
        clear_cache()
    return archived


def _source_version(charter: Charter) -> CharterVersion | None:
    approved = [v for v in charter.versions if v.status in APPROVED_STATUSES]
    return max(approved, key=lambda v: v.number) if approved else None


def open_version(charter: Charter) -> CharterVersion | None:
    """The charter's version being written or reviewed, if any (there is at most one)."""
    return next((v for v in charter.versions if v.status in OPEN_STATUSES), None)


def _same_term(first: date, last: date, starts: date) -> date:
    """The last day of a term as long as ``first``–``last`` that starts on ``starts``: whole
    years stay whole years (2025–2026 → 2027–2028), other terms keep their number of days."""
    years = round(((last - first).days + 1) / 365.25)
    if years >= 1 and abs((last - first).days + 1 - 365.25 * years) < 3:
        try:
            return starts.replace(year=starts.year + years) - timedelta(days=1)
        except ValueError:  # from a 29 February
            return starts.replace(year=starts.year + years, day=28)
    return starts + (last - first)


def new_version(charter: Charter, by: User, ip: str | None = None) -> CharterVersion:
    """A new draft copied from the charter's latest approved version (the one in force, or the
    one scheduled to replace it): texts, dates moved on by one term, certification,
    commitments and indicators with the definitions in force now. Results stay with the version
    and definitions they were measured by."""
    if open_version(charter) is not None:
        raise RuleError({None: _l("Esta carta ya tiene una versión en preparación.")})
    source = _source_version(charter)
    if source is None:
        raise RuleError({None: _l("Esta carta aún no tiene una versión aprobada que copiar.")})
    today = clock.local_today()
    starts = max(source.valid_until + timedelta(days=1), today) if source.valid_until else today
    until = None
    if source.valid_until is not None:
        until = _same_term(source.valid_from, source.valid_until, starts)
    texts = {name: dict(getattr(source, name) or {}) or None for name in VERSION_TEXTS}
    version = CharterVersion(
        number=max(v.number for v in charter.versions) + 1,
        status=CharterStatus.DRAFT,
        valid_from=starts,
        valid_until=until,
        certifier=source.certifier,
        certified_on=source.certified_on,
        certification_expires=source.certification_expires,
        **{name: value if value is not None else _es("") for name, value in texts.items()},
    )
    for commitment in source.commitments:
        copy = Commitment(position=commitment.position, text=dict(commitment.text))
        for indicator in commitment.indicators:
            current = indicator.current
            copy.indicators.append(
                Indicator(
                    position=indicator.position,
                    name=dict(indicator.name),
                    standard=indicator.standard,
                    kind=indicator.kind,
                    numerator=dict(current.numerator),
                    denominator=dict(current.denominator) if current.denominator else None,
                    threshold=current.threshold,
                    threshold_unit=current.threshold_unit,
                    target=current.target,
                    comparator=current.comparator,
                    unit=indicator.unit,
                    periodicity=indicator.periodicity,
                    source=indicator.source,
                    baseline=indicator.baseline,
                )
            )
        version.commitments.append(copy)
    charter.versions.append(version)
    _event(version, CharterEventKind.CREATED, by, comment=None)
    db.session.flush()
    copy_sources(CharterVersion, source.id, version.id)
    audit(
        "charter.version_created",
        by,
        version,
        {"number": version.number, "from": source.number},
        ip,
    )
    db.session.commit()
    return version
