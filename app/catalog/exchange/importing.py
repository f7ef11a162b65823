"""Importing the catalog from its tables: every row of every table is checked first and every
problem reported (``file:line: column: reason``); only files without problems change the
database, in one transaction.

Rows are matched by their keys: dependencies, topics and services by ``slug``, offices by their
dependency and Spanish name. A row that differs from what is stored changes it; a row with a new
key creates it; what is stored but not in the files stays as it is and is counted as "not in the
files" (an import never deletes). A table that is not in the files is left alone; when the
steps, requirements, inspections, forms or offices of services are in the files, they replace
those of every service they name (so a service's list can be emptied only by leaving its rows
out while keeping the file). A service that changes is dated today unless the files date it.

Recordings and their audio files are checked and written by ``recordings``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace as Namespace

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from app.catalog.exchange import exporting as out
from app.catalog.exchange import recordings
from app.catalog.exchange.format import FILES, Tables
from app.catalog.models import (
    ApplicantType,
    Dependency,
    Inspection,
    Modality,
    Office,
    RequestFormat,
    RequestType,
    Requirement,
    Service,
    ServiceKind,
    Silence,
    Step,
    Topic,
    attention_languages,
)
from app.catalog.services import index_service
from app.core.clock import local_today
from app.core.i18n import SOURCE_LANGUAGE
from app.core.languages import canonical
from app.core.tabular import (
    Check,
    ImportRefused,
    Problem,
    Summary,
    checks,
    duplicate,
    import_all_or_nothing,
)
from app.core.types import WorkingDays
from app.extensions import db

URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
KINDS = ("dependencies", "topics", "offices", "services", "recordings")
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
        stored_offices = {out.office_key(o) for o in _all(Office, Office.dependency)}
        stored_services = dict(
            db.session.execute(select(Service.slug, Service.code)).tuples().all()
        )
        parents = _stored_parents()
    for check in checks(tables, "dependencies.csv", problems):
        slug = check.slug("slug", 120)
        values = dict(name=check.text("name", limit=500), acronym=check.string("acronym", 20))
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
        values = dict(name=check.text("name", limit=500), **_retired_on(check))
        if slug and not duplicate(check, parsed.topics, slug, "slug"):
            parsed.topics[slug] = values
            parsed.rows["topics.csv"][slug] = check
    topics = stored_topics | set(parsed.topics)

    for check in checks(tables, "offices.csv", problems):
        dependency = check.ref("dependency", dependencies, _("la dependencia"))
        values = dict(
            **_retired_on(check),
            name=check.text("name", limit=500),
            address=check.string("address", 2000, required=True),
            hours=check.text("hours", limit=2000),
            phone=check.string("phone", 40),
            email=check.string("email", 254, pattern=EMAIL),
            latitude=check.decimal("latitude", 6, -90, 90),
            longitude=check.decimal("longitude", 6, -180, 180),
            accessibility=check.text("accessibility", required=False),
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
            contact_name=check.string("contact_name", 200),
            contact_phone=check.string("contact_phone", 40),
            contact_email=check.string("contact_email", 254, pattern=EMAIL),
            **{name: check.text(name) for name in ("name", "description", "applicants")},
            legal_basis=check.text("legal_basis"),
            **{name: check.text(name, required=False) for name in OPTIONAL_TEXTS},
            **_retired_on(check),
        )
        if slug and not duplicate(check, parsed.services, slug, "slug"):
            parsed.services[slug] = values
            parsed.rows["services.csv"][slug] = check
    services = set(stored_services) | set(parsed.services)

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
    return dict(text=check.text("text", limit=2000))


def _retired_on(check: Check) -> dict:
    """``retired_on`` when the file has the column (a file without it leaves it alone)."""
    return {"retired_on": check.day("retired_on")} if "retired_on" in check.row else {}


def _requirement(check: Check, services) -> dict:
    produced_by = check.get("produced_by") or None
    if produced_by is not None and check.ref("produced_by", services, "service"):
        if produced_by == check.get("service"):
            check.problem("produced_by", _("un requisito no puede producirlo su propio servicio"))
    return dict(
        name=check.text("name", limit=2000),
        original=check.boolean("original"),
        copies=check.integer("copies", 0, 99),
        notes=check.text("notes", required=False, limit=2000),
        issuer=check.text("issuer", required=False, limit=500),
        produced_by=produced_by,
    )


def _inspection(check: Check, _services) -> dict:
    return dict(
        subject=check.text("subject", limit=1000), purpose=check.text("purpose", limit=1000)
    )


def _form(check: Check, _services) -> dict:
    return dict(
        name=check.text("name", limit=500),
        url=check.string("url", 500, pattern=URL),
        published_on=check.day("published_on"),
    )


def _all(model, *loads):
    return db.session.scalars(select(model).options(*(selectinload(x) for x in loads))).all()


def _stored_parents() -> dict[str, str | None]:
    return {
        d.slug: d.parent.slug if d.parent else None for d in _all(Dependency, Dependency.parent)
    }


def import_catalog(
    tables: Tables,
    problems: list[Problem] | None = None,
    dry_run=False,
    commit=True,
    by=None,
    ip: str | None = None,
    expected: dict | None = None,
    progress=None,
    folder: Path | None = None,
) -> Summary:
    """Check every table, then (unless ``dry_run`` or anything is wrong) create, change and
    retire what differs, audit ``catalog.imported`` (``by`` who uploaded the files) and commit
    (``commit=False``: only in the session, for the demo seed). Raises ``ImportRefused`` with
    every problem (``problems`` may bring those found reading the files) and changes nothing
    then; ``Stale`` when ``expected`` (a ``Summary.plan``) is no longer what it would do.
    ``progress(table, done, total)`` hears how the writing goes. The recordings' audio files
    are read from the ``recordings`` folder in ``folder`` (where the tables were)."""
    files = recordings.FileChanges()

    def check(tables, problems):
        return validate(tables, problems, folder=folder)

    def apply(parsed, tables):
        summary = _apply(parsed, tables, progress or (lambda *_args: None))
        in_files = "service_recordings.csv" in tables
        recordings.apply(parsed, in_files, summary, None if dry_run else files, by)
        return summary

    try:
        summary = import_all_or_nothing(
            "catalog.imported",
            tables,
            problems,
            check,
            apply,
            dry_run,
            commit,
            by,
            ip,
            expected,
            files=FILES,
            stored=out.export_tables,
        )
    except BaseException:
        files.remove(files.written)
        raise
    if commit and not dry_run:
        files.remove(files.replaced)
    return summary


PROGRESS_EVERY = 1000  # services written between two progress reports


def _count(summary: Summary, kind: str, stored: dict, keys) -> None:
    summary.not_in_files[kind] = len(set(stored) - set(keys))


def _what(before, after) -> str:
    """Whether a stored row that differs from the files is "retired" by them or "changed"."""
    return "retired" if before is None and after is not None else "changed"


def _label(name: dict | None, key: str) -> str:
    """How the confirmation names a row: its Spanish name and its key."""
    return f"{(name or {}).get(SOURCE_LANGUAGE, '')} ({key})"


def _apply(parsed: Parsed, tables: Tables, progress) -> Summary:
    """Create, change and retire what differs from the files, in the session; what it did."""
    summary = Summary(KINDS)
    topics = {t.slug: t for t in _all(Topic)}
    if "topics.csv" in tables:
        _count(summary, "topics", topics, parsed.topics)
    for slug, values in parsed.topics.items():
        topic = topics.get(slug)
        if topic is None:
            topic = topics[slug] = Topic(slug=slug, **values)
            db.session.add(topic)
            summary.note("created", "topics", _label(values["name"], slug))
            continue
        wanted = Namespace(slug=slug, **{"retired_on": topic.retired_on, **values})
        if out.topic_row(topic) != out.topic_row(wanted):
            summary.note(
                _what(topic.retired_on, wanted.retired_on), "topics", _label(values["name"], slug)
            )
            for name, value in values.items():
                setattr(topic, name, value)
    progress("topics", len(parsed.topics), len(parsed.topics))

    dependencies = {d.slug: d for d in _all(Dependency, Dependency.parent)}
    if "dependencies.csv" in tables:
        _count(summary, "dependencies", dependencies, parsed.dependencies)
    renamed, created = set(), set()
    for slug, (values, _parent, _check) in parsed.dependencies.items():
        if slug not in dependencies:
            dependencies[slug] = Dependency(slug=slug, **values)
            db.session.add(dependencies[slug])
            created.add(slug)
            summary.note("created", "dependencies", _label(values["name"], slug))
    for slug, (values, parent, _check) in parsed.dependencies.items():
        dependency = dependencies[slug]
        new = slug in created
        values = {"retired_on": dependency.retired_on, **values}
        wanted = Namespace(slug=slug, parent=dependencies.get(parent) if parent else None, **values)
        if new or out.dependency_row(dependency) != out.dependency_row(wanted):
            if not new:
                what = _what(dependency.retired_on, wanted.retired_on)
                summary.note(what, "dependencies", _label(values["name"], slug))
                renamed.add(slug)
            for name, value in values.items():
                setattr(dependency, name, value)
            dependency.parent = wanted.parent
    progress("dependencies", len(parsed.dependencies), len(parsed.dependencies))

    offices = {out.office_key(o): o for o in _all(Office, Office.dependency)}
    if "offices.csv" in tables:
        _count(summary, "offices", offices, parsed.offices)
    for key, values in parsed.offices.items():
        values = dict(values, dependency=dependencies[values["dependency"]])
        office = offices.get(key)
        label = _label(values["name"], key[0])
        if office is None:
            office = offices[key] = Office(**values)
            db.session.add(office)
            summary.note("created", "offices", label)
            continue
        values = {"retired_on": office.retired_on, **values}
        if out.office_row(office) != out.office_row(Namespace(**values)):
            summary.note(_what(office.retired_on, values["retired_on"]), "offices", label)
            for name, value in values.items():
                setattr(office, name, value)
    progress("offices", len(parsed.offices), len(parsed.offices))

    services = {
        s.slug: s
        for s in _all(
            Service,
            Service.dependency,
            Service.topic,
            Service.steps,
            Service.requirements,
            Service.inspections,
            Service.request_formats,
            Service.offices,
        )
    }
    if "services.csv" in tables:
        _count(summary, "services", services, parsed.services)
    children = parsed.children
    touched = set(parsed.services).union(*(set(c) for c in children.values()))
    # New services exist before any is filled in: a requirement may name one as its producer.
    created = {slug for slug in touched if slug not in services}
    for slug in sorted(created):
        services[slug] = Service(slug=slug)
        db.session.add(services[slug])
    for done, slug in enumerate(sorted(touched), 1):
        if done % PROGRESS_EVERY == 0:
            progress("services", done, len(touched))
        new = slug in created
        service = None if new else services[slug]
        values = parsed.services.get(slug)
        if values is not None:
            values = dict(
                values,
                dependency=dependencies[values["dependency"]],
                topic=topics[values["topic"]],
            )
            if values["updated_on"] is None:
                values["updated_on"] = service.updated_on if service else local_today()
        wanted = _wanted(service, values, children, slug, offices, services)
        if service is not None and _snapshot(wanted) == _snapshot(service):
            if service.dependency.slug in renamed:
                index_service(service)
            continue
        label = _label(wanted.name, slug)
        if new:
            service = services[slug]
            summary.note("created", "services", label)
        else:
            summary.note(_what(service.retired_on, wanted.retired_on), "services", label)
            if wanted.updated_on == service.updated_on:
                # A change the files do not date is dated today, like one made in the workspace.
                wanted.updated_on = local_today()
        for name in SERVICE_FIELDS:
            setattr(service, name, getattr(wanted, name))
        for name, (model, render) in CHILDREN.items():
            if new or render(wanted) != render(service):
                setattr(service, name, [model(**vars(v)) for v in getattr(wanted, name)])
        if list(service.offices) != list(wanted.offices):
            service.offices = list(wanted.offices)
        index_service(service)
    for service in services.values():
        if service.dependency.slug in renamed and service.slug not in touched:
            index_service(service)
    progress("services", len(touched), len(touched))
    db.session.flush()
    _refuse_retired_in_use(parsed)
    return summary


# A service's lists of rows: their model and how the files write them.
CHILDREN = {
    "steps": (Step, out.step_rows),
    "requirements": (Requirement, out.requirement_rows),
    "inspections": (Inspection, out.inspection_rows),
    "request_formats": (RequestFormat, out.form_rows),
}


def _refuse_retired_in_use(parsed: Parsed) -> None:
    """Nothing offered may use what is retired: each (user, what it uses) that the files
    would leave that way is a problem on the row of the files that retires the one or offers
    the other (an import refused then, like one with problems in its rows)."""
    problems: list[Problem] = []
    offered = Service.retired_on.is_(None)
    parent = aliased(Dependency)
    pairs = (
        (
            "dependencies.csv",
            "services.csv",
            "dependency",
            select(Service.slug, Dependency.slug).join(Service.dependency),
            Dependency.retired_on,
            offered,
        ),
        (
            "topics.csv",
            "services.csv",
            "topic",
            select(Service.slug, Topic.slug).join(Service.topic),
            Topic.retired_on,
            offered,
        ),
        (
            "dependencies.csv",
            "dependencies.csv",
            "parent",
            select(Dependency.slug, parent.slug).join(parent, Dependency.parent),
            parent.retired_on,
            Dependency.retired_on.is_(None),
        ),
    )
    for retiring, using, column, statement, retired_on, in_use in pairs:
        rows = db.session.execute(statement.where(retired_on.is_not(None), in_use))
        for user, used in rows:
            _in_use_problem(parsed, problems, retiring, used, using, user, column)
    office_rows = db.session.execute(
        select(Service.slug, Dependency.slug, Office.name)
        .join(Service.offices)
        .join(Office.dependency)
        .where(Office.retired_on.is_not(None), offered)
    )
    for user, dependency, name in office_rows:
        key = (dependency, (name or {}).get(SOURCE_LANGUAGE))
        _in_use_problem(parsed, problems, "offices.csv", key, "services.csv", user, "office")
    if problems:
        db.session.rollback()
        raise ImportRefused(problems)


def _in_use_problem(parsed, problems, retiring, used, using, user, column) -> None:
    check = parsed.rows[retiring].get(used)
    if check is not None and check.get("retired_on"):
        reason = _(
            "no se puede retirar: todavía lo usa %(user)s, que sigue vigente", user=repr(user)
        )
        Check(problems, check.file, check.line, check.row).problem("retired_on", reason)
        return
    check = parsed.rows[using].get(user)
    if check is not None:
        shown = repr(used if isinstance(used, str) else used[1])
        reason = _("%(value)s ya no se ofrece (está retirado)", value=shown)
        Check(problems, check.file, check.line, check.row).problem(column, reason)


SERVICE_FIELDS = (
    "code",
    "retired_on",
    "kind",
    "modality",
    "online_url",
    "response_days",
    "silence",
    "cost_amount",
    "dependency",
    "topic",
    "languages",
    "keywords",
    "updated_on",
    "name",
    "description",
    "easy_reading",
    "applicants",
    "legal_basis",
    "cases",
    "cost_basis",
    "result",
    "validity",
    "request_type",
    "applicant_type",
    "prevention_days",
    "prevention_answer_days",
    "payment",
    "criteria",
    "appointment_required",
    "appointment",
    "contact_name",
    "contact_position",
    "contact_phone",
    "contact_email",
)


def _wanted(service, values, children, slug, offices, services) -> Namespace:
    """The service as the files want it: the stored one with what the files say over it."""
    wanted = Namespace(slug=slug)
    for name in SERVICE_FIELDS:
        setattr(wanted, name, getattr(service, name) if service is not None else None)
    if values is not None:
        for name, value in values.items():
            setattr(wanted, name, value)
    lists = (
        ("service_steps.csv", "steps", ("position", "text")),
        (
            "service_requirements.csv",
            "requirements",
            ("position", "name", "original", "copies", "notes", "issuer", "produced_by"),
        ),
        ("service_inspections.csv", "inspections", ("position", "subject", "purpose")),
        ("service_forms.csv", "request_formats", ("position", "name", "url", "published_on")),
    )
    for file, name, fields in lists:
        if file in children:
            items = [Namespace(**v) for v in children[file].get(slug, [])]
            for item in items:
                if getattr(item, "produced_by", None) is not None:
                    item.produced_by = services[item.produced_by]
        else:
            stored = getattr(service, name) if service is not None else []
            items = [Namespace(**{f: getattr(x, f) for f in fields}) for x in stored]
        setattr(wanted, name, items)
    if "service_offices.csv" in children:
        wanted.offices = [offices[key] for key in children["service_offices.csv"].get(slug, [])]
    else:
        wanted.offices = list(service.offices) if service is not None else []
    return wanted


def _snapshot(service: Service):
    """Everything the files say about a service, as the export writes it."""
    return (
        out.service_row(service),
        *(render(service) for _model, render in CHILDREN.values()),
        out.service_office_rows(service),
    )


__all__ = ["FILES", "ImportRefused", "Summary", "import_catalog", "validate"]
