"""The OpenAPI 3.1 document of ``/open311/v2`` (served at ``/open311/v2/openapi.json``)."""

from __future__ import annotations

from app.open311.services import DEFAULT_DAYS, DEFAULT_PAGE_SIZE, MAX_IDS, MAX_PAGE_SIZE

DESCRIPTION = f"""\
[Open311 GeoReport v2](http://wiki.open311.org/GeoReport_v2) over the portal's feedback mailbox:
services are the catalog's procedures and services; service requests are suggestions,
complaints, claims and compliments.

* **Formats**: every resource ends in `.json` or `.xml` (the spec's XML elements).
* **jurisdiction_id** is optional (one jurisdiction); when given it must be this portal's
  (`OPEN311_JURISDICTION_ID`, by default the host of the portal's address), otherwise 404.
* **Creating requests** needs an `api_key` that the institution's administrators issue per
  client application (and may revoke). The request is validated as the web form validates it:
  `description` is required, and so is `attribute[consentimiento]=si` (the person accepted the
  privacy notice). The answer gives the `service_request_id` (the folio) and, once, the
  `access_code` with which the person follows it on the portal. Send an `Idempotency-Key` header
  to make a retry safe. `media_url` is refused: files are attached through the web form. Where
  it happened is `address_string` and/or `lat` and `long` (decimal degrees, WGS 84, both or
  neither, kept to 6 decimals), all optional, stored as the web form stores them.
* **Reading requests** shows public fields only: never the person's text, place, contact or
  files. `status_notes` is the detailed status. Without `service_request_id` the list covers the
  last {DEFAULT_DAYS} days (or {DEFAULT_DAYS} days from `start_date` or up to `end_date`),
  newest first, `page_size` (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}) at a time.
* **Errors** are the spec's: `[{{"code", "description"}}]`, `<errors><error>` in XML.
* **Limits**: reads share the open data's limit per client address; requests created per key
  are limited by `RATELIMIT_OPEN311_POST` (429 with Retry-After).
"""


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _string(nullable: bool = False, **extra) -> dict:
    return {"type": ["string", "null"] if nullable else "string", **extra}


def _answer(description: str, schema: dict) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": schema},
            "text/xml": {"schema": {"type": "string"}},
        },
    }


def _errors(*codes: int) -> dict:
    meaning = {
        400: "A parameter is not valid (the description says which).",
        403: "The api_key is missing, unknown or revoked.",
        404: "No such service, request, token or jurisdiction.",
        409: "The Idempotency-Key was already used for a request with other values.",
        429: "Too many requests; try again after Retry-After seconds.",
    }
    return {str(code): _answer(meaning[code], _ref("Errors")) for code in codes}


def _parameter(name: str, where: str, description: str, schema: dict, required=False) -> dict:
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema,
    }


FORMAT = _parameter("format", "path", "json or xml.", {"enum": ["json", "xml"]}, True)
JURISDICTION = _parameter("jurisdiction_id", "query", "This portal's jurisdiction.", _string())
REQUEST_FIELDS = {
    "service_request_id": _string(description="The folio, e.g. SQR-2026-000123."),
    "status": {"enum": ["open", "closed"]},
    "status_notes": _string(description="The detailed status (received, answered…)."),
    "service_name": _string(True),
    "service_code": _string(True),
    "description": {"type": "null", "description": "Never published."},
    "agency_responsible": _string(True, description="The dependency responsible."),
    "service_notice": {"type": "null"},
    "requested_datetime": _string(format="date-time"),
    "updated_datetime": _string(format="date-time"),
    "expected_datetime": _string(True, format="date-time", description="The answer's due date."),
    **{name: {"type": "null", "description": "Never published."}
       for name in ("address", "address_id", "zipcode", "lat", "long", "media_url")},
}  # fmt: skip
SCHEMAS = {
    "Errors": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
            "required": ["code", "description"],
        },
    },
    "Service": {
        "type": "object",
        "properties": {
            "service_code": _string(description="The service's code (homoclave)."),
            "service_name": _string(),
            "description": _string(),
            "metadata": {"type": "boolean"},
            "type": {"enum": ["realtime"]},
            "keywords": _string(description="Comma-separated."),
            "group": _string(description="The topic."),
        },
        "required": ["service_code", "service_name", "metadata", "type"],
    },
    "ServiceDefinition": {
        "type": "object",
        "properties": {
            "service_code": _string(),
            "attributes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "variable": {"type": "boolean"},
                        "code": _string(),
                        "datatype": {"enum": ["string", "datetime", "singlevaluelist"]},
                        "required": {"type": "boolean"},
                        "datatype_description": _string(),
                        "order": {"type": "integer"},
                        "description": _string(),
                        "values": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"key": _string(), "name": _string()},
                            },
                        },
                    },
                },
            },
        },
        "required": ["service_code", "attributes"],
    },
    "ServiceRequest": {
        "type": "object",
        "properties": REQUEST_FIELDS,
        "required": list(REQUEST_FIELDS),
    },
    "CreatedRequest": {
        "type": "object",
        "properties": {
            "service_request_id": _string(),
            "service_notice": _string(True, description="When the answer is due."),
            "account_id": {"type": "null"},
            "access_code": _string(
                description="Given once, when the request is created: the person follows it on "
                "the portal with the folio and this code."
            ),
        },
        "required": ["service_request_id"],
    },
    "Discovery": {"type": "object"},
}
NEW_REQUEST = {
    "type": "object",
    "properties": {
        "api_key": _string(),
        "jurisdiction_id": _string(),
        "service_code": _string(),
        "description": _string(maxLength=4000),
        "address_string": _string(maxLength=300),
        "lat": {
            "type": "number",
            "minimum": -90,
            "maximum": 90,
            "description": "Decimal degrees (WGS 84); with long.",
        },
        "long": {
            "type": "number",
            "minimum": -180,
            "maximum": 180,
            "description": "Decimal degrees (WGS 84); with lat.",
        },
        "email": _string(format="email"),
        "first_name": _string(),
        "last_name": _string(),
        "phone": _string(),
        "attribute[tipo]": {"enum": ["sugerencia", "queja", "reclamacion", "felicitacion"]},
        "attribute[consentimiento]": {"enum": ["si"]},
        "attribute[fecha]": _string(format="date"),
        "attribute[idioma]": _string(),
        "attribute[compromiso]": _string(),
    },
    "required": ["api_key", "service_code", "description", "attribute[consentimiento]"],
}


def _get(operation: str, summary: str, parameters: list, answer: dict, *errors: int) -> dict:
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "parameters": [FORMAT, JURISDICTION, *parameters],
            "responses": {"200": answer, **_errors(*errors)},
        }
    }


def document() -> dict:
    """The document: the spec's six methods and the discovery file."""
    listed = {"type": "array", "items": _ref("ServiceRequest")}
    filters = [
        _parameter("service_request_id", "query", f"Folios, comma-separated (at most {MAX_IDS}).",
                   _string()),
        _parameter("service_code", "query", "Code or slug of the service.", _string()),
        _parameter("status", "query", "open or closed.", {"enum": ["open", "closed"]}),
        _parameter("start_date", "query", "Received from (ISO 8601).", _string(format="date-time")),
        _parameter("end_date", "query", "Received until (ISO 8601).", _string(format="date-time")),
        _parameter("page", "query", "Page, from 1.", {"type": "integer", "minimum": 1}),
        _parameter("page_size", "query", "Requests per page.",
                   {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}),
    ]  # fmt: skip
    requests = _get(
        "list_requests", "Service requests (public fields)", filters,
        _answer("Requests, newest first.", listed), 400, 404, 429,
    )  # fmt: skip
    requests["post"] = {
        "operationId": "create_request",
        "summary": "Create a service request (a feedback item), as the web form does",
        "parameters": [FORMAT],
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": NEW_REQUEST}},
        },
        "responses": {
            "201": _answer("Created.", {"type": "array", "items": _ref("CreatedRequest")}),
            **_errors(400, 403, 404, 409, 429),
        },
    }
    key = _parameter("service_code", "path", "Code or slug of the service.", _string(), True)
    folio = _parameter("service_request_id", "path", "The folio.", _string(), True)
    token = _parameter("token", "path", "A token.", _string(), True)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Open311 GeoReport v2", "version": "2", "description": DESCRIPTION},
        "servers": [{"url": "/open311/v2"}],
        "paths": {
            "/discovery.{format}": _get(
                "discovery",
                "Where the endpoint is and what it speaks",
                [],
                _answer("The discovery file.", _ref("Discovery")),
            ),
            "/services.{format}": _get(
                "list_services",
                "The catalog's services",
                [],
                _answer("Services.", {"type": "array", "items": _ref("Service")}),
                429,
            ),
            "/services/{service_code}.{format}": _get(
                "get_service_definition",
                "What a request about the service may carry",
                [key],
                _answer("Its attributes.", _ref("ServiceDefinition")),
                404,
                429,
            ),
            "/requests.{format}": requests,
            "/requests/{service_request_id}.{format}": _get(
                "get_request",
                "One service request (public fields)",
                [folio],
                _answer("The request.", listed),
                404,
                429,
            ),
            "/tokens/{token}.{format}": _get(
                "get_token",
                "Requests get their id at once: every token is unknown",
                [token],
                _answer("Never sent.", listed),
                404,
            ),
        },  # fmt: skip
        "components": {"schemas": SCHEMAS},
    }
