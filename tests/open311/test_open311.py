"""Open311 GeoReport v2 at /open311/v2: the spec's resources, field names and errors in JSON and
XML; requests created by client applications exactly as the web form creates them; and the
privacy of the requests anyone can read."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405  (our own responses, in tests)
from datetime import timedelta
from decimal import Decimal

import pytest
from babel.dates import format_date
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from openapi_spec_validator.validation import OpenAPIV31SpecValidator
from sqlalchemy import func, select

from app.catalog.models import Dependency, Service
from app.charters.services import published_commitments
from app.core.clock import local_today
from app.extensions import db, limiter
from app.feedback.models import Channel, Feedback, FeedbackStatus
from app.open311 import services
from app.open311.models import ApiSubmission
from app.outbox.models import OutboxMessage
from app.staff.models import AuditLog, Role
from tests.conftest import configured, demo_app, make_app
from tests.factories import PASSWORD, make_user
from tests.test_html_validation import vnu_errors

BASE = "/open311/v2"
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords",
                  "group"]  # fmt: skip
REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long",
    "media_url",
]  # fmt: skip
PRIVATE = {
    "description": "El camión de la basura no pasó por mi calle en toda la semana.",
    "email": "vecina@example.org",
    "phone": "722 555 0199",
    "first_name": "Rosa",
    "last_name": "Cuevas",
    "address_string": "Calle Privada de los Pinos 12",
    "lat": "19.254321",
    "long": "-99.604321",
}


@pytest.fixture(scope="module")
def open311_app(tmp_path_factory):
    """A demo of this module's own: requests are created."""
    with demo_app(tmp_path_factory) as application:
        yield application


@pytest.fixture
def client(open311_app):
    with open311_app.app_context():
        yield open311_app.test_client()
        db.session.remove()


@pytest.fixture
def key(client):
    _client, key = services.issue_key("Centro de llamadas", "cc@example.org", None, ip=None)
    return key


def signed_in(application, user):
    staff = application.test_client()
    response = staff.post("/auth/entrar", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    return staff


def a_service() -> Service:
    current = select(Service).where(Service.retired_on.is_(None))
    return db.session.scalar(current.order_by(Service.id))


def service_with_commitments() -> Service:
    for service in db.session.scalars(select(Service).order_by(Service.id)):
        if published_commitments(service.id):
            return service
    raise AssertionError("the demo has charters with commitments")


def xml(response) -> ET.Element:
    assert response.mimetype == "text/xml"
    assert response.get_data(as_text=True).startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.get_data())


def post(client, key, fmt="json", headers=None, **changes):
    data = {
        "api_key": key,
        "service_code": a_service().code,
        "attribute[consentimiento]": "si",
        **PRIVATE,
        **changes,
    }
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(f"{BASE}/requests.{fmt}", data=data, headers=headers or {})


def assert_error(response, code: int, fmt="json") -> str:
    assert response.status_code == code
    if fmt == "json":
        (error,) = response.get_json()
        assert list(error) == ["code", "description"] and error["code"] == code
        return error["description"]
    root = xml(response)
    assert root.tag == "errors"
    (error,) = root.findall("error")
    assert [child.tag for child in error] == ["code", "description"]
    assert error.findtext("code") == str(code)
    return error.findtext("description")


# --- Discovery and services ----------------------------------------------------------------


def test_discovery_names_the_endpoint_and_its_formats(client):
    found = client.get(f"{BASE}/discovery.json").get_json()
    (endpoint,) = found["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["application/json", "text/xml"]
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == [
        "application/json",
        "text/xml",
    ]


def test_services_list_the_catalog_with_the_specs_fields(client):
    listed = client.get(f"{BASE}/services.json").get_json()
    current = db.session.scalars(select(Service).where(Service.retired_on.is_(None))).all()
    assert len(listed) == len(current)
    assert all(list(row) == SERVICE_FIELDS for row in listed)
    service = a_service()
    row = next(row for row in listed if row["service_code"] == service.code)
    assert row["service_name"] == service.name["es"]
    assert row["group"] == service.topic.name["es"]
    assert row["metadata"] is True and row["type"] == "realtime"

    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    first = root.findall("service")[0]
    assert [child.tag for child in first] == SERVICE_FIELDS
    assert first.findtext("metadata") == "true"


def test_a_service_definition_describes_what_the_form_asks(client):
    service = service_with_commitments()
    definition = client.get(f"{BASE}/services/{service.code}.json").get_json()
    assert definition["service_code"] == service.code
    attributes = {a["code"]: a for a in definition["attributes"]}
    assert set(attributes) == {"tipo", "consentimiento", "fecha", "idioma", "compromiso"}
    assert attributes["consentimiento"]["required"] is True
    assert {"key": "reclamacion", "name": "Reclamación"} in attributes["tipo"]["values"]
    commitments = {v["key"] for v in attributes["compromiso"]["values"]}
    assert commitments == {str(c.id) for c in published_commitments(service.id)}
    assert [a["order"] for a in definition["attributes"]] == [1, 2, 3, 4, 5]

    by_slug = xml(client.get(f"{BASE}/services/{service.slug}.xml"))
    assert by_slug.tag == "service_definition"
    attribute = by_slug.find("attributes/attribute")
    assert [child.tag for child in attribute] == [
        "variable", "code", "datatype", "required", "datatype_description", "order",
        "description", "values",
    ]  # fmt: skip
    assert attribute.find("values/value/key") is not None


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_things_are_404_in_the_specs_error_format(client, fmt):
    assert "NO-SUCH" in assert_error(client.get(f"{BASE}/services/NO-SUCH.{fmt}"), 404, fmt)
    assert_error(client.get(f"{BASE}/requests/SQR-1999-000001.{fmt}"), 404, fmt)
    assert_error(client.get(f"{BASE}/tokens/abc.{fmt}"), 404, fmt)
    assert_error(client.get(f"{BASE}/nothing.{fmt}"), 404, fmt)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_method_not_allowed_is_a_405_in_the_specs_error_format(client, fmt):
    for method, path, allowed in (
        ("DELETE", f"{BASE}/requests.{fmt}", {"GET", "POST"}),
        ("PUT", f"{BASE}/requests.{fmt}", {"GET", "POST"}),
        ("POST", f"{BASE}/services.{fmt}", {"GET"}),
    ):
        response = client.open(path, method=method)
        assert_error(response, 405, fmt)
        assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_jurisdiction_id_must_be_this_portals_when_given(client, fmt):
    assert services.jurisdiction() == "127.0.0.1"  # the host of PUBLIC_BASE_URL
    ok = client.get(f"{BASE}/services.{fmt}?jurisdiction_id=127.0.0.1")
    assert ok.status_code == 200
    wrong = client.get(f"{BASE}/services.{fmt}?jurisdiction_id=otra.example.org")
    assert "otra.example.org" in assert_error(wrong, 404, fmt)
    with configured(client.application, OPEN311_JURISDICTION_ID="metepec.gob.mx"):
        named = client.get(f"{BASE}/services.{fmt}?jurisdiction_id=metepec.gob.mx")
        assert named.status_code == 200


# --- Creating requests ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_request_needs_a_valid_key(client, key, fmt):
    before = db.session.scalar(select(db.func.count(Feedback.id)))
    assert_error(post(client, None, fmt), 403, fmt)
    assert_error(post(client, "o311_not-a-key", fmt), 403, fmt)
    assert db.session.scalar(select(db.func.count(Feedback.id))) == before
    refused = db.session.scalars(select(AuditLog).filter_by(action="open311.key_refused")).all()
    assert len(refused) >= 2
    assert all(entry.detail is None for entry in refused)  # the key is never written down


def test_a_service_code_with_a_nul_byte_is_a_400_on_every_database(client, key):
    # PostgreSQL refuses NUL in a query: the code was looked up as sent (a 500 there).
    response = post(client, key, service_code=a_service().code + "\x00")
    assert "service_code is not a code." in assert_error(response, 400)


def test_a_request_is_created_as_the_web_form_creates_it(client, key):
    response = post(client, key)
    assert response.status_code == 201
    (created,) = response.get_json()
    assert set(created) == {"service_request_id", "service_notice", "account_id", "access_code"}
    folio = created["service_request_id"]
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.channel is Channel.API
    assert feedback.text == PRIVATE["description"]
    assert feedback.contact_name == "Rosa Cuevas"
    assert feedback.incident_place == PRIVATE["address_string"]
    assert feedback.status is FeedbackStatus.RECEIVED
    assert feedback.due_on is not None
    assert created["service_notice"] == f"Answer due by {feedback.due_on.isoformat()}."
    assert [event.kind.value for event in feedback.events] == ["created"]
    sent_by = db.session.get(ApiSubmission, feedback.id)
    assert sent_by.client.name == "Centro de llamadas"
    assert sent_by.client.last_used_at is not None
    audited = db.session.scalar(
        select(AuditLog).filter_by(
            action="open311.request_created", target_id=str(sent_by.client_id)
        )
    )
    assert audited.detail == {"feedback_id": feedback.id, "folio": folio}
    assert PRIVATE["description"] not in str(audited.detail)
    # The acknowledgment e-mail is in the outbox, as for the web form.
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.contains(folio)))
    assert message is not None and message.recipient == PRIVATE["email"]

    # The person follows it on the portal with the folio and the code the app gave them.
    tracked = client.post(
        "/es/buzon/seguimiento", data={"folio": folio, "codigo": created["access_code"]}
    )
    assert tracked.status_code == 303
    status = client.get(tracked.headers["Location"]).get_data(as_text=True)
    assert folio in status and "Recibimos su mensaje." in status


def test_staff_see_it_in_the_inbox_with_its_deadline_and_channel(open311_app, client, key):
    folio = post(client, key).get_json()[0]["service_request_id"]
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    staff = signed_in(open311_app, make_user(Role.ADMIN))
    due = format_date(feedback.due_on, "medium", locale="es_MX")
    inbox = staff.get("/admin/buzon?canal=api").get_data(as_text=True)
    assert folio in inbox and due in inbox
    item = staff.get(f"/admin/buzon/{folio}").get_data(as_text=True)
    assert "Aplicación externa (Open311)" in item and due in item


def test_the_xml_answer_carries_the_same_fields(client, key):
    root = xml(post(client, key, "xml"))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert [child.tag for child in request] == [
        "service_request_id", "service_notice", "account_id", "access_code",
    ]  # fmt: skip
    assert request.findtext("service_request_id").startswith("SQR-")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_forms_validation_refuses_what_the_web_form_refuses(client, key, fmt):
    before = db.session.scalar(select(db.func.count(Feedback.id)))
    missing = assert_error(post(client, key, fmt, description=""), 400, fmt)
    assert missing == "description: Escriba qué pasó."
    no_consent = post(client, key, fmt, **{"attribute[consentimiento]": None})
    assert "attribute[consentimiento]" in assert_error(no_consent, 400, fmt)
    email = assert_error(post(client, key, fmt, email="no-es-correo"), 400, fmt)
    assert email.startswith("email: ")
    future = (local_today() + timedelta(days=2)).isoformat()
    assert "attribute[fecha]" in assert_error(
        post(client, key, fmt, **{"attribute[fecha]": future}), 400, fmt
    )
    claim = {"attribute[tipo]": "reclamacion", "service_code": service_with_commitments().code}
    assert "attribute[compromiso]" in assert_error(post(client, key, fmt, **claim), 400, fmt)
    assert_error(post(client, key, fmt, **{"attribute[tipo]": "otra"}), 400, fmt)
    assert_error(post(client, key, fmt, service_code=None), 400, fmt)
    assert_error(post(client, key, fmt, service_code="NO-SUCH"), 404, fmt)
    assert_error(post(client, key, fmt, media_url="https://example.org/foto.jpg"), 400, fmt)
    assert db.session.scalar(select(db.func.count(Feedback.id))) == before
    refused = db.session.scalar(
        select(AuditLog).filter_by(action="open311.request_refused").order_by(AuditLog.id.desc())
    )
    assert refused.detail == {"status": 400, "fields": ["media_url"]}
    statuses = db.session.scalars(
        select(AuditLog.detail).filter_by(action="open311.request_refused")
    ).all()
    assert {"status": 400, "fields": ["attribute[compromiso]"]} in statuses
    assert {"status": 404, "fields": ["service_code"]} in statuses


def test_a_date_and_time_is_taken_as_its_day_where_the_datetime_attribute_asks_a_day(client, key):
    """The service definition declares ``fecha`` of datatype ``datetime``: a generic client
    sends a date and time, and it is the day it names in the institution's time zone."""
    yesterday = local_today() - timedelta(days=1)
    for sent in (
        f"{yesterday.isoformat()}T10:00:00",
        f"{yesterday.isoformat()}T10:00:00-06:00",
        yesterday.isoformat(),
    ):
        response = post(client, key, **{"attribute[fecha]": sent})
        assert response.status_code == 201, response.get_data(as_text=True)
        folio = response.get_json()[0]["service_request_id"]
        stored = db.session.scalar(select(Feedback).filter_by(folio=folio))
        assert stored.incident_date == yesterday, sent
    assert_error(post(client, key, **{"attribute[fecha]": "ayer"}), 400)


def test_a_claim_names_a_commitment_of_the_services_charter(client, key):
    service = service_with_commitments()
    commitment = published_commitments(service.id)[0]
    response = post(
        client,
        key,
        service_code=service.code,
        **{"attribute[tipo]": "reclamacion", "attribute[compromiso]": str(commitment.id)},
    )
    assert response.status_code == 201
    folio = response.get_json()[0]["service_request_id"]
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.type.value == "reclamacion" and feedback.commitment_id == commitment.id


def test_the_place_is_stored_as_the_web_form_stores_it(client, key):
    response = post(client, key)
    folio = response.get_json()[0]["service_request_id"]
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.incident_place == PRIVATE["address_string"]
    assert feedback.incident_coordinates == (Decimal("19.254321"), Decimal("-99.604321"))

    response = post(client, key, address_string=None, lat="19.2540", long="-99.6")
    folio = response.get_json()[0]["service_request_id"]
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.incident_place is None
    assert feedback.incident_coordinates == (Decimal("19.254"), Decimal("-99.6"))

    response = post(client, key, lat=None, long=None)
    folio = response.get_json()[0]["service_request_id"]
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    assert feedback.incident_coordinates is None


@pytest.mark.parametrize(
    ("lat", "long", "refused", "message"),
    [
        ("norte", "-99.6", "lat", "Escriba la latitud en grados con punto decimal"),
        ("91", "-99.6", "lat", "Escriba una latitud de -90 a 90."),
        ("19.25", "-181", "long", "Escriba una longitud de -180 a 180."),
        ("19.25", None, "long", "Escriba también la longitud, o borre la latitud."),
        (None, "-99.6", "lat", "Escriba también la latitud, o borre la longitud."),
    ],
)
def test_wrong_coordinates_are_refused_naming_the_parameter(client, key, lat, long, refused,
                                                            message):  # fmt: skip
    before = db.session.scalar(select(func.count()).select_from(Feedback))
    description = assert_error(post(client, key, lat=lat, long=long), 400)
    assert description.startswith(f"{refused}: {message}")
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == before


def test_a_retried_request_with_the_same_idempotency_key_creates_nothing_new(client, key):
    first = post(client, key, headers={"Idempotency-Key": "llamada-881"}).get_json()[0]
    again = post(client, key, headers={"Idempotency-Key": "llamada-881"})
    assert again.status_code == 201
    (same,) = again.get_json()
    assert same["service_request_id"] == first["service_request_id"]
    assert "access_code" not in same  # given once only


def test_an_idempotency_key_reused_for_other_values_is_refused(client, key):
    first = post(client, key, headers={"Idempotency-Key": "llamada-882"}).get_json()[0]
    before = db.session.scalar(select(func.count()).select_from(Feedback))
    other = post(client, key, headers={"Idempotency-Key": "llamada-882"}, description="Otra cosa")
    description = assert_error(other, 409)
    assert first["service_request_id"] in description
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == before
    # The answer is one the published document lists for that operation.
    listed = client.get(f"{BASE}/openapi.json").get_json()["paths"]["/requests.{format}"]
    assert "409" in listed["post"]["responses"]


# --- Reading requests ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_requests_show_public_fields_only(client, key, fmt):
    folio = post(client, key).get_json()[0]["service_request_id"]
    feedback = db.session.scalar(select(Feedback).filter_by(folio=folio))
    for url in (f"{BASE}/requests.{fmt}", f"{BASE}/requests/{folio}.{fmt}"):
        response = client.get(url)
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        for value in (*PRIVATE.values(), "Rosa Cuevas"):
            assert value not in body, (url, value)
    if fmt == "json":
        (row,) = client.get(f"{BASE}/requests/{folio}.json").get_json()
        assert list(row) == REQUEST_FIELDS
        assert row["status"] == "open" and row["status_notes"] == "Recibida"
        assert row["description"] is None and row["address"] is None
        assert row["service_code"] == feedback.service.code
        assert row["agency_responsible"] == feedback.dependency.name["es"]
        assert row["expected_datetime"].startswith(feedback.due_on.isoformat())
        assert row["requested_datetime"][-6:] in ("-06:00", "-05:00")  # with its offset
    else:
        request = xml(client.get(f"{BASE}/requests/{folio}.xml")).find("request")
        assert [child.tag for child in request] == REQUEST_FIELDS
        assert request.findtext("description") == ""


def test_requests_are_filtered_as_the_spec_says(client, key):
    service = a_service()
    folio = post(client, key, service_code=service.code).get_json()[0]["service_request_id"]

    def folios(query: str) -> list[str]:
        response = client.get(f"{BASE}/requests.json?{query}")
        assert response.status_code == 200, query
        return [row["service_request_id"] for row in response.get_json()]

    assert folio in folios(f"service_code={service.code}")
    assert folio in folios("status=open")
    assert folio not in folios("status=closed")
    assert all(
        row["status"] == "closed"
        for row in client.get(f"{BASE}/requests.json?status=closed").get_json()
    )
    assert folio not in folios("end_date=2020-01-01T00:00:00Z")
    assert folio in folios(f"start_date={local_today().isoformat()}T00:00:00")
    other = post(client, key).get_json()[0]["service_request_id"]
    assert set(folios(f"service_request_id={folio},{other}")) == {folio, other}
    assert len(folios("page_size=1")) == 1
    assert folios("page_size=1&page=2") != folios("page_size=1")
    # Both "may be declared multiple times, comma delimited".
    another = next(s for s in db.session.scalars(select(Service)) if s.id != service.id)
    assert folio in folios(f"service_code={another.code},{service.code}")
    assert folio in folios(f"service_code={another.code}&service_code={service.code}")
    assert folio not in folios(f"service_code={another.code}")
    assert folio in folios("status=open,closed") and folio in folios("status=closed,open")


@pytest.mark.parametrize(
    "query",
    ["status=pending", "status=open,pending", "start_date=ayer", "page_size=1001", "page=0",
     "page=%C2%B2", "page_size=%D9%A3", "end_date=0001-01-01", "start_date=9999-12-31",
     "start_date=2026-12-01T00:00:00Z&end_date=2026-11-01T00:00:00Z"],
)  # fmt: skip
def test_a_wrong_filter_is_a_400(client, query):
    assert_error(client.get(f"{BASE}/requests.json?{query}"), 400)
    assert_error(client.get(f"{BASE}/requests.xml?{query}"), 400, "xml")


# --- Keys --------------------------------------------------------------------------------------


def test_an_admin_issues_and_revokes_a_key_and_both_are_audited(open311_app, client):
    admin = make_user(Role.ADMIN)
    staff = signed_in(open311_app, admin)
    page = staff.get("/admin/institucion/claves-api")
    assert page.status_code == 200
    refused = staff.post("/admin/institucion/claves-api", data={"nombre": "", "contacto": "x"})
    assert refused.status_code == 400
    assert "Escriba el nombre de la aplicación." in refused.get_data(as_text=True)
    issued = staff.post(
        "/admin/institucion/claves-api",
        data={"nombre": "Quiosco del mercado", "contacto": "quiosco@example.org"},
    )
    assert issued.status_code == 303
    shown = staff.get(issued.headers["Location"]).get_data(as_text=True)
    key = shown.split('<code class="api-key">')[1].split("</code>")[0]
    assert key.startswith("o311_")
    assert key not in staff.get("/admin/institucion/claves-api").get_data(as_text=True)  # once
    entry = db.session.scalar(select(AuditLog).filter_by(action="api_key.issued").order_by(
        AuditLog.id.desc()))  # fmt: skip
    assert entry.user_id == admin.id and key not in str(entry.detail)
    client_row = services.client_for_key(key)
    assert client_row.key_hash != key and len(client_row.key_hash) == 64  # stored hashed

    assert post(client, key).status_code == 201
    revoked = staff.post(f"/admin/institucion/claves-api/{client_row.id}/revocar")
    assert revoked.status_code == 303
    assert "Se revocó la clave" in staff.get(revoked.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(
        select(AuditLog).filter_by(action="api_key.revoked", target_id=str(client_row.id))
    )
    assert_error(post(client, key), 403)
    assert staff.post("/admin/institucion/claves-api/987654/revocar").status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.VIEWER])
def test_only_administrators_manage_keys(open311_app, client, role):
    dependency = None if role.sees_everything else db.session.scalar(select(Dependency))
    staff = signed_in(open311_app, make_user(role, dependency))
    assert staff.get("/admin/institucion/claves-api").status_code == 403
    assert (
        staff.post(
            "/admin/institucion/claves-api", data={"nombre": "X", "contacto": "x@example.org"}
        ).status_code
        == 403
    )


def test_each_key_is_rate_limited(tmp_path, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    application = make_app(
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        RATELIMIT_ENABLED=True,
        RATELIMIT_OPEN311_POST="2/minute",
    )
    with application.app_context():
        db.create_all()
        _row, first = services.issue_key("Uno", "uno@example.org", None, ip=None)
        _row, second = services.issue_key("Dos", "dos@example.org", None, ip=None)
        client = application.test_client()
        data = {"service_code": "NO-SUCH"}
        statuses = [
            client.post(f"{BASE}/requests.json", data={**data, "api_key": first}).status_code
            for _ in range(3)
        ]
        assert statuses == [404, 404, 429]
        assert_error(client.post(f"{BASE}/requests.xml", data={**data, "api_key": first}), 429,
                     "xml")  # fmt: skip
        other = client.post(f"{BASE}/requests.json", data={**data, "api_key": second})
        assert other.status_code == 404  # another key has its own budget
        # Made-up keys share the address's budget: each one does not get a budget of its own.
        guessing = application.test_client()
        guessing.environ_base["REMOTE_ADDR"] = "10.0.0.9"
        made_up = [
            guessing.post(
                f"{BASE}/requests.json", data={**data, "api_key": f"o311_made-up-{n}"}
            ).status_code
            for n in range(3)
        ]
        assert made_up == [403, 403, 429]
        db.engine.dispose()


def test_the_openapi_document_is_valid_and_true(client, key):
    document = client.get(f"{BASE}/openapi.json").get_json()
    validate_openapi(document, cls=OpenAPIV31SpecValidator)
    schemas = document["components"]["schemas"]

    def check(template: str, url: str, method="get", status="200", **options):
        response = getattr(client, method)(url, **options)
        assert str(response.status_code) == status, url
        declared = document["paths"][template][method]["responses"][status]
        schema = declared["content"]["application/json"]["schema"]
        Draft202012Validator({**schema, "components": {"schemas": schemas}}).validate(
            response.get_json()
        )

    code = a_service().code
    folio = post(client, key).get_json()[0]["service_request_id"]
    check("/services.{format}", f"{BASE}/services.json")
    check("/services/{service_code}.{format}", f"{BASE}/services/{code}.json")
    check("/requests.{format}", f"{BASE}/requests.json")
    check("/requests/{service_request_id}.{format}", f"{BASE}/requests/{folio}.json")
    check("/requests.{format}", f"{BASE}/requests.json", "post", "201",
          data={"api_key": key, "service_code": code, "description": "Sin agua.",
                "attribute[consentimiento]": "si"})  # fmt: skip
    check("/requests.{format}", f"{BASE}/requests.json", "post", "403", data={})
    check("/tokens/{token}.{format}", f"{BASE}/tokens/x.json", status="404")


def test_the_keys_page_is_valid_html(open311_app, client, tmp_path):
    staff = signed_in(open311_app, make_user(Role.ADMIN))
    refused = staff.post("/admin/institucion/claves-api", data={"nombre": "", "contacto": ""})
    issued = staff.post(
        "/admin/institucion/claves-api", data={"nombre": "Chat", "contacto": "chat@example.org"}
    )
    shown = staff.get(issued.headers["Location"])
    pages = {"keys with errors": refused.data, "key issued": shown.data}
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
