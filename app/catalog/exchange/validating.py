"""Checking the catalog's tables before an import: every row of every file is read into plain
values by key (``Parsed``), outside the session, and each problem is reported against its file,
line and column; rows are checked against one another and, unless told otherwise, against what
is stored, so that the import that follows only creates and changes what the files say.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalog import limits
from app.catalog.exchange import exporting as out
from app.catalog.exchange import recordings
from app.catalog.exchange.format import FILES, Tables
from app.catalog.models import (
    ApplicantType,
    Dependency,
    Modality,
    Office,
    RequestType,
    Service,
    ServiceKind,
    Silence,
    Topic,
    attention_languages,
)
from app.core.clock import local_today
from app.core.forms import PHONE
from app.core.i18n import SOURCE_LANGUAGE
from app.core.languages import canonical
from app.core.tabular import (
    Check,
    Problem,
    checks,
    duplicate,
)
from app.core.types import WorkingDays
from app.extensions import db

URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
OPTIONAL_TEXTS = FILES["services.csv"].optional_text  # a service's texts that may be empty


@dataclass
class Parsed:
    """The rows of the files, checked: plain values by key, outside the session."""

    dependencies: dict = field(default_factory=dict)  # slug: (values, parent slug)
    topics: dict = field(default_factory=dict)  # slug: values
    offices: dict = field(default_factory=dict)  # (dependency, name_es): values
    services: dict = field(default_factory=dict)  # slug: values
    children: dict = field(default_factory=dict)  # file: {service slug: [values]}
    rows: dict = field(default_factory=lambda: defaultdict(dict))  # file: {key: Check}
    recordings: dict = field(default_factory=dict)  # (service, part, language): Namespace
    # The stored recordings: (service, part, language): (sha256, content type, seconds).
    stored_recordings: dict = field(default_factory=dict)


def validate(
    tables: Tables, problems: list[Problem], stored=True, folder: Path | None = None
) -> Parsed:
    """Check every row of every table, against the files and (``stored``) the database; the
    recordings' audio files are read from the ``recordings`` folder in ``folder``."""
    parsed = Parsed()
    stored_dependencies, stored_topics, stored_offices = set(), set(), set()
    stored_services, parents = {}, {}
    if stored:
        stored_dependencies = set(db.session.scalars(select(Dependency.slug)))
        stored_topics = set(db.session.scalars(select(Topic.slug)))
        stored_offices = {out.office_key(o) for o in all_stored(Office, Office.dependency)}
        stored_services = dict(
            db.session.execute(select(Service.slug, Service.code)).tuples().all()
        )
        parents = _stored_parents()
    for check in checks(tables, "dependencies.csv", problems):
        slug = check.slug("slug", 120)
        values = dict(
            name=check.text("name", limit=limits.DEPENDENCY_NAME),
            acronym=check.string("acronym", 20),
        )
        values |= _retired_on(check)
        parent = check.get("parent") or None
        if slug and not duplicate(check, parsed.dependencies, slug, "slug"):
            parsed.dependencies[slug] = (values, parent, check)
            parsed.rows["dependencies.csv"][slug] = check
    dependencies = stored_dependencies | set(parsed.dependencies)
    for slug, (_values, parent, check) in parsed.dependencies.items():
        if parent is not None and check.ref("parent", dependencies, _("la dependencia")):
            parents[slug] = parent
        elif parent is None:
            parents[slug] = None
    for slug, (_values, _parent, check) in parsed.dependencies.items():
        seen, current = {slug}, parents.get(slug)
        while current is not None:
            if current in seen:
                reason = _("%(value)s sería superior de sí misma", value=repr(slug))
                check.problem("parent", reason)
                break
            seen.add(current)
            current = parents.get(current)

    for check in checks(tables, "topics.csv", problems):
        slug = check.slug("slug", 120)
        values = dict(name=check.text("name", limit=limits.TOPIC_NAME), **_retired_on(check))
        if slug and not duplicate(check, parsed.topics, slug, "slug"):
            parsed.topics[slug] = values
            parsed.rows["topics.csv"][slug] = check
    topics = stored_topics | set(parsed.topics)

    for check in checks(tables, "offices.csv", problems):
        dependency = check.ref("dependency", dependencies, _("la dependencia"))
        values = dict(
            **_retired_on(check),
            name=check.text("name", limit=limits.OFFICE_NAME),
            address=check.string("address", limits.OFFICE_ADDRESS, required=True),
            hours=check.text("hours", limit=limits.OFFICE_HOURS),
            phone=check.string("phone", 40, pattern=PHONE),
            email=check.string("email", 254, pattern=EMAIL),
            latitude=check.decimal("latitude", 6, -90, 90),
            longitude=check.decimal("longitude", 6, -180, 180),
            accessibility=check.text(
                "accessibility", required=False, limit=limits.OFFICE_ACCESSIBILITY
            ),
        )
        key = (dependency, (values["name"] or {}).get(SOURCE_LANGUAGE))
        if dependency and key[1] and not duplicate(check, parsed.offices, key, "name_es"):
            parsed.offices[key] = dict(values, dependency=dependency)
            parsed.rows["offices.csv"][key] = check
    offices = stored_offices | set(parsed.offices)

    codes: dict[str, str] = {}
    owners = {code: slug for slug, code in stored_services.items()}
    for check in checks(tables, "services.csv", problems):
        slug = check.slug("slug", 160)
        code = check.string("code", 40, required=True)
        if code and code in codes:
            check.problem("code", _("%(value)s está repetido", value=repr(code)))
        elif code:
            codes[code] = slug
            owner = owners.get(code)
            if owner is not None and owner != slug:
                reason = _(
                    "%(value)s es la homoclave del trámite %(owner)s",
                    value=repr(code),
                    owner=repr(owner),
                )
                check.problem("code", reason)
        # Older files name languages by codes the registry replaced ("lsm": now "mfs").
        languages = [canonical(code) for code in check.items("languages")] or [SOURCE_LANGUAGE]
        known = attention_languages()
        for language in languages:
            if language not in known:
                check.not_one_of("languages", language, list(known))
        response_days = check.integer("response_days", 0, 3650)
        prevention = {
            column: WorkingDays(days) if (days := _days(check, column)) is not None else None
            for column in ("prevention_days", "prevention_answer_days")
        }
        if None not in (response_days, prevention["prevention_days"]):
            if prevention["prevention_days"] > response_days:
                check.problem("prevention_days", _("es mayor que response_days"))
        values = dict(
            code=code,
            kind=check.enum("kind", ServiceKind),
            modality=check.enum("modality", Modality),
            online_url=check.string("online_url", 500, pattern=URL),
            response_days=WorkingDays(response_days) if response_days is not None else None,
            silence=check.enum("silence", Silence),
            cost_amount=check.decimal("cost_amount", 2, 0, Decimal("9999999999.99")),
            dependency=check.ref("dependency", dependencies, _("la dependencia")),
            topic=check.ref("topic", topics, _("el tema")),
            languages=languages,
            keywords=check.items("keywords"),
            updated_on=check.day("updated_on"),
            request_type=check.enum("request_type", RequestType, required=False),
            applicant_type=check.enum("applicant_type", ApplicantType, required=False),
            **prevention,
            appointment_required=check.boolean("appointment_required"),
            contact_name=check.string("contact_name", limits.CONTACT_NAME),
            contact_phone=check.string("contact_phone", 40, pattern=PHONE),
            contact_email=check.string("contact_email", 254, pattern=EMAIL),
            **{
                name: check.text(name, limit=limits.SERVICE_TEXTS[name])
                for name in ("name", "description", "applicants", "legal_basis")
            },
            **{
                name: check.text(name, required=False, limit=limits.SERVICE_TEXTS[name])
                for name in OPTIONAL_TEXTS
            },
            **_retired_on(check),
        )
        if "replaced_by" in check.row:
            values["replaced_by"] = check.get("replaced_by") or None
        if slug and not duplicate(check, parsed.services, slug, "slug"):
            parsed.services[slug] = values
            parsed.rows["services.csv"][slug] = check
    services = set(stored_services) | set(parsed.services)
    for slug, values in parsed.services.items():
        _check_replacement(parsed.rows["services.csv"][slug], slug, values, services)

    for file, make in (
        ("service_steps.csv", _step),
        ("service_requirements.csv", _requirement),
        ("service_inspections.csv", _inspection),
        ("service_forms.csv", _form),
        ("service_offices.csv", None),
    ):
        if file not in tables:
            continue
        lists: dict[str, list] = defaultdict(list)
        seen: set = set()
        for check in checks(tables, file, problems):
            service = check.ref("service", services, _("el trámite"))
            if make is None:
                key = (check.get("dependency"), check.get("office"))
                what = _("la oficina de esa dependencia")
                office = check.ref("office", offices, what, key)
                if service and office and not duplicate(check, seen, (service, *office), "office"):
                    seen.add((service, *office))
                    lists[service].append(office)
                continue
            position = check.integer("position", 1, 999)
            values = make(check, services)
            if service and position is not None:
                if (service, position) in seen:
                    reason = _(
                        "%(value)s está repetida en %(service)s",
                        value=position,
                        service=repr(service),
                    )
                    check.problem("position", reason)
                seen.add((service, position))
                lists[service].append(dict(values, position=position))
        parsed.children[file] = {
            slug: sorted(items, key=lambda v: v["position"]) if make else sorted(items)
            for slug, items in lists.items()
        }

    if "service_recordings.csv" in tables and stored:
        parsed.stored_recordings = recordings.stored()
    for check in checks(tables, "service_recordings.csv", problems):
        wanted = recordings.checked(check, services, folder, parsed.stored_recordings)
        key = (check.get("service"), check.get("part"), check.get("language"))
        if wanted is not None and not duplicate(check, parsed.recordings, key, "language"):
            parsed.recordings[key] = wanted
    return parsed


def _days(check: Check, column: str) -> int | None:
    """An optional number of working days."""
    return check.integer(column, 0, 3650) if check.get(column) else None


def _step(check: Check, _services) -> dict:
    return dict(text=check.text("text", limit=limits.STEP_TEXT))


def _retired_on(check: Check) -> dict:
    """``retired_on`` when the file has the column (a file without it leaves it alone): a day
    that has come, since what is retired is retired at once."""
    if "retired_on" not in check.row:
        return {}
    day = check.day("retired_on")
    if day is not None and day > local_today():
        check.problem("retired_on", _("la fecha no puede ser posterior a hoy"))
    return {"retired_on": day}


def _check_replacement(check: Check, slug: str, values: dict, services: set) -> None:
    """A replacement names another service, and only a retired service has one (whether the
    replacement is still offered is checked once every row is known: see the importer)."""
    replacement = values.get("replaced_by")
    if replacement is None or not check.ref("replaced_by", services, _("el trámite")):
        return
    if replacement == slug:
        check.problem("replaced_by", _("un trámite no puede reemplazarse a sí mismo"))
    elif values.get("retired_on") is None:
        check.problem("replaced_by", _("solo un trámite retirado tiene reemplazo"))


def _requirement(check: Check, services) -> dict:
    produced_by = check.get("produced_by") or None
    if produced_by is not None and check.ref("produced_by", services, "service"):
        if produced_by == check.get("service"):
            check.problem("produced_by", _("un requisito no puede producirlo su propio servicio"))
    return dict(
        name=check.text("name", limit=limits.REQUIREMENT_NAME),
        original=check.boolean("original"),
        copies=check.integer("copies", 0, limits.REQUIREMENT_COPIES),
        notes=check.text("notes", required=False, limit=limits.REQUIREMENT_NOTES),
        issuer=check.text("issuer", required=False, limit=limits.REQUIREMENT_ISSUER),
        produced_by=produced_by,
    )


def _inspection(check: Check, _services) -> dict:
    return dict(
        subject=check.text("subject", limit=limits.INSPECTION_TEXT),
        purpose=check.text("purpose", limit=limits.INSPECTION_TEXT),
    )


def _form(check: Check, _services) -> dict:
    return dict(
        name=check.text("name", limit=limits.FORMAT_NAME),
        url=check.string("url", 500, pattern=URL),
        published_on=check.day("published_on"),
    )


def all_stored(model, *loads):
    return db.session.scalars(select(model).options(*(selectinload(x) for x in loads))).all()


def _stored_parents() -> dict[str, str | None]:
    return {
        d.slug: d.parent.slug if d.parent else None
        for d in all_stored(Dependency, Dependency.parent)
    }
