"""Importing charters from their tables: every row of every table is checked first and every
problem reported (``file:line: column: reason``); only files without problems change the
database, in one transaction.

Rows are matched by their keys: a charter by its ``slug``, a version by its charter and
``number``, a commitment by its version and ``position``, an indicator by its commitment and
``position``, a revision by its indicator and the period it ``starts``. A charter refers to its
dependency by slug and to its services by slug (or code): they must exist (import the catalog
first). What is stored but not in the files stays as it is (an import never deletes a charter
or a version).

A version is the text the public reads, so it changes as a whole: when ``commitments.csv``
(``indicators.csv``, ``indicator_revisions.csv``) is in the files, it gives all the commitments
(indicators, revisions) of every version it names and of every version in
``charter_versions.csv``; a table left out keeps what is stored. A **published or archived
version is never edited**, it is replaced by a new version: files that would change its Spanish
text or its structure are refused; what they may change is its translations and the archiving
of a published version whose content is the same. New versions, drafts and versions in
review are created and changed freely; a version created or changed as published or archived
needs at least one commitment, each with an indicator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace as Namespace

from flask_babel import gettext as _
from sqlalchemy import select

from app.catalog.models import Dependency, Service
from app.charters.checks import indicator_problems
from app.charters.exchange import exporting as out
from app.charters.exchange.format import FILES, OPTIONAL_VERSION_TEXTS, VERSION_TEXTS
from app.charters.exchange.references import check_services_belong, stored_catalog
from app.charters.exchange.values import (
    check_definition,
    check_measure,
    check_order,
    check_period,
    check_target,
    measured_periodicities,
    version_name,
)
from app.charters.models import (
    APPROVED_STATUSES,
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Indicator,
    IndicatorKind,
    IndicatorRevision,
    Periodicity,
    Source,
    StandardIndicator,
    Unit,
)
from app.core.clock import local_today, utcnow
from app.core.tabular import (
    Check,
    ImportRefused,
    Problem,
    Summary,
    Tables,
    checks,
    duplicate,
    import_all_or_nothing,
)
from app.extensions import db

KINDS = ("charters", "versions")
# Versions the public has read: never edited, replaced by a new version (any other status,
# such as a draft or a version in review, is the institution's work in progress).
FROZEN = (CharterStatus.PUBLISHED.value, CharterStatus.ARCHIVED.value)
PREPARING = (CharterStatus.DRAFT, CharterStatus.IN_REVIEW)
VERSION_FIELDS = (
    *FILES["charter_versions.csv"].columns[2:],
    *VERSION_TEXTS,
    *OPTIONAL_VERSION_TEXTS,
)
DEFINITION_FIELDS = (
    "numerator",
    "denominator",
    "threshold",
    "threshold_unit",
    "target",
    "comparator",
)
INDICATOR_FIELDS = (
    "name",
    "standard",
    "kind",
    "unit",
    "periodicity",
    "source",
    "baseline",
    *DEFINITION_FIELDS,
)
REVISION_FIELDS = ("starts", "note", *DEFINITION_FIELDS)


@dataclass
class Parsed:
    """The rows of the files, checked: plain values by key, outside the session."""

    charters: dict = field(default_factory=dict)  # slug: (values, check)
    versions: dict = field(default_factory=dict)  # (slug, number): (values, check)
    commitments: dict = field(default_factory=dict)  # version key: {position: (values, check)}
    indicators: dict = field(default_factory=dict)  # version key: {(c, i): (values, check)}
    revisions: dict = field(default_factory=dict)  # version key: {(c, i, starts): (...)}
    # Where a problem of a whole version is reported: the first row that names it.
    first: dict = field(default_factory=dict)  # version key: (check, column)
    wanted: dict = field(default_factory=dict)  # version key: the version as the files want it


def validate(tables: Tables, problems: list[Problem], catalog=None) -> Parsed:
    """Check every row of every table, against the files and the database; or, given a
    ``catalog`` (as ``stored_catalog`` gives it), against the files and that catalog alone,
    without reading the database (as if no charter were stored)."""
    parsed = Parsed()
    stored = {c.slug: c for c in out.stored_charters()} if catalog is None else {}
    dependencies, services = catalog or stored_catalog()

    for check in checks(tables, "charters.csv", problems):
        slug = check.slug("slug", 160)
        covered: list[str] = []
        for item in check.items("services"):
            if item not in services:
                check.problem("services", _("no se conoce el servicio %(value)s", value=repr(item)))
            elif services[item] in covered:
                check.problem("services", _("%(value)s se nombra dos veces", value=repr(item)))
            else:
                covered.append(services[item])
        if not check.get("services"):
            check.problem("services", _("está vacía (una carta cubre al menos un servicio)"))
        values = dict(
            title=check.text("title", limit=500),
            dependency=check.ref("dependency", dependencies, _("la dependencia")),
            services=covered,
        )
        if slug and not duplicate(check, parsed.charters, slug, "slug"):
            parsed.charters[slug] = (values, check)
    if catalog is None:
        check_services_belong(parsed.charters)
    charters = set(stored) | set(parsed.charters)

    for check in checks(tables, "charter_versions.csv", problems):
        slug = check.ref("charter", charters, _("la carta"))
        number = check.integer("number", 1, 999)
        status = check.enum("status", CharterStatus)
        public = status is not None and status.value in FROZEN
        values = dict(
            status=status,
            valid_from=check.day("valid_from", required=True),
            valid_until=check.day("valid_until"),
            published_on=check.day("published_on"),
            certifier=check.string("certifier", 200),
            certified_on=check.day("certified_on"),
            certification_expires=check.day("certification_expires"),
            **{name: check.text(name, required=public) or {} for name in VERSION_TEXTS},
            **{name: check.text(name, required=False) for name in OPTIONAL_VERSION_TEXTS},
        )
        check_order(check, values, "valid_from", "valid_until")
        check_order(check, values, "certified_on", "certification_expires")
        key = (slug, number)
        if slug and number is not None:
            if key in parsed.versions:
                check.problem(
                    "number", _("%(version)s está repetida", version=version_name(number, slug))
                )
                continue
            parsed.versions[key] = (values, check)
            parsed.first[key] = (check, "number")
    versions = {(c.slug, v.number) for c in stored.values() for v in c.versions}
    versions |= set(parsed.versions)

    def version_of(check: Check):
        slug = check.ref("charter", charters, _("la carta"))
        number = check.integer("version", 1, 999)
        if slug is None or number is None:
            return None
        if (slug, number) not in versions:
            check.problem(
                "version", _("no se conoce la %(version)s", version=version_name(number, slug))
            )
            return None
        parsed.first.setdefault((slug, number), (check, "version"))
        return slug, number

    for check in checks(tables, "commitments.csv", problems):
        key = version_of(check)
        position = check.integer("position", 1, 999)
        values = dict(text=check.text("text", limit=2000))
        if key and position is not None:
            _add(check, parsed.commitments.setdefault(key, {}), position, values, "position")

    for check in checks(tables, "indicators.csv", problems):
        key = version_of(check)
        commitment = check.integer("commitment", 1, 999)
        position = check.integer("position", 1, 999)
        unit = check.enum("unit", Unit)
        values = dict(
            name=check.text("name", limit=500),
            standard=check.enum("standard", StandardIndicator, required=False),
            kind=check.enum("kind", IndicatorKind),
            unit=unit,
            periodicity=check.enum("periodicity", Periodicity, allowed=measured_periodicities()),
            source=check.enum("source", Source),
            baseline=check_measure(check, "baseline", unit),
            **check_definition(check, unit),
        )
        # What the workspace refuses of a definition and the checks above leave to it.
        problems_of = indicator_problems(values)
        if "unit" in problems_of:
            check.problem("unit", str(problems_of["unit"]))
        if "denominator" in problems_of:
            check.problem("denominator_es", str(problems_of["denominator"]))
        if key and commitment is not None and position is not None:
            items = parsed.indicators.setdefault(key, {})
            _add(check, items, (commitment, position), values, "position")

    for check in checks(tables, "indicator_revisions.csv", problems):
        key = version_of(check)
        commitment = check.integer("commitment", 1, 999)
        indicator = check.integer("indicator", 1, 999)
        starts = check_period(check, "starts")
        values = dict(
            starts=starts,
            note=check.text("note", limit=2000),
            **check_definition(check, None),  # the indicator's unit is checked with its indicator
        )
        if key and commitment is not None and indicator is not None and starts is not None:
            items = parsed.revisions.setdefault(key, {})
            _add(check, items, (commitment, indicator, starts), values, "starts")

    stored_versions = {(c.slug, v.number): v for c in stored.values() for v in c.versions}
    touched = set(parsed.versions).union(parsed.commitments, parsed.indicators, parsed.revisions)
    for key in sorted(touched):
        version = stored_versions.get(key)
        wanted = parsed.wanted[key] = _wanted(key, version, parsed, tables)
        _check_version(key, wanted, version, parsed, stored)
    for slug in sorted({slug for slug, _number in touched}):
        _check_succession(slug, parsed, stored_versions)
    for slug, (_values, check) in parsed.charters.items():
        if slug not in stored and not any(key[0] == slug for key in touched):
            check.problem(
                "slug",
                _(
                    "la carta nueva %(charter)s no tiene versiones en los archivos",
                    charter=repr(slug),
                ),
            )
    return parsed


def _add(check: Check, items: dict, key, values: dict, column: str) -> None:
    if key in items:
        check.problem(
            column, _("%(value)s está repetido en su versión", value=repr(check.get(column)))
        )
    else:
        items[key] = (values, check)


def _copy(item, names: tuple[str, ...], **more) -> Namespace:
    return Namespace(**{name: getattr(item, name) for name in names}, **more)


def _wanted(key, version: CharterVersion | None, parsed: Parsed, tables: Tables) -> Namespace:
    """The version as the files want it: what is stored, with what the files say over it."""
    slug, number = key
    wanted = Namespace(number=number)
    for name in VERSION_FIELDS:
        setattr(wanted, name, getattr(version, name) if version is not None else None)
    if key in parsed.versions:
        vars(wanted).update(parsed.versions[key][0])
    stored = list(version.commitments) if version is not None else []

    if "commitments.csv" in tables:
        rows = sorted(parsed.commitments.get(key, {}).items())
        wanted.commitments = [Namespace(position=p, text=v["text"]) for p, (v, _c) in rows]
    else:
        wanted.commitments = [Namespace(position=c.position, text=c.text) for c in stored]
    commitments = {c.position: c for c in wanted.commitments}
    for commitment in wanted.commitments:
        commitment.indicators = []

    if "indicators.csv" in tables:
        for (position, number_), (values, check) in sorted(parsed.indicators.get(key, {}).items()):
            if position not in commitments:
                reason = _(
                    "la %(version)s no tiene el compromiso %(position)s",
                    version=version_name(number, slug),
                    position=position,
                )
                check.problem("commitment", reason)
                continue
            commitments[position].indicators.append(
                Namespace(position=number_, **values, revisions=[])
            )
    else:
        for commitment in stored:
            if commitment.position in commitments:
                commitments[commitment.position].indicators = [
                    _copy(i, INDICATOR_FIELDS, position=i.position, revisions=[])
                    for i in commitment.indicators
                ]
    indicators = {(c.position, i.position): i for c in wanted.commitments for i in c.indicators}

    if "indicator_revisions.csv" in tables:
        for (position, number_, _starts), (values, check) in sorted(
            parsed.revisions.get(key, {}).items()
        ):
            indicator = indicators.get((position, number_))
            if indicator is None:
                reason = _(
                    "el compromiso %(position)s de la %(version)s no tiene el indicador %(number)s",
                    position=position,
                    version=version_name(number, slug),
                    number=number_,
                )
                check.problem("indicator", reason)
                continue
            check_target(check, values, indicator.unit)
            periodicity = indicator.periodicity
            if periodicity is not None and values["starts"].kind != periodicity.period_kind:
                reason = _(
                    "%(value)s no es un periodo de periodicidad %(periodicity)s",
                    value=repr(check.get("starts")),
                    periodicity=periodicity.value,
                )
                check.problem("starts", reason)
            indicator.revisions.append(Namespace(**values))
    else:
        for commitment in stored:
            for indicator in commitment.indicators:
                if (commitment.position, indicator.position) in indicators:
                    indicators[commitment.position, indicator.position].revisions = [
                        _copy(r, REVISION_FIELDS) for r in indicator.revisions
                    ]
    return wanted


def _check_version(key, wanted, version, parsed: Parsed, stored: dict) -> None:
    """Refuse the edit of a published or archived version, and a public version without a
    commitment or a commitment without an indicator."""
    slug, number = key
    check, column = parsed.first[key]
    frozen = version is not None and version.status.value in FROZEN
    # Its translations are still written, as in the translators' workspace.
    if frozen and out.source_snapshot(slug, wanted) != out.source_snapshot(slug, version):
        archived = Namespace(**dict(vars(wanted), status=version.status))
        archiving = (
            version.status is CharterStatus.PUBLISHED
            and wanted.status is CharterStatus.ARCHIVED
            and out.source_snapshot(slug, archived) == out.source_snapshot(slug, version)
        )
        if not archiving:
            charter = stored[slug]
            following = max(v.number for v in charter.versions) + 1
            check.problem(
                column,
                _(
                    "la %(version)s tiene el estado %(status)s y nunca se edita: ponga los "
                    "cambios en una versión nueva (%(following)s)",
                    version=version_name(number, slug),
                    status=version.status.value,
                    following=following,
                ),
            )
        return
    public = wanted.status is not None and wanted.status.value in FROZEN
    if public and (not wanted.commitments or not all(c.indicators for c in wanted.commitments)):
        check.problem(
            column,
            _(
                "la %(version)s tiene el estado %(status)s: necesita al menos un compromiso, "
                "cada uno con un indicador",
                version=version_name(number, slug),
                status=wanted.status.value,
            ),
        )


def _check_succession(slug: str, parsed: Parsed, stored_versions: dict) -> None:
    """What the workspace keeps true of a charter's versions, for the versions as the files
    leave them: one in preparation at most; each approved version starting after every
    approved one before it; and a published version archived only once a later one is in
    force (else the charter would vanish from the public pages)."""
    versions = {n: v for (s, n), v in stored_versions.items() if s == slug}
    versions |= {n: v for (s, n), v in parsed.wanted.items() if s == slug}
    touched = sorted(n for s, n in parsed.wanted if s == slug)

    def problem(number: int, reason: str) -> None:
        check, column = parsed.first[slug, number]
        check.problem(column, reason)

    preparing = [n for n, v in versions.items() if v.status in PREPARING]
    if len(preparing) > 1:
        problem(
            max(n for n in touched if n in preparing),
            _(
                "la carta %(charter)s tendría %(count)s versiones en preparación "
                "(%(numbers)s): solo puede haber una, en borrador o en revisión",
                charter=repr(slug),
                count=len(preparing),
                numbers=", ".join(str(n) for n in sorted(preparing)),
            ),
        )
    # (A version with a wrong status or start date is reported on its row already.)
    approved = sorted(
        (n, v)
        for n, v in versions.items()
        if v.status in APPROVED_STATUSES and v.valid_from is not None
    )
    for number in touched:
        version = versions[number]
        if version.status not in APPROVED_STATUSES or version.valid_from is None:
            continue
        earlier = [(n, v) for n, v in approved if n < number and v.valid_from >= version.valid_from]
        if earlier:
            n, other = earlier[-1]
            problem(
                number,
                _(
                    "la %(version)s debe empezar después de la versión %(number)s, que empieza "
                    "el %(date)s",
                    version=version_name(number, slug),
                    number=n,
                    date=other.valid_from.isoformat(),
                ),
            )
        stored = stored_versions.get((slug, number))
        archiving = version.status is CharterStatus.ARCHIVED and (
            stored is None or stored.status is not CharterStatus.ARCHIVED
        )
        today = local_today()
        if archiving and not any(
            v.status is CharterStatus.PUBLISHED and v.valid_from <= today
            for n, v in versions.items()
            if n > number
        ):
            problem(
                number,
                _(
                    "la %(version)s solo se archiva cuando una versión posterior publicada ya "
                    "está en vigor (si no, la carta deja de estar publicada)",
                    version=version_name(number, slug),
                ),
            )


def import_charters(
    tables: Tables,
    problems: list[Problem] | None = None,
    dry_run=False,
    commit=True,
    by=None,
    ip: str | None = None,
    expected: dict | None = None,
) -> Summary:
    """Check every table, then (unless ``dry_run`` or anything is wrong) create and change what
    differs, audit ``charters.imported`` (``by`` who uploaded the files) and commit
    (``commit=False``: only in the session, for the demo seed). Raises ``ImportRefused`` with
    every problem (``problems`` may bring those found reading the files) and changes nothing
    then; ``Stale`` when ``expected`` (a ``Summary.plan``) is no longer what it would do."""
    return import_all_or_nothing(
        "charters.imported",
        tables,
        problems,
        validate,
        _apply,
        dry_run,
        commit,
        by=by,
        ip=ip,
        expected=expected,
        files=FILES,
        stored=out.export_tables,
    )


def _apply(parsed: Parsed, tables: Tables) -> Summary:
    """Create and change what differs from the files, in the session; what it did."""
    summary = Summary(KINDS)
    charters = {c.slug: c for c in out.stored_charters()}
    stored_versions = {(c.slug, v.number): v for c in charters.values() for v in c.versions}
    if "charters.csv" in tables:
        summary.not_in_files["charters"] = len(set(charters) - set(parsed.charters))
    if "charter_versions.csv" in tables:
        summary.not_in_files["versions"] = len(set(stored_versions) - set(parsed.versions))
    dependencies = {d.slug: d for d in db.session.scalars(select(Dependency))}
    services = {s.slug: s for s in db.session.scalars(select(Service))}

    for slug, (values, _check) in parsed.charters.items():
        wanted = Namespace(
            slug=slug,
            title=values["title"],
            dependency=dependencies[values["dependency"]],
            services=[services[s] for s in values["services"]],
        )
        charter = charters.get(slug)
        if charter is None:
            charter = charters[slug] = Charter(**vars(wanted))
            db.session.add(charter)
            summary.note("created", "charters", slug)
        elif out.charter_row(charter) != out.charter_row(wanted):
            for name, value in vars(wanted).items():
                setattr(charter, name, value)
            charter.version += 1  # a translators' form opened before is refused
            # A charter is changed in the workspace through its draft (its services), whose
            # lock version then grows.
            saved = sum(version.lock_version for version in charter.versions)
            summary.note("changed", "charters", slug, saved)

    for key, wanted in parsed.wanted.items():
        slug, number = key
        version = stored_versions.get(key)
        if version is None:
            version = CharterVersion(number=number)
            charters[slug].versions.append(version)
            summary.note("created", "versions", f"{slug} v{number}")
        elif out.snapshot(slug, wanted) == out.snapshot(slug, version):
            continue
        else:
            summary.note("changed", "versions", f"{slug} v{number}", version.lock_version)
            # A workspace form opened before the import is refused then, as after a save.
            version.lock_version += 1
        if version.status is not None and version.status.value in FROZEN:
            version.status = wanted.status  # archived: the only change allowed, but ...
            _translate(version, wanted)  # ... translations (the Spanish is as it was)
        else:
            _write(version, wanted)
    return summary


def _translate(version: CharterVersion, wanted: Namespace) -> None:
    """Write the translated texts of a frozen version whose structure and Spanish the files
    leave as they are (``_check_version``), row by row."""
    for name in VERSION_TEXTS + OPTIONAL_VERSION_TEXTS:
        setattr(version, name, getattr(wanted, name))
    for commitment, item in zip(version.commitments, wanted.commitments, strict=True):
        commitment.text = item.text
        for indicator, measure in zip(commitment.indicators, item.indicators, strict=True):
            for name in ("name", "numerator", "denominator"):
                setattr(indicator, name, getattr(measure, name))
            for revision, change in zip(indicator.revisions, measure.revisions, strict=True):
                for name in ("numerator", "denominator", "note"):
                    setattr(revision, name, getattr(change, name))


def _write(version: CharterVersion, wanted: Namespace) -> None:
    """Make a version (new, a draft or in review) what the files want, keeping the rows of the
    commitments, indicators and revisions that stay (matched by position and period)."""
    for name in VERSION_FIELDS:
        setattr(version, name, getattr(wanted, name))
    stored = {c.position: c for c in version.commitments}
    commitments = []
    for item in wanted.commitments:
        commitment = stored.get(item.position) or Commitment(position=item.position)
        commitment.text = item.text
        kept = {i.position: i for i in commitment.indicators}
        indicators = []
        for measure in item.indicators:
            indicator = kept.get(measure.position) or Indicator(position=measure.position)
            for name in INDICATOR_FIELDS:
                setattr(indicator, name, getattr(measure, name))
            revisions = {r.starts: r for r in indicator.revisions}
            indicator.revisions = [
                _revision(revisions.get(change.starts), change) for change in measure.revisions
            ]
            indicators.append(indicator)
        commitment.indicators = indicators
        commitments.append(commitment)
    version.commitments = commitments


def _revision(revision: IndicatorRevision | None, wanted: Namespace) -> IndicatorRevision:
    if revision is None:
        revision = IndicatorRevision(created_at=utcnow())
    for name in REVISION_FIELDS:
        setattr(revision, name, getattr(wanted, name))
    return revision


__all__ = ["FILES", "ImportRefused", "Summary", "import_charters", "validate"]
