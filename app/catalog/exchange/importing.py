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

from pathlib import Path
from types import SimpleNamespace as Namespace

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.catalog.exchange import exporting as out
from app.catalog.exchange import recordings
from app.catalog.exchange.format import FILES, Tables
from app.catalog.exchange.validating import Parsed, all_stored, validate
from app.catalog.models import (
    Dependency,
    Inspection,
    Office,
    RequestFormat,
    Requirement,
    Service,
    Step,
    Topic,
)
from app.catalog.services import dependency_subtree, index_service
from app.core.clock import local_today
from app.core.i18n import SOURCE_LANGUAGE
from app.core.tabular import (
    Check,
    ImportRefused,
    Problem,
    Summary,
    import_all_or_nothing,
)
from app.extensions import db
from app.feedback.services.workflow import return_unheld

KINDS = ("dependencies", "topics", "offices", "services", "recordings")


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
    topics = {t.slug: t for t in all_stored(Topic)}
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
            what = _what(topic.retired_on, wanted.retired_on)
            summary.note(what, "topics", _label(values["name"], slug), _changing(topic))
            for name, value in values.items():
                setattr(topic, name, value)
    progress("topics", len(parsed.topics), len(parsed.topics))

    dependencies = {d.slug: d for d in all_stored(Dependency, Dependency.parent)}
    if "dependencies.csv" in tables:
        _count(summary, "dependencies", dependencies, parsed.dependencies)
    renamed, created, moved = set(), set(), set()
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
                summary.note(
                    what, "dependencies", _label(values["name"], slug), _changing(dependency)
                )
                renamed.add(slug)
            for name, value in values.items():
                setattr(dependency, name, value)
            if not new and dependency.parent is not wanted.parent:
                moved.add(dependency)
            dependency.parent = wanted.parent
    progress("dependencies", len(parsed.dependencies), len(parsed.dependencies))

    offices = {out.office_key(o): o for o in all_stored(Office, Office.dependency)}
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
            what = _what(office.retired_on, values["retired_on"])
            summary.note(what, "offices", label, _changing(office))
            for name, value in values.items():
                setattr(office, name, value)
    progress("offices", len(parsed.offices), len(parsed.offices))

    services = {
        s.slug: s
        for s in all_stored(
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
        # The date follows a change of content: a copy of the files made before the last
        # change (its older date) imported again changes nothing, nor puts the date back.
        if service is not None and _content(wanted) == _content(service):
            if service.dependency.slug in renamed:
                index_service(service)
            continue
        label = _label(wanted.name, slug)
        if new:
            service = services[slug]
            summary.note("created", "services", label)
        else:
            what = _what(service.retired_on, wanted.retired_on)
            summary.note(what, "services", label, _changing(service))
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
    if moved:  # as in the workspace: items whose assignees no longer see them go back
        subtrees = (db.session.scalars(dependency_subtree(row.id)) for row in moved)
        return_unheld(set().union(*subtrees), None)
    return summary


def _changing(row) -> int:
    """The version of a stored row the import changes, as read; the row gets a new one, so
    that a workspace form opened before the import is refused, as after a colleague's save."""
    seen = row.version
    row.version += 1
    return seen


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
    # A retired service's page sends people to its replacement: one still offered.
    replacement = aliased(Service)
    for user, used in db.session.execute(
        select(Service.slug, replacement.slug)
        .join(replacement, Service.replaced_by)
        .where(replacement.retired_on.is_not(None))
    ):
        check = parsed.rows["services.csv"].get(user)
        if check is not None and check.get("replaced_by"):
            reason = _("%(value)s ya no se ofrece (está retirado)", value=repr(used))
            Check(problems, check.file, check.line, check.row).problem("replaced_by", reason)
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
    "replaced_by",
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
        if values.get("replaced_by") is not None:
            wanted.replaced_by = services[values["replaced_by"]]
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


def _content(service: Service):
    """Everything the files say about a service, as the export writes it, but its date."""
    row = out.service_row(service)
    del row["updated_on"]
    return (
        row,
        *(render(service) for _model, render in CHILDREN.values()),
        out.service_office_rows(service),
    )


__all__ = ["FILES", "ImportRefused", "Summary", "import_catalog", "validate"]
