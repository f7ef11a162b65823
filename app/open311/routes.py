"""``/open311/v2``: Open311 GeoReport v2 in JSON and XML (the format is the path's extension).

Errors are the spec's: a list of ``{"code", "description"}`` (``<errors><error>`` in XML), with
the HTTP status of the code. Reads are public and limited per client address like the open data;
creating a request needs a client application's key and is limited per key.
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, current_app, request, url_for
from flask_limiter.util import get_remote_address
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from app.core import ratelimit
from app.core.errors import answer_errors_under, error_headers
from app.extensions import csrf, limiter
from app.open311 import openapi as openapi_document
from app.open311 import services
from app.open311.services import Open311Error

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
csrf.exempt(bp)  # client applications authenticate with their key, not a browser session
limiter.shared_limit(lambda: current_app.config["RATELIMIT_API"], scope="open311")(bp)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMAT = "<any(json, xml):fmt>"
MIMETYPES = {"json": "application/json", "xml": "text/xml"}
# The element of each item of a list, in XML.
ITEMS = {"attributes": "attribute", "values": "value", "endpoints": "endpoint",
         "formats": "format"}  # fmt: skip
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(escape(NOT_XML.sub("", str(value))))


def _xml(tag: str, value) -> str:
    if isinstance(value, dict):
        inner = "".join(_xml(key, item) for key, item in value.items())
    elif isinstance(value, list):
        inner = "".join(_xml(ITEMS[tag], item) for item in value)
    else:
        inner = _xml_value(value)
    return f"<{tag}>{inner}</{tag}>"


def respond(fmt: str, payload, root: str, item: str | None = None, status: int = 200):
    """``payload`` (a list of dicts with ``item``, or one dict) as JSON or as the spec's XML."""
    if fmt == "json":
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    else:
        inner = (
            "".join(_xml(item, row) for row in payload)
            if item
            else "".join(_xml(k, v) for k, v in payload.items())
        )
        body = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}>{inner}</{root}>'
    response = Response(body, status=status, mimetype=MIMETYPES[fmt])
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _format() -> str:
    """The format asked for, to answer an error in it (XML, the spec's required one, if none)."""
    return "json" if request.path.endswith(".json") else "xml"


@bp.errorhandler(Open311Error)
def _refused(error: Open311Error):
    errors = [{"code": error.code, "description": error.description}]
    return respond(_format(), errors, "errors", "error", status=error.code)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    code = error.code or 500
    description = (
        "The server could not answer; please try again later."
        if code >= 500
        else f"Too many requests ({error.description}); please try again later."
        if code == 429
        else error.description
    )
    response = respond(_format(), [{"code": code, "description": description}], "errors",
                       "error", status=code)  # fmt: skip
    response.headers.update(error_headers(error))
    if code == 429:
        response.headers["Retry-After"] = str(ratelimit.seconds_to_wait())
    return response


# Also the errors no view of the interface sees: a method not allowed, the database away.
bp.record_once(lambda state: answer_errors_under(state.app, "/open311/", _http_error))


@bp.before_request
def _check_jurisdiction():
    """One jurisdiction: a jurisdiction_id, when given, must be this portal's."""
    given = request.values.get("jurisdiction_id")
    if given is not None and given != services.jurisdiction():
        raise Open311Error(404, f"There is no jurisdiction {given} here.")


@bp.get(f"/discovery.{FORMAT}")
def discovery(fmt: str):
    base = url_for(".services_list", fmt="json", _external=True).removesuffix("/services.json")
    return respond(
        fmt,
        {
            "changeset": "2026-12-04T00:00:00Z",
            "contact": url_for("pages.home", lang="es", _external=True),
            "key_service": "Keys are issued by the institution's administrators.",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base,
                    "changeset": "2026-12-04T00:00:00Z",
                    "type": "production",
                    "formats": list(MIMETYPES.values()),
                }
            ],
        },
        "discovery",
    )


@bp.get("/openapi.json")
def openapi():
    return respond("json", openapi_document.document(), "openapi")


@bp.get(f"/services.{FORMAT}")
def services_list(fmt: str):
    return respond(fmt, services.services(), "services", "service")


@bp.get(f"/services/<code>.{FORMAT}")
def service_definition(code: str, fmt: str):
    return respond(fmt, services.definition(services.find_service(code)), "service_definition")


@bp.get(f"/requests.{FORMAT}")
def requests_list(fmt: str):
    rows = services.find_requests(services.parse_query(request.args))
    return respond(fmt, rows, "service_requests", "request")


def _by_key() -> str:
    """Requests count per client application's key; per address when none is sent, or one
    that is not a client's (made-up keys must not each get a budget of their own)."""
    key = request.form.get("api_key")
    if not key or services.client_for_key(key) is None:
        return ratelimit.by_address()
    return f"{current_app.config['CACHE_KEY_PREFIX']}api-key:{services.key_digest(key)[:16]}"


@bp.post(f"/requests.{FORMAT}")
@limiter.limit(lambda: current_app.config["RATELIMIT_OPEN311_POST"], key_func=_by_key)
def create_request(fmt: str):
    client = services.client_for_key(request.form.get("api_key"))
    if client is None:
        services.refuse_key(ip=get_remote_address())
        raise Open311Error(403, "api_key is missing, unknown or revoked.")
    created = services.create_request(
        client,
        request.form,
        idempotency_key=request.headers.get("Idempotency-Key"),
        ip=get_remote_address(),
    )
    feedback = created.feedback
    row = {
        "service_request_id": feedback.folio,
        "service_notice": f"Answer due by {feedback.due_on.isoformat()}."
        if feedback.due_on
        else None,
        "account_id": None,
    }
    if created.access_code is not None:
        # Given once: the person follows the request with the folio and this code.
        row["access_code"] = created.access_code
    return respond(fmt, [row], "service_requests", "request", status=201)


@bp.get(f"/requests/<folio>.{FORMAT}")
def request_item(folio: str, fmt: str):
    return respond(fmt, [services.find_request(folio)], "service_requests", "request")


@bp.get(f"/tokens/<token>.{FORMAT}")
def token(token: str, fmt: str):
    # Requests are created at once and answered with their service_request_id: no tokens.
    raise Open311Error(404, f"There is no token {token}: requests get their id at once.")


@bp.get("/<path:anything>")
def unknown(anything: str):
    raise Open311Error(404, "There is no such Open311 resource; see discovery.xml.")
