"""Realistic generated data at scale, for benchmarks and load tests (``flask dev generate``).

The demo institution (``app.demo.data``) is the template: its dependencies, offices, services
and charters are repeated once per *region* (a delegation of a national institution), so that
10,000 services make about 150 regions. On top of that come five years of quarterly measurements
of every indicator, feedback spread over those years with its events and answers, and
satisfaction surveys.

Rows are built in memory in chunks and written with PostgreSQL's ``COPY`` (psycopg 3
``cursor.copy``) or, on other engines, with ``executemany`` inserts. Ids are assigned here, so
related rows are written without reading anything back; PostgreSQL's sequences are moved past
them at the end. The database must be migrated and empty.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from functools import lru_cache

from sqlalchemy import Connection, Table, func, select, text

from app.catalog.models import (
    Dependency,
    Office,
    RequestFormat,
    Requirement,
    Service,
    Topic,
    dependency_search_text,
)
from app.catalog.models import service_offices as service_offices_table
from app.charters.models import (
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Indicator,
    charter_services,
)
from app.core.calendar import WorkingCalendar
from app.core.clock import local_today, utcnow
from app.core.text import fold
from app.core.types import Period
from app.demo import data
from app.demo.seed import _simulate
from app.extensions import db
from app.feedback.models import (
    Channel,
    EventKind,
    Feedback,
    FeedbackEvent,
    FeedbackStatus,
    FeedbackType,
    FolioCounter,
    SurveyResponse,
    WaitingBracket,
)
from app.feedback.services.submission import hash_access_code
from app.indicators.models import Measurement
from app.indicators.services import Result, evaluate, refresh_quarter_compliance
from app.staff.models import Role, User

# Every generated item can be followed with this access code (load tests of tracking).
GENERATED_ACCESS_CODE = "GENE-RADA-2345"
CHUNK = 20_000
S = FeedbackStatus


@dataclass(frozen=True)
class Sizes:
    """How much to generate; regions follow from the number of services."""

    services: int = 200
    feedback: int = 2_000
    surveys: int | None = None  # default: half the feedback
    years: int = 5
    seed: int = 2026

    @property
    def survey_count(self) -> int:
        return self.feedback // 2 if self.surveys is None else self.surveys

    @property
    def regions(self) -> int:
        return max(1, math.ceil(self.services / len(data.SERVICES)))


@dataclass
class Report:
    """Rows written per table."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, rows: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + rows


class NotEmpty(RuntimeError):
    """The database already has a catalog or feedback: generated data goes into an empty one."""


def _plain(value):
    """A value as COPY's text format wants it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, int) and type(value) not in (int, bool):
        return int(value)  # WorkingDays and other int subclasses
    return value


class Writer:
    """Writes lists of row dicts into tables: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, connection: Connection, report: Report, echo: Callable[[str], None]):
        self.connection = connection
        self.postgresql = connection.dialect.name == "postgresql"
        self.report = report
        self.echo = echo

    def write(self, table: Table, rows: list[dict]) -> None:
        if not rows:
            return
        if self.postgresql:
            columns = list(rows[0])
            names = ", ".join(f'"{name}"' for name in columns)
            cursor = self.connection.connection.dbapi_connection.cursor()
            with cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_plain(row[name]) for name in columns])
        else:
            self.connection.execute(table.insert(), rows)
        self.report.add(table.name, len(rows))

    def finish(self, tables: list[Table]) -> None:
        """Move PostgreSQL's id sequences past the ids written here."""
        if not self.postgresql:
            return
        for table in tables:
            if "id" in table.c:
                # Table names come from the application's own metadata (bandit B608).
                last = f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name})"  # nosec B608
                sequence = f"pg_get_serial_sequence('{table.name}', 'id')"
                self.connection.execute(text(f"SELECT setval({sequence}, {last}, false)"))


def _regional(value: dict | None, region: int) -> dict | None:
    """A translated name of a region's copy: ``Tesorería (Región 12)``."""
    if value is None:
        return None
    labels = {"es": "Región", "en": "Region", "nah": "Altepetl"}
    return {code: f"{text} ({labels.get(code, 'Región')} {region})" for code, text in value.items()}


@dataclass
class Catalog:
    """What the feedback generator needs to know about the generated catalog."""

    service_ids: list[int] = field(default_factory=list)
    service_dependency: dict[int, int] = field(default_factory=dict)
    service_names: dict[int, str] = field(default_factory=dict)
    service_commitments: dict[int, list[int]] = field(default_factory=dict)
    dependency_staff: dict[int, int] = field(default_factory=dict)


class Ids:
    """The next id of each table (the database is empty, so they start at 1)."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        value = self._next.get(table, 1)
        self._next[table] = value + 1
        return value


def generate(sizes: Sizes, echo: Callable[[str], None] = lambda _message: None) -> Report:
    """Fill an empty, migrated database with generated data of ``sizes``; returns the counts.
    Raises ``NotEmpty`` if there is a catalog or feedback already."""
    if db.session.scalar(select(func.count(Service.id))) or db.session.scalar(
        select(func.count(Feedback.id))
    ):
        raise NotEmpty("the database already has services or feedback")
    rng = random.Random(sizes.seed)  # nosec B311
    today = local_today()
    # Read through the session before the bulk connection takes SQLite's write lock.
    days = Days(today - timedelta(days=365 * sizes.years), today)
    db.session.remove()
    report = Report()
    with db.engine.begin() as connection:
        writer = Writer(connection, report, echo)
        ids = Ids()
        catalog = _catalog(writer, ids, sizes, rng, today)
        echo(f"catalog: {len(catalog.service_ids)} services")
        _feedback(writer, ids, sizes, rng, today, catalog, days)
        _surveys(writer, ids, sizes, rng, today, catalog)
        writer.finish(list(db.metadata.sorted_tables))
    refresh_quarter_compliance()  # the measurements were written without the session
    db.session.commit()
    if writer.postgresql:
        # What autovacuum would do later: statistics for the planner, and a visibility map so
        # that counts can be answered from indexes alone.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return report


def _catalog(writer: Writer, ids: Ids, sizes: Sizes, rng, today: date) -> Catalog:
    """Regions of dependencies, offices, services and charters with their measurements."""
    catalog = Catalog()
    topics = {}
    rows = []
    for spec in data.TOPICS:
        topics[spec["slug"]] = ids("topics")
        rows.append(dict(id=topics[spec["slug"]], slug=spec["slug"], name=spec["name"]))
    writer.write(Topic.__table__, rows)

    quarters = _quarters(today, sizes.years)
    tables = {
        name: []
        for name in (
            "dependencies", "users", "offices", "services", "requirements", "request_formats",
            "service_offices", "charters", "charter_services", "charter_versions",
            "commitments", "indicators", "measurements",
        )
    }  # fmt: skip
    # Not an argon2 hash: no password matches it, so generated staff cannot sign in.
    unusable_hash = "!generated-account-that-cannot-sign-in"
    created = datetime.combine(today - timedelta(days=365 * sizes.years), time(12))
    made = 0
    for region in range(1, sizes.regions + 1):
        dependencies, offices, services = {}, {}, {}
        for spec in data.DEPENDENCIES:  # parents come first
            dependency_id = dependencies[spec["slug"]] = ids("dependencies")
            name = _regional(spec["name"], region)
            tables["dependencies"].append(
                dict(
                    id=dependency_id,
                    slug=f"{spec['slug']}-r{region}",
                    name=name,
                    acronym=spec.get("acronym"),
                    parent_id=dependencies[spec["parent"]] if spec["parent"] else None,
                    # Written without the ORM: what its event would store.
                    search_text=dependency_search_text(name, spec.get("acronym")),
                )
            )
            staff_id = catalog.dependency_staff[dependency_id] = ids("users")
            tables["users"].append(
                dict(
                    id=staff_id,
                    email=f"{spec['slug']}-r{region}@generated.example",
                    name=f"Atención {spec.get('acronym') or spec['slug']} R{region}",
                    password_hash=unusable_hash,
                    role=Role.RESPONDER,
                    dependency_id=dependency_id,
                    languages=["es", "nah"] if region % 7 == 0 else ["es"],
                    ui_language="es",
                    active=True,
                    failed_logins=0,
                    created_at=created,
                )
            )
        for spec in data.OFFICES:
            spec = dict(spec)
            key = spec.pop("key")
            office_id = offices[key] = ids("offices")
            spec["dependency_id"] = dependencies[spec.pop("dependency")]
            spec["name"] = _regional(spec["name"], region)
            tables["offices"].append(dict(id=office_id, **spec))
        for spec in data.SERVICES:
            if made == sizes.services:
                break
            made += 1
            service_id = _service(tables, ids, spec, region, dependencies, topics, offices)
            services[spec["code"]] = service_id
            catalog.service_ids.append(service_id)
            catalog.service_dependency[service_id] = dependencies[spec["dependency"]]
            catalog.service_names[service_id] = spec["name"]["es"]
        for spec in data.CHARTERS:
            covered = [services[code] for code in spec["services"] if code in services]
            if covered:
                _charter(tables, ids, spec, region, covered, dependencies, quarters, rng, catalog)
        if len(tables["measurements"]) > CHUNK:
            _flush(writer, tables)
    _flush(writer, tables)
    return catalog


def _flush(writer: Writer, tables: dict[str, list[dict]]) -> None:
    """Write what is pending, parents before children."""
    for name, rows in tables.items():
        writer.write(db.metadata.tables[name], rows)
        rows.clear()


def _service(tables, ids: Ids, spec: dict, region: int, dependencies, topics, offices) -> int:
    spec = {**deepcopy(data.SERVICE_DEFAULTS), **deepcopy(spec)}
    service_id = ids("services")
    for position, requirement in enumerate(spec.pop("requirements"), 1):
        tables["requirements"].append(
            dict(id=ids("requirements"), service_id=service_id, position=position, **requirement)
        )
    for position, request_format in enumerate(spec.pop("request_formats"), 1):
        tables["request_formats"].append(
            dict(
                id=ids("request_formats"),
                service_id=service_id,
                position=position,
                **request_format,
            )
        )
    for key in spec.pop("offices"):
        tables["service_offices"].append(dict(service_id=service_id, office_id=offices[key]))
    dependency_slug = spec.pop("dependency")
    dependency_name = next(d["name"] for d in data.DEPENDENCIES if d["slug"] == dependency_slug)
    spec["name"] = _regional(spec["name"], region)
    spec["code"] = f"{spec['code']}-R{region:03d}"
    spec["slug"] = f"{spec['slug']}-r{region}"
    # The same folded text as ``index_service``: names, code, keywords, description, dependency.
    parts = [spec["code"], *spec["name"].values(), *spec["keywords"]]
    parts += [*spec["description"].values(), *_regional(dependency_name, region).values()]
    tables["services"].append(
        dict(
            id=service_id,
            dependency_id=dependencies[dependency_slug],
            topic_id=topics[spec.pop("topic")],
            search_text=fold(" ".join(parts)),
            **spec,
        )
    )
    return service_id


def _charter(tables, ids: Ids, spec, region, covered, dependencies, quarters, rng, catalog):
    """A charter with one published version valid for the whole span, its commitments and
    indicators, and a measurement of every indicator in every quarter."""
    charter_id = ids("charters")
    tables["charters"].append(
        dict(
            id=charter_id,
            slug=f"{spec['slug']}-r{region}",
            title=_regional(spec["title"], region),
            dependency_id=dependencies[spec["dependency"]],
        )
    )
    for service_id in covered:
        tables["charter_services"].append(dict(charter_id=charter_id, service_id=service_id))
    version_id = ids("charter_versions")
    certification = spec.get("certification") or {}
    tables["charter_versions"].append(
        dict(
            id=version_id,
            charter_id=charter_id,
            number=1,
            status=CharterStatus.PUBLISHED,
            valid_from=quarters[0].start,
            valid_until=None,
            published_on=quarters[0].start + timedelta(days=rng.randrange(365)),
            certifier=certification.get("certifier"),
            certified_on=certification.get("certified_on"),
            certification_expires=certification.get("certification_expires"),
            **{
                **data.CHARTER_TEXT,
                "purpose": spec["purpose"],
                "responsible_unit": spec["responsible_unit"],
            },
        )
    )
    recorded = utcnow()
    commitment_ids = []
    for position, promise in enumerate(spec["commitments"], 1):
        commitment_id = ids("commitments")
        commitment_ids.append(commitment_id)
        tables["commitments"].append(
            dict(id=commitment_id, version_id=version_id, position=position, text=promise["text"])
        )
        for number, fields in enumerate(deepcopy(promise["indicators"]), 1):
            sample, cases = fields.pop("sample"), fields.pop("cases")
            indicator_id = ids("indicators")
            tables["indicators"].append(
                dict(id=indicator_id, commitment_id=commitment_id, position=number, **fields)
            )
            model = Indicator(**fields)  # transient: what evaluate and _simulate read
            volume = cases or spec["volume"] * sample
            for period in quarters:
                met_rate = 0.55 + 0.4 * rng.random()
                numerator, denominator = _simulate(model, volume, met_rate, rng)
                value, status = evaluate(model, period, Result(numerator, denominator))
                tables["measurements"].append(
                    dict(
                        id=ids("measurements"),
                        indicator_id=indicator_id,
                        period=period,
                        numerator=None if numerator is None else Decimal(numerator),
                        denominator=None if denominator is None else Decimal(denominator),
                        value=value,
                        status=status,
                        source=model.source,
                        recorded_at=recorded,
                        note=None,
                    )
                )
    for service_id in covered:
        catalog.service_commitments[service_id] = commitment_ids


def _quarters(today: date, years: int) -> list[Period]:
    """The last ``4 * years`` complete quarters, oldest first."""
    current = Period.quarter_of(today)
    quarters = []
    year, index = current.year, current.index
    for _n in range(4 * years):
        index -= 1
        if index == 0:
            year, index = year - 1, 4
        quarters.append(Period(year, "T", index))
    return quarters[::-1]


OPENINGS = [
    "Acudí a la oficina para el trámite de {service}",
    "Hice en línea el trámite de {service}",
    "Llamé por teléfono para preguntar por {service}",
    "El lunes por la mañana fui a realizar {service}",
    "Mi madre, adulta mayor, fue a solicitar {service}",
    "Regresé por tercera vez para {service}",
]
DETAILS = {
    FeedbackType.COMPLAINT: [
        "y esperé más de una hora aunque había pocas personas en la fila.",
        "y en ventanilla no me dieron información clara sobre los requisitos.",
        "pero el sistema de pagos no funcionaba y nadie supo decirme cuándo volvería.",
        "y la persona que me atendió fue grosera cuando pedí que me explicara el cobro.",
        "y me pidieron un documento que no aparece en la lista de requisitos.",
    ],
    FeedbackType.SUGGESTION: [
        "Sería útil poder sacar cita en línea y elegir el horario.",
        "Propongo que los requisitos se publiquen también en náhuatl.",
        "Convendría abrir una ventanilla preferente para personas con discapacidad.",
        "Estaría bien recibir un aviso por correo cuando el documento esté listo.",
    ],
    FeedbackType.CLAIM: [
        "y no se cumplió el tiempo máximo de espera que promete la carta compromiso.",
        "y la resolución tardó mucho más que los días hábiles comprometidos.",
        "y no me ofrecieron la medida de compensación que señala la carta.",
    ],
    FeedbackType.COMPLIMENT: [
        "y quiero felicitar a la persona que me atendió por su paciencia y amabilidad.",
        "y todo fue rápido y claro; gracias por el buen servicio.",
        "y me explicaron cada paso con mucha claridad. Excelente atención.",
    ],
}
ANSWERS = [
    "Gracias por escribirnos. Revisamos su caso con el área responsable y tomamos medidas para "
    "que no se repita.",
    "Lamentamos lo ocurrido. Reforzamos la capacitación del personal de ventanilla y ajustamos "
    "los horarios de atención.",
    "Agradecemos su sugerencia: la turnamos al comité de calidad para su análisis.",
    "Le ofrecemos una disculpa y le informamos que su trámite quedó concluido.",
]
TYPES = [FeedbackType.COMPLAINT, FeedbackType.SUGGESTION, FeedbackType.CLAIM,
         FeedbackType.COMPLIMENT]  # fmt: skip
TYPE_WEIGHTS = [50, 20, 15, 15]
CHANNELS = [Channel.WEB, Channel.PHONE, Channel.IN_PERSON, Channel.MAILBOX, Channel.EMAIL]
CHANNEL_WEIGHTS = [60, 15, 15, 5, 5]


class Days:
    """Working-day arithmetic over the generated span, cached (the calendar is the app's)."""

    def __init__(self, first: date, last: date) -> None:
        calendar = WorkingCalendar.load()
        span = (last - first).days + 120
        self.working = [
            day
            for day in (first + timedelta(days=n) for n in range(span))
            if calendar.is_working_day(day)
        ]

    @lru_cache(maxsize=200_000)  # noqa: B019 - one instance per run, dates are few
    def add(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (as ``add_working_days`` counts)."""
        return self.working[bisect_right(self.working, start) + days - 1]


def _feedback(writer: Writer, ids: Ids, sizes: Sizes, rng, today, catalog: Catalog, days: Days):
    """Feedback over the years, with its events, answers and ratings, in chunks."""
    access_hash = hash_access_code(GENERATED_ACCESS_CODE)
    folios: dict[int, int] = {}
    services = catalog.service_ids
    items, events = [], []
    for _n in range(sizes.feedback):
        # More feedback in recent years; popular services get most of it.
        received_on = today - timedelta(days=int((1 - rng.random() ** 0.8) * 365 * sizes.years))
        received_at = datetime.combine(received_on, time(15)) + timedelta(
            seconds=rng.randrange(9 * 3600)
        )
        service_id = (
            services[int(len(services) * rng.random() ** 2)] if rng.random() < 0.9 else None
        )
        kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        folios[received_on.year] = number = folios.get(received_on.year, 0) + 1
        item = _item(ids, rng, catalog, kind, service_id, received_on, received_at, days, today)
        item.update(folio=f"SQR-{received_on.year}-{number:06d}", access_code_hash=access_hash)
        items.append(item)
        events.extend(_events(ids, item, catalog, rng, days))
        if len(items) == CHUNK:
            _write_feedback(writer, items, events)
    _write_feedback(writer, items, events)
    writer.write(
        FolioCounter.__table__,
        [dict(year=year, last=last) for year, last in sorted(folios.items())],
    )


def _write_feedback(writer: Writer, items: list[dict], events: list[dict]) -> None:
    writer.write(Feedback.__table__, items)
    writer.write(FeedbackEvent.__table__, events)
    writer.echo(f"feedback: {writer.report.counts.get('feedback', 0)}")
    items.clear()
    events.clear()


def _item(ids, rng, catalog, kind, service_id, received_on, received_at, days, today) -> dict:
    age = (today - received_on).days
    roll = rng.random()
    if age > 20:
        status = (
            S.DISMISSED if roll < 0.04 else S.IN_REVIEW if roll < 0.08
            else rng.choices([S.CLOSED_RESOLVED, S.CLOSED_UNRESOLVED, S.ANSWERED], [6, 1, 3])[0]
        )  # fmt: skip
    else:
        status = rng.choices([S.RECEIVED, S.IN_REVIEW, S.WAITING, S.ANSWERED], [40, 30, 5, 25])[0]
    answered = status in (S.ANSWERED, S.CLOSED_RESOLVED, S.CLOSED_UNRESOLVED)
    response_days = min(25, int(rng.expovariate(1 / 6)) + 1) if answered else None
    answered_on = min(today, days.add(received_on, response_days)) if answered else None
    service_name = catalog.service_names.get(service_id, "un trámite")
    commitments = catalog.service_commitments.get(service_id, [])
    email = rng.random() < 0.4
    return dict(
        id=ids("feedback"),
        submission_key=uuid.UUID(int=rng.getrandbits(128)).hex,
        type=kind,
        channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
        service_id=service_id,
        commitment_id=rng.choice(commitments)
        if kind is FeedbackType.CLAIM and commitments
        else None,
        dependency_id=catalog.service_dependency.get(service_id),
        text=f"{rng.choice(OPENINGS).format(service=service_name.lower())} "
        f"{rng.choice(DETAILS[kind])}",
        incident_date=received_on - timedelta(days=rng.randrange(4)),
        incident_place=None,
        contact_name="Persona usuaria" if email else None,
        contact_email=f"persona{rng.randrange(10**6)}@correo.example" if email else None,
        contact_phone=None,
        language=rng.choices(["es", "nah", "en"], [92, 5, 3])[0],
        consent=True,
        status=status,
        received_at=received_at,
        received_on=received_on,
        due_days=10,
        due_on=None if status is S.WAITING else days.add(received_on, 10),
        answered_at=datetime.combine(answered_on, time(17)) if answered else None,
        response_days=response_days,
        public_response=rng.choice(ANSWERS) if answered else None,
        citizen_rating=rng.randint(1, 5) if answered and rng.random() < 0.3 else None,
        assignee_id=None,
        institutional_impact=rng.random() < 0.01,
    )


def _events(ids, item: dict, catalog: Catalog, rng, days: Days) -> Iterator[dict]:
    """The history that leads to the item's status, as the workflow would have written it."""
    staff = catalog.dependency_staff.get(item["dependency_id"])
    moment, on = item["received_at"], item["received_on"]

    def event(kind, from_status=None, to_status=None, note=None, by=None, public=True):
        return dict(
            id=ids("feedback_events"), feedback_id=item["id"], at=moment, on=on,
            actor="staff" if by else "citizen", user_id=by, kind=kind,
            from_status=from_status, to_status=to_status, note=note, public=public,
        )  # fmt: skip

    yield event(EventKind.CREATED, to_status=S.RECEIVED)
    status = item["status"]
    if status is S.RECEIVED:
        return
    on = days.add(on, 1)
    moment = datetime.combine(on, time(16))
    if status is S.DISMISSED:
        yield event(EventKind.STATUS_CHANGED, S.RECEIVED, S.DISMISSED, "Duplicado.", staff)
        return
    yield event(EventKind.STATUS_CHANGED, S.RECEIVED, S.IN_REVIEW, None, staff)
    if status is S.WAITING:
        yield event(
            EventKind.INFORMATION_REQUESTED, S.IN_REVIEW, S.WAITING, "¿En qué oficina?", staff
        )
        return
    if item["answered_at"] is None:
        return
    moment, on = item["answered_at"], item["answered_at"].date()
    yield event(EventKind.ANSWERED, S.IN_REVIEW, S.ANSWERED, item["public_response"], staff)
    if item["citizen_rating"] is not None:
        yield event(EventKind.RATED, note=str(item["citizen_rating"]))
    if status in (S.CLOSED_RESOLVED, S.CLOSED_UNRESOLVED):
        yield event(EventKind.STATUS_CHANGED, S.ANSWERED, status, None, staff)


def _surveys(writer: Writer, ids: Ids, sizes: Sizes, rng, today: date, catalog: Catalog):
    brackets = [None, *WaitingBracket]
    rows = []
    for _n in range(sizes.survey_count):
        day = today - timedelta(days=int((1 - rng.random() ** 0.8) * 365 * sizes.years))
        rows.append(
            dict(
                id=ids("survey_responses"),
                service_id=catalog.service_ids[int(len(catalog.service_ids) * rng.random() ** 2)],
                score=rng.choices([5, 4, 3, 2, 1], [45, 30, 12, 7, 6])[0],
                waiting=rng.choice(brackets),
                attention=rng.choice(brackets),
                comment="Buena atención." if rng.random() < 0.1 else None,
                channel=rng.choice([Channel.WEB, Channel.IN_PERSON]),
                language=rng.choices(["es", "nah", "en"], [92, 5, 3])[0],
                created_at=datetime.combine(day, time(16)),
            )
        )
        if len(rows) == CHUNK:
            writer.write(SurveyResponse.__table__, rows)
            rows.clear()
    writer.write(SurveyResponse.__table__, rows)


# Tables the generator fills, for callers that check what it wrote.
TABLES = [
    Dependency, Office, Topic, Service, Requirement, RequestFormat, Charter, CharterVersion,
    Commitment, Indicator, Measurement, Feedback, FeedbackEvent, SurveyResponse, User,
]  # fmt: skip
RELATIONS = [service_offices_table, charter_services]
