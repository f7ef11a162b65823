"""Open data at ``/api/v1``: JSON lists and items, CSV files and the OpenAPI document.

Every resource of the registry gets three GET endpoints (``/<name>``, ``/<name>.csv``,
``/<name>/<id or slug>``), added when the blueprint is registered. Errors under the prefix are
JSON (see ``app/core/errors.py``); every response there is open to any origin, and successful
ones are cacheable with an ETag.
"""

from __future__ import annotations

import re

import orjson
from flask import Blueprint, Response, current_app, request, stream_with_context, url_for
from werkzeug.exceptions import BadRequest, NotFound

from app.api.openapi import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    PREFIX,
    document,
    license_of_the_data,
    title,
)
from app.api.registry import Resource, registry, to_json
from app.api.services import catalog, charters, reading, results
from app.core.errors import JSON_PREFIX
from app.extensions import limiter

# The resources, in the order of the index and of the OpenAPI document.
for resource in (*catalog.RESOURCES, *charters.RESOURCES, *results.RESOURCES):
    registry.add(resource)

bp = Blueprint("api", __name__, url_prefix=PREFIX)
# One budget per client address for the whole API, not one per endpoint.
limiter.shared_limit(lambda: current_app.config["RATELIMIT_API"], scope="open-data")(bp)

CACHE_SECONDS = 300
NUMBER = re.compile(r"^[0-9]{1,9}$")


# Dates, times and dataclasses go through ``to_json`` as with the standard library's encoder,
# and so do keys that are not text: the same JSON, written several times faster (a page of
# services is 100 KB).
_AS_TO_JSON = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_AS_TO_JSON |= orjson.OPT_NON_STR_KEYS


def _json(payload) -> Response:
    body = orjson.dumps(payload, default=to_json, option=_AS_TO_JSON)
    return Response(body, mimetype="application/json")


@bp.get("/")
def index():
    return _json(
        {
            "name": title(),
            "description": "Public information and aggregates only, never personal data. Lists "
            "are paginated; the CSV files hold whole datasets. See the OpenAPI document.",
            "license": license_of_the_data(),
            "openapi": url_for(".openapi", _external=True),
            "datapackage": url_for("open_data_package.datapackage", _external=True),
            "catalog": url_for("open_data_package.catalog", _external=True),
            # What other modules serve under this address (the work programs), without the
            # paths that take a value.
            "more": [
                url_for(".index", _external=True).rstrip("/") + path
                for path in sorted(registry.paths)
                if "{" not in path and path not in ("/datapackage.json", "/catalog.jsonld")
            ],
            "resources": [
                {
                    "name": resource.name,
                    "description": resource.description,
                    "url": url_for(f".{resource.endpoint}_list", _external=True),
                    "csv": url_for(f".{resource.endpoint}_csv", _external=True),
                }
                for resource in registry.resources.values()
            ],
        }
    )


@bp.get("/openapi.json")
def openapi():
    return _json(document(registry))


def page_number(name: str, default: int, maximum: int) -> int:
    """A paging argument of the query string; raises ``BadRequest`` (a JSON 400) otherwise."""
    text = request.args.get(name)
    if text is None:
        return default
    if not NUMBER.match(text) or not 1 <= int(text) <= maximum:
        raise BadRequest(f"{name} must be an integer from 1 to {maximum}.")
    return int(text)


def _filters(resource: Resource) -> tuple[dict, dict]:
    """The resource's filters given in the query string: parsed values, and the texts as given
    (for links). Raises ``BadRequest`` naming the filter when a value is not valid."""
    parsed, given = {}, {}
    for f in resource.filters:
        text = request.args.get(f.name)
        if text is None:
            continue
        try:
            parsed[f.name] = f.parse(text)
        except ValueError as error:
            raise BadRequest(f"{f.name} {error}.") from None
        given[f.name] = text
    return parsed, given


def list_view(resource: Resource):
    page = page_number("page", 1, MAX_PAGE)
    per_page = page_number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    filters, given = _filters(resource)
    result = reading.page_of(resource, filters, page, per_page)
    last = max(result.pages, 1)

    def link(number: int) -> str:
        return url_for(request.endpoint, **given, page=number, per_page=per_page, _external=True)

    return _json(
        {
            "data": result.rows,
            "meta": {
                "page": page,
                "per_page": per_page,
                "total": result.total,
                "pages": result.pages,
            },
            "links": {
                "self": link(page),
                "next": link(page + 1) if page < result.pages else None,
                "prev": link(min(page - 1, last)) if page > 1 else None,
                "first": link(1),
                "last": link(last),
            },
        }
    )


def csv_view(resource: Resource):
    filters, _given = _filters(resource)
    # Hashing the file first costs a second pass over the rows, but it keeps the ETag exact
    # while the file itself streams in batches.
    etag = reading.csv_etag(resource, filters)
    # Weakly: a proxy that compresses the file marks its ETag weak (W/"…").
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        lines = stream_with_context(reading.csv_lines(resource, filters))
        response = Response(lines, mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{resource.name}.csv"'
    response.set_etag(etag)
    return response


def item_view(resource: Resource, **values):
    (key,) = values.values()
    row = reading.item(resource, str(key))
    if row is None:
        raise NotFound(f"There is no item {key} in {resource.name}.")
    return _json({"data": row})


@bp.record
def _resource_rules(state) -> None:
    """The endpoints of every registered resource (including those other modules added)."""
    for resource in registry.resources.values():
        name, endpoint = resource.name, resource.endpoint
        key = "<key>" if resource.slug_column is not None else "<int:id>"
        for rule, suffix, view in (
            (f"/{name}", "list", list_view),
            (f"/{name}.csv", "csv", csv_view),
            (f"/{name}/{key}", "item", item_view),
        ):
            state.add_url_rule(rule, f"{endpoint}_{suffix}", _bound(view, resource, suffix))


def _bound(view, resource: Resource, suffix: str):
    """``view`` for one resource, as a named function (extensions identify views by name)."""

    def bound(**values):
        return view(resource, **values)

    bound.__name__ = bound.__qualname__ = f"{resource.endpoint}_{suffix}"
    return bound


@bp.after_app_request
def _open_data_headers(response: Response) -> Response:
    """Open to every origin; successful reads cacheable for five minutes with an ETag, and
    answered 304 when the client's copy is current. Applies to every blueprint under the
    prefix (and to its errors)."""
    if not request.path.startswith(JSON_PREFIX):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Content-Disposition"
    if request.method == "OPTIONS":  # a browser's preflight, e.g. for If-None-Match
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
        response.cache_control.public = True
        response.cache_control.max_age = CACHE_SECONDS
        if response.status_code == 200 and not response.is_streamed:
            if "ETag" not in response.headers:
                response.add_etag()
            response.make_conditional(request)
    else:
        response.cache_control.no_store = True
    return response
