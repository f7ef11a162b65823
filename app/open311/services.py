"""Open311 GeoReport v2 over the portal's own objects: the catalog's services as Open311
services, feedback items as service requests (created through the citizen's own submission
service), and the keys of the client applications allowed to create them."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from app.catalog.models import Service
from app.charters.services import published_commitments
from app.core.clock import local_date, utc_at, utcnow, zone
from app.core.languages import ANSWER_LANGUAGES, autonyms
from app.extensions import db
from app.feedback.forms import FeedbackForm
from app.feedback.models import (
    Channel,
    Feedback,
    FeedbackEvent,
    FeedbackStatus,
    FeedbackType,
)
from app.feedback.services import submission
from app.open311.models import ApiClient, ApiSubmission
from app.staff.models import User
from app.staff.services import audit

KEY_PREFIX = "o311_"
# Answered, closed or dismissed: nothing more will happen unless the person writes again.
CLOSED = (
    FeedbackStatus.ANSWERED,
    FeedbackStatus.CLOSED_RESOLVED,
    FeedbackStatus.CLOSED_UNRESOLVED,
    FeedbackStatus.DISMISSED,
)
DEFAULT_DAYS = 90  # the spec's default span of GET requests
MAX_PAGE_SIZE = 1000  # the spec lets a server cap a list at 1000 requests
DEFAULT_PAGE_SIZE = 100
MAX_PAGE = 10_000
MAX_IDS = 100  # service_request_id lists of at most this many folios
YES = ("si", "true", "1", "yes")


class Open311Error(Exception):
    """A request the API refuses, with the HTTP status and the spec's error description."""

    def __init__(self, code: int, description: str, fields: list[str] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.fields = fields or []  # the parameters refused, for the audit log


# --- Keys of client applications ----------------------------------------------------------


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(name: str, contact: str, by: User, *, ip: str | None) -> tuple[ApiClient, str]:
    """A new client application and its key, shown once: only its SHA-256 is stored."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient(
        name=name,
        contact=contact,
        key_hash=key_digest(key),
        key_hint=key[:10],
        created_at=utcnow(),
        created_by=by,
    )
    db.session.add(client)
    db.session.flush()
    audit("api_key.issued", by, target=client, detail={"name": name}, ip=ip)
    db.session.commit()
    return client, key


def revoke_key(client: ApiClient, by: User, *, ip: str | None) -> None:
    """The key stops working at once; the client and the items it sent stay."""
    if client.revoked_at is not None:
        return
    client.revoked_at = utcnow()
    audit("api_key.revoked", by, target=client, detail={"name": client.name}, ip=ip)
    db.session.commit()


def refuse_key(*, ip: str | None) -> None:
    """Record a request sent without a valid key (the key itself is never written down)."""
    audit("open311.key_refused", ip=ip)
    db.session.commit()


def clients() -> list[ApiClient]:
    """Every client application, the active ones first, then by name."""
    return list(
        db.session.scalars(
            select(ApiClient).order_by(ApiClient.revoked_at.is_not(None), ApiClient.name)
        )
    )


def client_for_key(key: str | None) -> ApiClient | None:
    """The active client application whose key this is, or ``None``."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    return db.session.scalar(select(ApiClient).filter_by(key_hash=key_digest(key), revoked_at=None))


def requests_sent(client_ids: list[int]) -> dict[int, int]:
    """How many items each client application created."""
    if not client_ids:
        return {}
    return dict(
        db.session.execute(
            select(ApiSubmission.client_id, func.count())
            .where(ApiSubmission.client_id.in_(client_ids))
            .group_by(ApiSubmission.client_id)
        ).all()
    )


# --- Services -----------------------------------------------------------------------------


def _es(value: dict | None) -> str:
    """Open311 has no languages: texts go in the portal's source language."""
    return (value or {}).get("es") or ""


def services() -> list[dict]:
    """The catalog's current services as Open311 services."""
    rows = db.session.scalars(
        select(Service)
        .where(Service.retired_on.is_(None))
        .options(selectinload(Service.topic))
        .order_by(Service.code)
    )
    return [
        {
            "service_code": service.code,
            "service_name": _es(service.name),
            "description": _es(service.description),
            # Every service asks more than Open311's fields: the type of message and consent.
            "metadata": True,
            "type": "realtime",
            "keywords": ", ".join(service.keywords),
            "group": _es(service.topic.name),
        }
        for service in rows
    ]


def find_service(code: str | None) -> Service:
    """The current service with this code (homoclave) or slug; raises ``Open311Error``."""
    if not code:
        raise Open311Error(400, "service_code is required.", ["service_code"])
    if "\x00" in code:  # no code holds one, and PostgreSQL refuses it in a query
        raise Open311Error(400, "service_code is not a code.", ["service_code"])
    service = db.session.scalar(
        select(Service).where(
            (Service.code == code) | (Service.slug == code), Service.retired_on.is_(None)
        )
    )
    if service is None:
        raise Open311Error(404, f"There is no service with service_code {code}.", ["service_code"])
    return service


def _values(labels: dict) -> list[dict]:
    return [{"key": key, "name": str(name)} for key, name in labels.items()]


def definition(service: Service) -> dict:
    """The attributes the feedback form asks beyond Open311's own fields."""
    attributes = [
        {
            "code": "tipo",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "One of the keys; a complaint (queja) when not given.",
            "description": "Tipo de mensaje",
            "values": _values({t.value: t.label for t in FeedbackType}),
        },
        {
            "code": "consentimiento",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": "si: the person read the privacy notice and agreed that "
            "their data is used to attend their message.",
            "description": "Acepta el aviso de privacidad",
            "values": _values({"si": "Sí"}),
        },
        {
            "code": "fecha",
            "datatype": "datetime",
            "required": False,
            "datatype_description": "The day it happened, as YYYY-MM-DD (an ISO 8601 date and "
            "time is taken as its day in the institution's time zone); not after today.",
            "description": "¿Cuándo pasó?",
            "values": [],
        },
        {
            "code": "idioma",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "The language of the answer; Spanish (es) when not given.",
            "description": "¿En qué idioma prefiere la respuesta?",
            "values": _values(autonyms(ANSWER_LANGUAGES)),
        },
    ]
    commitments = published_commitments(service.id)
    if commitments:
        attributes.append(
            {
                "code": "compromiso",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "Required for a claim (tipo=reclamacion): the "
                "commitment of the charter that was not met.",
                "description": "¿Qué compromiso no se cumplió?",
                "values": _values({str(c.id): _es(c.text) for c in commitments}),
            }
        )
    for order, attribute in enumerate(attributes, start=1):
        attribute["variable"] = True
        attribute["order"] = order
    keys = ("variable", "code", "datatype", "required", "datatype_description", "order",
            "description", "values")  # fmt: skip
    return {
        "service_code": service.code,
        "attributes": [{key: a[key] for key in keys} for a in attributes],
    }


# --- Creating a request -------------------------------------------------------------------

# The feedback form's fields and the Open311 parameters that fill them, for error messages.
PARAMETERS = {
    "descripcion": "description",
    "fecha": "attribute[fecha]",
    "lugar": "address_string",
    "latitud": "lat",
    "longitud": "long",
    "nombre": "first_name",
    "correo": "email",
    "telefono": "phone",
    "idioma": "attribute[idioma]",
    "consentimiento": "attribute[consentimiento]",
    "compromiso": "attribute[compromiso]",
}


def _submission_key(client: ApiClient, idempotency_key: str | None) -> str:
    """The same key for a retried request of the same client (``Idempotency-Key``), so that it
    finds the item already created instead of creating another."""
    if not idempotency_key:
        return uuid.uuid4().hex
    return hashlib.sha256(f"{client.id}:{idempotency_key}".encode()).hexdigest()[:32]


@dataclass
class Created:
    feedback: Feedback
    access_code: str | None  # None when a retried request found the item already created


def create_request(
    client: ApiClient, values: MultiDict, *, idempotency_key: str | None, ip: str | None
) -> Created:
    """Create a feedback item from an Open311 POST as the web form does: the same form and
    validation, then the citizen's submission service (folio, deadline, e-mail, events), with
    the client application recorded. Raises ``Open311Error`` for what is refused; every request
    of a key is audited, created or refused (the names of the wrong fields, never their
    values)."""
    try:
        service, kind, form = _checked(client, values, idempotency_key)
    except Open311Error as error:
        audit("open311.request_refused", target=client,
              detail={"status": error.code, "fields": error.fields}, ip=ip)  # fmt: skip
        client.last_used_at = utcnow()
        db.session.commit()
        raise
    chosen = int(form.compromiso.data) if form.compromiso.data else None
    commitments = published_commitments(service.id) if chosen is not None else []

    def link_client(feedback: Feedback) -> None:
        db.session.add(ApiSubmission(feedback=feedback, client=client))
        client.last_used_at = feedback.received_at
        db.session.flush()
        audit("open311.request_created", target=client,
              detail={"feedback_id": feedback.id, "folio": feedback.folio}, ip=ip)  # fmt: skip

    try:
        feedback, code = submission.submit(
            submission.Submission(
                type=kind,
                text=form.descripcion.data,
                submission_key=form.clave_envio.data,
                language=form.idioma.data,
                consent=form.consentimiento.data,
                service=service,
                commitment=next((c for c in commitments if c.id == chosen), None),
                **form.details(),
                channel=Channel.API,
            ),
            before_commit=link_client,
        )
    except submission.AlreadySent as error:
        raise Open311Error(
            409,
            f"Idempotency-Key was used for request {error.feedback.folio} with other values; "
            "send a new request with a new key.",
        ) from None
    return Created(feedback, code)


def _checked(
    client: ApiClient, values: MultiDict, idempotency_key: str | None
) -> tuple[Service, FeedbackType, FeedbackForm]:
    """The service, the type and the feedback form filled from Open311's parameters and
    validated as on the web; raises ``Open311Error`` naming the parameters refused."""
    service = find_service(values.get("service_code"))
    kind = values.get("attribute[tipo]") or FeedbackType.COMPLAINT.value
    if kind not in {t.value for t in FeedbackType}:
        raise Open311Error(400, "attribute[tipo]: Elija el tipo de mensaje.", ["attribute[tipo]"])
    if values.get("media_url"):
        raise Open311Error(
            400, "media_url is not accepted: attach files through the web form.", ["media_url"]
        )
    kind = FeedbackType(kind)
    name = " ".join(filter(None, (values.get("first_name"), values.get("last_name"))))
    form_values = {
        "descripcion": values.get("description", ""),
        "fecha": _day(values.get("attribute[fecha]", "")),
        "lugar": values.get("address_string", ""),
        "latitud": values.get("lat", ""),
        "longitud": values.get("long", ""),
        "nombre": name,
        "correo": values.get("email", ""),
        "telefono": values.get("phone", ""),
        "idioma": values.get("attribute[idioma]") or "es",
        "compromiso": values.get("attribute[compromiso]", ""),
        "clave_envio": _submission_key(client, idempotency_key),
    }
    if values.get("attribute[consentimiento]", "").lower() in YES:
        form_values["consentimiento"] = "y"
    form = FeedbackForm(formdata=MultiDict(form_values), meta={"csrf": False})
    commitments = published_commitments(service.id) if kind is FeedbackType.CLAIM else []
    form.set_commitments({str(c.id): _es(c.text) for c in commitments}, bool(commitments))
    if not form.validate():
        problems = [
            f"{PARAMETERS.get(name, name)}: {message}"
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise Open311Error(
            400, " ".join(problems), sorted(PARAMETERS.get(name, name) for name in form.errors)
        )
    return service, kind, form


# --- Reading requests ---------------------------------------------------------------------


def _day(text: str) -> str:
    """The day an attribute of datatype ``datetime`` names, as the form takes it: a date and
    time (with or without an offset) is its date in the institution's time zone; anything
    else goes to the form as it came, to be refused there with the form's own message."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return text
    if len(text.strip()) == 10:  # a date alone
        return text.strip()
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone())
    return moment.date().isoformat()


def timestamp(moment: datetime | None) -> str | None:
    """A stored (naive UTC) moment in the institution's time, with its offset (the spec's
    ISO 8601 form)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(zone()).isoformat(timespec="seconds")


def expected(due_on: date | None) -> str | None:
    """The end of the day the answer is due, in the institution's time."""
    if due_on is None:
        return None
    return timestamp(utc_at(due_on, time(23, 59, 59)))


NUMBER = re.compile(r"[0-9]{1,9}")
# Dates a query may name: a bound far from them (year 1, year 9999) leaves no room for the
# span of days added to it, nor for the time zone.
QUERY_YEARS = range(1900, 2201)


def parse_moment(name: str, text: str) -> datetime:
    """A query's ISO 8601 date-time as naive UTC (local time when it has no offset)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.year not in QUERY_YEARS:
        raise Open311Error(
            400,
            f"{name} must be an ISO 8601 date and time from {QUERY_YEARS[0]} to {QUERY_YEARS[-1]}.",
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone())
    return moment.astimezone(UTC).replace(tzinfo=None)


@dataclass
class Query:
    """The filters of GET requests, parsed."""

    folios: list[str] | None = None
    services: list[Service] | None = None
    statuses: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def _number(values: MultiDict, name: str, default: int, maximum: int) -> int:
    text = values.get(name)
    if text is None:
        return default
    # ASCII digits only: ``isdigit`` takes "²" and "٣", and ``int`` refuses the first.
    if not NUMBER.fullmatch(text) or not 1 <= int(text) <= maximum:
        raise Open311Error(400, f"{name} must be an integer from 1 to {maximum}.")
    return int(text)


def _listed(values: MultiDict, name: str) -> list[str]:
    """Every value of ``name``, whether repeated or comma delimited, without repeats."""
    found = (part.strip() for value in values.getlist(name) for part in value.split(","))
    return list(dict.fromkeys(part for part in found if part))


def parse_query(values: MultiDict) -> Query:
    """GET requests' filters (the spec's, plus ``page`` and ``page_size``); raises
    ``Open311Error`` naming the one that is not valid. Without ``service_request_id`` the
    span is bounded: the last 90 days, or 90 days from or up to the date given."""
    query = Query(
        page=_number(values, "page", 1, MAX_PAGE),
        page_size=_number(values, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    )
    if values.get("service_request_id"):
        folios = [f.strip().upper() for f in values["service_request_id"].split(",") if f.strip()]
        if len(folios) > MAX_IDS:
            raise Open311Error(400, f"service_request_id lists at most {MAX_IDS} requests.")
        query.folios = folios
        return query
    # Both may be "declared multiple times, comma delimited" (GeoReport v2).
    if codes := _listed(values, "service_code"):
        query.services = [find_service(code) for code in codes]
    if statuses := _listed(values, "status"):
        if not set(statuses) <= {"open", "closed"}:
            raise Open311Error(400, "status must be open or closed.")
        query.statuses = statuses
    start = parse_moment("start_date", values["start_date"]) if values.get("start_date") else None
    end = parse_moment("end_date", values["end_date"]) if values.get("end_date") else None
    if start and end and end < start:
        raise Open311Error(400, "end_date must not be before start_date.")
    span = timedelta(days=DEFAULT_DAYS)
    query.end = end or (start + span if start else utcnow())
    query.start = start or query.end - span
    return query


def find_requests(query: Query) -> list[dict]:
    """A page of service requests, newest first, with public fields only."""
    statement = select(Feedback).options(
        selectinload(Feedback.service), selectinload(Feedback.dependency)
    )
    if query.folios is not None:
        statement = statement.where(Feedback.folio.in_(query.folios))
    else:
        statement = statement.where(
            # The local dates bound the range on the index of received_on; the moments are exact.
            Feedback.received_on >= local_date(query.start),
            Feedback.received_on <= local_date(query.end),
            Feedback.received_at >= query.start,
            Feedback.received_at <= query.end,
        )
        if query.services is not None:
            statement = statement.where(Feedback.service_id.in_([s.id for s in query.services]))
        if query.statuses == ["open"]:
            statement = statement.where(Feedback.status.not_in(CLOSED))
        elif query.statuses == ["closed"]:
            statement = statement.where(Feedback.status.in_(CLOSED))
    statement = (
        statement.order_by(Feedback.received_at.desc(), Feedback.id.desc())
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
    )
    items = list(db.session.scalars(statement))
    return public_requests(items)


def find_request(folio: str) -> dict:
    """One service request by its folio; raises ``Open311Error`` (404)."""
    rows = find_requests(Query(folios=[folio.strip().upper()]))
    if not rows:
        raise Open311Error(404, f"There is no service request {folio}.")
    return rows[0]


def public_requests(items: list[Feedback]) -> list[dict]:
    """The public fields of items: never the person's text, place, contact or files, nor the
    answer's text (the form does not ask the person's consent to publish them)."""
    updated = dict(
        db.session.execute(
            select(FeedbackEvent.feedback_id, func.max(FeedbackEvent.at))
            .where(FeedbackEvent.feedback_id.in_([i.id for i in items]), FeedbackEvent.public)
            .group_by(FeedbackEvent.feedback_id)
        ).all()
    ) if items else {}  # fmt: skip
    return [
        {
            "service_request_id": item.folio,
            "status": "closed" if item.status in CLOSED else "open",
            "status_notes": str(item.status.label),
            "service_name": _es(item.service.name) if item.service else None,
            "service_code": item.service.code if item.service else None,
            "description": None,
            "agency_responsible": _es(item.dependency.name) if item.dependency else None,
            "service_notice": None,
            "requested_datetime": timestamp(item.received_at),
            "updated_datetime": timestamp(updated.get(item.id, item.received_at)),
            "expected_datetime": expected(item.due_on),
            "address": None,
            "address_id": None,
            "zipcode": None,
            "lat": None,
            "long": None,
            "media_url": None,
        }
        for item in items
    ]


def jurisdiction() -> str:
    """This portal's jurisdiction_id: ``OPEN311_JURISDICTION_ID``, or its public host name."""
    config = current_app.config
    return config["OPEN311_JURISDICTION_ID"] or urlsplit(config["PUBLIC_BASE_URL"]).hostname
