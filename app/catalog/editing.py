"""Editing the catalog from the staff workspace: services, dependencies, offices and topics.

Every save checks the domain rules (unique keys, the person's scope), writes an audit row with
the changed fields' old and new values, clears the page cache so the public pages show the change
at once, and commits. A service's form carries the version it was opened with: a save over a
newer version is refused (optimistic locking) with who changed it and when."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum

from flask_babel import format_time
from sqlalchemy import func, select

from app.catalog.models import (
    Dependency,
    Inspection,
    Office,
    RequestFormat,
    Requirement,
    Service,
    Step,
    Topic,
    service_offices,
)
from app.catalog.services import (
    change_slug,
    index_service,
    index_services_of,
    service_by_former_slug,
)
from app.core.cache import clear_cache
from app.core.clock import local_today, zone
from app.core.i18n import tr_text
from app.core.lazy_text import lazy_gettext as _l
from app.core.rules import RuleError
from app.extensions import db
from app.feedback.services.workflow import return_unheld
from app.staff.models import AuditLog, User
from app.staff.services import audit, scope

OUT_OF_SCOPE = _l("Elija una dependencia a su cargo.")


class EditConflict(RuleError):
    """Someone else saved the row (a service, a dependency...) after the person opened the
    form."""

    def __init__(self, name: str, at: datetime | None):
        when = format_time(at.replace(tzinfo=UTC).astimezone(zone()), "HH:mm") if at else "—"
        changed = _l(
            "Modificado por %(name)s a las %(time)s desde que lo abrió.", name=name, time=when
        )
        again = _l("Revise lo que escribió: si guarda de nuevo, reemplazará ese cambio.")
        super().__init__({None: f"{changed} {again}"})


def _plain(value):
    """A value as the audit log keeps it (JSON)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | date):
        return str(value)
    if isinstance(value, Dependency | Topic):
        return value.slug
    if isinstance(value, Service):
        return value.slug
    if isinstance(value, list) and value and isinstance(value[0], Office):
        return sorted(office.id for office in value)
    if isinstance(value, list) and value and isinstance(value[0], ROWS):
        return [_row(row) for row in value]
    return value


ROWS = Step | Requirement | Inspection | RequestFormat  # a service's ordered rows


def _row(row) -> dict:
    if isinstance(row, Step):
        return {"text": row.text}
    if isinstance(row, Inspection):
        return {"subject": row.subject, "purpose": row.purpose}
    if isinstance(row, Requirement):
        return {
            "name": row.name,
            "original": row.original,
            "copies": row.copies,
            "notes": row.notes,
            "issuer": row.issuer,
            "produced_by": _plain(row.produced_by),
        }
    return {"name": row.name, "url": row.url, "published_on": _plain(row.published_on)}


def _changes(target, values: dict) -> dict:
    """``{field: [old, new]}`` for the fields whose value differs."""
    changed = {}
    for name, value in values.items():
        old, new = _plain(getattr(target, name)), _plain(value)
        if old != new and not (old in (None, [], {}) and new in (None, [], {})):
            changed[name] = [old, new]
    return changed


def may_edit(user: User, dependency_id: int | None) -> bool:
    allowed = scope(user)
    return allowed is None or dependency_id in allowed


def last_change(target) -> AuditLog | None:
    """The newest audit row about ``target``."""
    return db.session.scalar(
        select(AuditLog)
        .where(AuditLog.target == type(target).__name__, AuditLog.target_id == str(target.id))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(1)
    )


def _unique(model, target, problems: dict, **keys) -> None:
    for field, (column, value) in keys.items():
        other = db.session.scalar(select(model.id).where(column == value))
        if other is not None and (target is None or other != target.id):
            problems[field] = _l("Ya existe otro registro con esta clave.")


def save_service(
    service: Service | None,
    values: dict,
    requirements: list[dict],
    formats: list[dict],
    by: User,
    ip: str | None = None,
    version: int | None = None,
    steps: list[dict] = (),
    inspections: list[dict] = (),
) -> Service:
    """Create (``service`` None) or change a service. ``values`` maps model attributes to their
    new values (``dependency``, ``topic`` and ``offices`` as rows); ``requirements``,
    ``formats``, ``steps`` and ``inspections`` are the ordered rows (``name``, ``original``,
    ``copies``, ``notes``, ``issuer``, ``produced_by`` / ``name``, ``url``, ``published_on`` /
    ``text`` / ``subject``, ``purpose``). Any change dates the service today."""
    if service is not None and version is not None and service.version != version:
        change = last_change(service)
        raise EditConflict(
            change.user.name if change and change.user else "—", change and change.at
        )
    problems: dict = {}
    _unique(
        Service,
        service,
        problems,
        clave=(Service.slug, values["slug"]),
        codigo=(Service.code, values["code"]),
    )
    if not may_edit(by, values["dependency"].id):
        problems["dependencia"] = OUT_OF_SCOPE
    # A key another service had before still leads its old links and posters' codes there:
    # only someone who may edit that service takes it over.
    owner = service_by_former_slug(values["slug"])
    if owner is not None and owner is not service and not may_edit(by, owner.dependency_id):
        problems["clave"] = _l(
            "Esa clave fue de «%(name)s», de otra dependencia: sus enlaces y carteles aún "
            "llevan a ese servicio. Elija otra.",
            name=tr_text(owner.name),
        )
    if problems:
        raise RuleError(problems)
    rows = {
        name: [model(position=n, **row) for n, row in enumerate(given, 1)]
        for name, model, given in (
            ("steps", Step, steps),
            ("requirements", Requirement, requirements),
            ("inspections", Inspection, inspections),
            ("request_formats", RequestFormat, formats),
        )
    }
    everything = {**values, **rows}
    creating = service is None
    if creating:
        service = Service(**everything)
        db.session.add(service)
        changed = {name: [None, _plain(value)] for name, value in everything.items()}
    else:
        changed = _changes(service, everything)
        if not changed:
            return service
        change_slug(service, everything.pop("slug"))
        for name, value in everything.items():
            setattr(service, name, value)
        service.version += 1
    service.updated_on = local_today()
    index_service(service)
    db.session.flush()
    audit(
        "catalog.service_created" if creating else "catalog.service_updated",
        by,
        service,
        {"changes": changed},
        ip,
    )
    db.session.commit()
    clear_cache()
    return service


def retire_service(
    service: Service, on: date, replacement: Service | None, by: User, ip: str | None = None
) -> None:
    """Take a service out of the catalog from ``on``; its page stays, pointing to
    ``replacement``."""
    if replacement is not None and (replacement.id == service.id or replacement.retired_on):
        raise RuleError({"reemplazo": _l("Elija un trámite vigente distinto de este.")})
    changed = _changes(service, {"retired_on": on, "replaced_by": replacement})
    service.retired_on, service.replaced_by = on, replacement
    service.version += 1
    service.updated_on = local_today()
    audit("catalog.service_retired", by, service, {"changes": changed}, ip)
    db.session.commit()
    clear_cache()


def restore_service(service: Service, by: User, ip: str | None = None) -> None:
    """Offer a retired service again; refused while its dependency is retired (an offered
    service is never under a retired dependency, as ``in_use`` keeps it from the other side)."""
    if service.dependency.retired_on is not None:
        raise RuleError(
            {
                None: _l(
                    "«%(name)s» ya no se ofrece: restablezca primero la dependencia o mueva el "
                    "trámite a otra.",
                    name=tr_text(service.dependency.name),
                )
            }
        )
    changed = _changes(service, {"retired_on": None, "replaced_by": None})
    service.retired_on, service.replaced_by = None, None
    service.version += 1
    service.updated_on = local_today()
    audit("catalog.service_restored", by, service, {"changes": changed}, ip)
    db.session.commit()
    clear_cache()


def _descendants(dependency: Dependency) -> set[int]:
    found, pending = set(), [dependency]
    while pending:
        current = pending.pop()
        found.add(current.id)
        pending.extend(current.children)
    return found


def save_dependency(
    dependency: Dependency | None, values: dict, by: User, ip: str | None = None, version=None
) -> Dependency:
    """Create or change a dependency (``slug``, ``name``, ``acronym``, ``parent``); ``version``
    is the one the form was opened at (a newer one refuses the save: ``EditConflict``)."""
    problems: dict = {}
    _unique(Dependency, dependency, problems, clave=(Dependency.slug, values["slug"]))
    parent = values["parent"]
    if dependency is not None and parent is not None and parent.id in _descendants(dependency):
        problems["superior"] = _l(
            "Una dependencia no puede depender de sí misma ni de sus unidades."
        )
    moved = dependency is None or parent is not dependency.parent
    if moved and not may_edit(by, parent.id if parent else None):
        problems["superior"] = OUT_OF_SCOPE
    if problems:
        raise RuleError(problems)
    moved_from = dependency is not None and moved

    def then(row: Dependency) -> None:
        index_services_of(row)
        if moved_from:
            return_unheld(_descendants(row), by)  # its items' assignees may no longer see them

    return _save(dependency, Dependency, values, "dependency", by, ip, version, then=then)


def save_office(
    office: Office | None, values: dict, by: User, ip: str | None = None, version=None
) -> Office:
    """Create or change an office (``dependency``, ``name``, ``address``, ``hours``, ``phone``,
    ``email``, ``latitude``, ``longitude``, ``accessibility``)."""
    if not may_edit(by, values["dependency"].id):
        raise RuleError({"dependencia": OUT_OF_SCOPE})
    return _save(office, Office, values, "office", by, ip, version)


def save_topic(
    topic: Topic | None, values: dict, by: User, ip: str | None = None, version=None
) -> Topic:
    """Create or change a topic (``slug``, ``name``)."""
    problems: dict = {}
    _unique(Topic, topic, problems, clave=(Topic.slug, values["slug"]))
    if problems:
        raise RuleError(problems)
    return _save(topic, Topic, values, "topic", by, ip, version)


def _save(row, model, values: dict, name: str, by: User, ip: str | None, version=None, then=None):
    """Create or change ``row`` with ``values``, audited; ``then(row)`` runs before the commit
    when something changed (what depends on the row, in the same transaction)."""
    if row is not None and version is not None and row.version != version:
        change = last_change(row)
        raise EditConflict(
            change.user.name if change and change.user else "—", change and change.at
        )
    if row is None:
        row = model(**values)
        db.session.add(row)
        changed, action = {key: [None, _plain(value)] for key, value in values.items()}, "created"
    else:
        changed, action = _changes(row, values), "updated"
        if not changed:
            return row
        for key, value in values.items():
            setattr(row, key, value)
        row.version += 1
    db.session.flush()
    if then is not None:
        then(row)
    audit(f"catalog.{name}_{action}", by, row, {"changes": changed}, ip)
    db.session.commit()
    clear_cache()
    return row


ROW_NAMES = {Dependency: "dependency", Office: "office", Topic: "topic"}


def _offered_count(*conditions) -> int:
    return db.session.scalar(select(func.count()).where(*conditions)) or 0


def in_use(row: Dependency | Office | Topic) -> list:
    """Why ``row`` cannot be retired: the services still offered (and, for a dependency, the
    units still offered) that use it."""
    offered = Service.retired_on.is_(None)
    if isinstance(row, Dependency):
        services = _offered_count(Service.dependency_id == row.id, offered)
        units = _offered_count(Dependency.parent_id == row.id, Dependency.retired_on.is_(None))
    elif isinstance(row, Office):
        services = _offered_count(
            service_offices.c.office_id == row.id,
            service_offices.c.service_id == Service.id,
            offered,
        )
        units = 0
    else:
        services = _offered_count(Service.topic_id == row.id, offered)
        units = 0
    reasons = []
    if services:
        reasons.append(
            _l(
                "No se puede retirar: todavía lo usan %(count)s trámites o servicios vigentes "
                "(retírelos o cámbielos antes).",
                count=services,
            )
        )
    if units:
        reasons.append(
            _l(
                "No se puede retirar: todavía dependen de ella %(count)s unidades vigentes "
                "(retírelas o muévalas antes).",
                count=units,
            )
        )
    return reasons


def retire_row(row: Dependency | Office | Topic, on: date, by: User, ip: str | None = None):
    """Stop offering a dependency, office or topic from ``on``; it is kept for the services
    that name it. Refused while services (or units) still offered use it."""
    reasons = in_use(row)
    if reasons:
        raise RuleError({None: " ".join(str(reason) for reason in reasons)})
    _set_retired(row, on, "retired", by, ip)


def restore_row(row: Dependency | Office | Topic, by: User, ip: str | None = None) -> None:
    """Offer a retired dependency, office or topic again."""
    _set_retired(row, None, "restored", by, ip)


def _set_retired(row, on: date | None, action: str, by: User, ip: str | None) -> None:
    changed = _changes(row, {"retired_on": on})
    row.retired_on = on
    audit(f"catalog.{ROW_NAMES[type(row)]}_{action}", by, row, {"changes": changed}, ip)
    db.session.commit()
    clear_cache()
