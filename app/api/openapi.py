"""The OpenAPI 3.1 document of ``/api/v1``, generated from the registry of resources."""

from __future__ import annotations

from flask import current_app

from app.api.registry import MAX_INTEGER, TEXT_SCHEMA, Registry, Resource
from app.core.i18n import LANGUAGES
from app.core.types import PERIOD_CODE
from app.institution.services import identity

PREFIX = "/api/v1"
DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_PAGE = 50, 500, 10_000_000
# The content languages as the document lists them: `name_es`, `name_en`…; es, en…
NAME_COLUMNS = ", ".join(f"`name_{code}`" for code in LANGUAGES)
LANGUAGE_CODES = ", ".join(LANGUAGES)

DESCRIPTION = f"""\
Open data of the citizen-charter portal: the catalog of procedures and services, the citizen
charters with their commitments and indicators, the measured results and the published quarterly
reports. Only public information and aggregates: never personal data.

* **Pagination**: lists take `page` (from 1) and `per_page` (default {DEFAULT_PER_PAGE}, at most
  {MAX_PER_PAGE}) and answer `{{"data": [...], "meta": {{"page", "per_page", "total", "pages"}},
  "links": {{"self", "next", "prev", "first", "last"}}}}`; rows are ordered by `id`.
* **CSV**: every list is also a CSV file at `<resource>.csv` (UTF-8, a header row) with the same
  fields and filters. CSV files are **not paginated**: each one is the whole dataset. Translated
  fields take one column per language ({NAME_COLUMNS}), lists are joined with ` | `, objects
  are JSON text. Rows listed inside another row's JSON (a service's `recordings`) are left out
  of its CSV file: they have a CSV file of their own.
* **Recordings**: a service's description and requirements read aloud, per language, with
  their transcripts and the absolute `url` of the audio file (served with range requests).
  Those of a retired service are not published.
* **Types**: translated texts are objects by language code (Spanish is always present); dates and
  times are ISO 8601 (times in UTC); decimal quantities are JSON numbers, exact to the two decimal
  places the portal stores; periods are codes: a year `2026`, a quarter `2026-T3`, a month
  `2026-M07`.
* **Caching**: responses carry `ETag` and `Cache-Control: public, max-age=300`; send
  `If-None-Match` to get `304 Not Modified` when nothing changed. CORS is open to every origin.
* **Errors** are JSON: `{{"error": {{"status", "message"}}}}`.
* **Self-description**: `datapackage.json` is a Frictionless Data Package of every CSV with its
  Table Schema; `catalog.jsonld` a DCAT catalogue. Feedback as Open311 GeoReport v2 service
  requests has its own document at `/open311/v2/openapi.json`.
"""


def title() -> str:
    """The name of the API, with the institution's (in English when it has one)."""
    name = identity().name
    name = name.get("en") or name.get("es")
    return (
        f"{name}: open data of the citizen charters"
        if name
        else "Open data of the citizen charters"
    )


def license_of_the_data() -> dict:
    """The licence of the open data (name and URL), as the institution configured it."""
    config = current_app.config
    return {"name": config["OPEN_DATA_LICENSE"], "url": config["OPEN_DATA_LICENSE_URL"]}


def _ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json_response(schema: dict, description: str, **extra) -> dict:
    return {
        "description": description,
        "headers": {
            "ETag": _ref("headers", "ETag"),
            "Cache-Control": _ref("headers", "CacheControl"),
        },
        "content": {"application/json": {"schema": schema}},
        **extra,
    }


def _filter_parameters(resource: Resource) -> list[dict]:
    return [
        {
            "name": f.name,
            "in": "query",
            "required": False,
            "description": f.description,
            "schema": f.schema,
        }
        for f in resource.filters
    ]


def _resource_paths(resource: Resource) -> dict[str, dict]:
    name, schema = resource.name, resource.schema_name
    errors = {
        "304": _ref("responses", "NotModified"),
        "400": _ref("responses", "BadRequest"),
        "429": _ref("responses", "TooManyRequests"),
    }
    key = {
        "name": "key" if resource.slug_column is not None else "id",
        "in": "path",
        "required": True,
        "description": "Identifier or slug." if resource.slug_column is not None else "Identifier.",
        "schema": TEXT_SCHEMA
        if resource.slug_column is not None
        else {"type": "integer", "minimum": 1, "maximum": MAX_INTEGER},
    }
    return {
        f"/{name}": {
            "get": {
                "tags": [name],
                "operationId": f"list_{resource.endpoint}",
                "summary": f"List {name} (paginated)",
                "description": resource.description,
                "parameters": [
                    _ref("parameters", "page"),
                    _ref("parameters", "per_page"),
                    *_filter_parameters(resource),
                ],
                "responses": {
                    "200": _json_response(
                        _ref("schemas", f"{schema}List"),
                        f"A page of {name}.",
                        links={
                            "first_item": {
                                "operationId": f"get_{resource.endpoint}",
                                "parameters": {key["name"]: "$response.body#/data/0/id"},
                                "description": "The first row of the page, on its own.",
                            }
                        },
                    ),
                    **errors,
                },
            }
        },
        f"/{name}.csv": {
            "get": {
                "tags": [name],
                "operationId": f"csv_{resource.endpoint}",
                "summary": f"All {name} as CSV (not paginated)",
                "description": f"{resource.description} The whole dataset (not paginated), with "
                "the fields of the JSON list flattened and the same filters.",
                "parameters": _filter_parameters(resource),
                "responses": {
                    "200": {
                        "description": f"A CSV file of {name}: a header row, then one row each.",
                        "headers": {
                            "ETag": _ref("headers", "ETag"),
                            "Cache-Control": _ref("headers", "CacheControl"),
                            "Content-Disposition": {
                                "description": f'attachment; filename="{name}.csv"',
                                "schema": {"type": "string"},
                            },
                        },
                        "content": {"text/csv": {"schema": {"type": "string"}}},
                    },
                    **errors,
                },
            }
        },
        f"/{name}/{{{key['name']}}}": {
            "get": {
                "tags": [name],
                "operationId": f"get_{resource.endpoint}",
                "summary": f"One of the {name}",
                "parameters": [key],
                "responses": {
                    "200": _json_response(
                        {
                            "type": "object",
                            "properties": {"data": _ref("schemas", schema)},
                            "required": ["data"],
                            "additionalProperties": False,
                        },
                        f"One of the {name}.",
                    ),
                    "304": _ref("responses", "NotModified"),
                    "404": _ref("responses", "NotFound"),
                    "429": _ref("responses", "TooManyRequests"),
                },
            }
        },
    }


def _list_schema(resource: Resource) -> dict:
    return {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": _ref("schemas", resource.schema_name)},
            "meta": _ref("schemas", "PageMeta"),
            "links": _ref("schemas", "PageLinks"),
        },
        "required": ["data", "meta", "links"],
        "additionalProperties": False,
    }


def _url(nullable: bool = False) -> dict:
    return {"type": ["string", "null"] if nullable else "string", "format": "uri"}


def _common_schemas(registry: Registry) -> dict:
    names = list(registry.resources)
    return {
        "Translated": {
            "type": "object",
            "description": f"A text by language code ({LANGUAGE_CODES}); Spanish is always "
            "present, other languages when translated.",
            "properties": {"es": {"type": "string"}},
            "required": ["es"],
            "additionalProperties": {"type": "string"},
        },
        "Period": {
            "type": "string",
            "description": "A year (2026), a quarter (2026-T3) or a month (2026-M07).",
            "pattern": f"^{PERIOD_CODE}$",
        },
        "PageMeta": {
            "type": "object",
            "properties": {
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                "total": {"type": "integer", "minimum": 0, "description": "Rows in all pages."},
                "pages": {"type": "integer", "minimum": 0},
            },
            "required": ["page", "per_page", "total", "pages"],
            "additionalProperties": False,
        },
        "PageLinks": {
            "type": "object",
            "properties": {
                "self": _url(),
                "first": _url(),
                "last": _url(),
                "next": _url(nullable=True),
                "prev": _url(nullable=True),
            },
            "required": ["self", "next", "prev", "first", "last"],
            "additionalProperties": False,
        },
        "Error": {
            "type": "object",
            "properties": {
                "error": {
                    "type": "object",
                    "properties": {
                        "status": {"type": "integer"},
                        "message": {"type": "string"},
                    },
                    "required": ["status", "message"],
                    "additionalProperties": False,
                }
            },
            "required": ["error"],
            "additionalProperties": False,
        },
        "Index": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "description": {"type": "string"},
                "license": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "url": _url()},
                    "required": ["name", "url"],
                    "additionalProperties": False,
                },
                "openapi": _url(),
                "datapackage": _url(),
                "catalog": _url(),
                "more": {"type": "array", "items": _url()},
                "resources": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "enum": names},
                            "description": {"type": "string"},
                            "url": _url(),
                            "csv": _url(),
                        },
                        "required": ["name", "description", "url", "csv"],
                        "additionalProperties": False,
                    },
                },
            },
            "required": [
                "name",
                "description",
                "license",
                "openapi",
                "datapackage",
                "catalog",
                "more",
                "resources",
            ],
            "additionalProperties": False,
        },
    }


def _components(registry: Registry) -> dict:
    schemas = _common_schemas(registry)
    for resource in registry.resources.values():
        schemas[resource.schema_name] = resource.item_schema()
        schemas[f"{resource.schema_name}List"] = _list_schema(resource)
    schemas.update(registry.schemas)

    def error(description: str) -> dict:
        return {
            "description": description,
            "content": {"application/json": {"schema": _ref("schemas", "Error")}},
        }

    return {
        "schemas": schemas,
        "parameters": {
            "page": {
                "name": "page",
                "in": "query",
                "required": False,
                "description": "Page number, from 1; a page past the last one is empty.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
            },
            "per_page": {
                "name": "per_page",
                "in": "query",
                "required": False,
                "description": f"Rows per page (at most {MAX_PER_PAGE}).",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PER_PAGE,
                    "default": DEFAULT_PER_PAGE,
                },
            },
        },
        "headers": {
            "ETag": {
                "description": "Fingerprint of the body; send it back in If-None-Match.",
                "schema": {"type": "string"},
            },
            "CacheControl": {
                "description": "public, max-age=300",
                "schema": {"type": "string"},
            },
        },
        "responses": {
            "NotModified": {
                "description": "Not modified: the If-None-Match header names the current ETag."
            },
            "BadRequest": error("A query parameter is not valid (the message says which)."),
            "NotFound": error("There is no such item."),
            "TooManyRequests": error("Too many requests from this address; try again later."),
        },
    }


def document(registry: Registry) -> dict:
    """The OpenAPI 3.1 document of every resource of the registry and every added path."""
    paths: dict[str, dict] = {
        "/": {
            "get": {
                "tags": ["index"],
                "operationId": "index",
                "summary": "Links to every resource, the OpenAPI document and the licence",
                "responses": {
                    "200": _json_response(_ref("schemas", "Index"), "The index."),
                    "304": _ref("responses", "NotModified"),
                    "429": _ref("responses", "TooManyRequests"),
                },
            }
        },
        "/openapi.json": {
            "get": {
                "tags": ["index"],
                "operationId": "openapi",
                "summary": "This document",
                "responses": {
                    "200": _json_response({"type": "object"}, "The OpenAPI document."),
                    "304": _ref("responses", "NotModified"),
                    "429": _ref("responses", "TooManyRequests"),
                },
            }
        },
    }
    tags = [{"name": "index", "description": "Where to start."}]
    for resource in registry.resources.values():
        paths.update(_resource_paths(resource))
        tags.append({"name": resource.name, "description": resource.description})
    paths.update(registry.paths)
    tags.extend(registry.tags.values())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title(),
            "version": "1.0.0",
            "description": DESCRIPTION,
            "license": license_of_the_data(),
        },
        "servers": [{"url": PREFIX}],
        "tags": tags,
        "paths": paths,
        "components": _components(registry),
    }
