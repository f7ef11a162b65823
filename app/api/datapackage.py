"""Open data that describes itself: a Frictionless Data Package of every CSV (``/api/v1/
datapackage.json``) with the Table Schema of each, and a DCAT catalogue in JSON-LD
(``/api/v1/catalog.jsonld``) for open-data portals' harvesters. Both are built from the registry
of resources, like the CSV files and the OpenAPI document, so none of them can drift apart."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Blueprint, Response, current_app, url_for

from app.api.openapi import PREFIX, license_of_the_data, title
from app.api.registry import Field, Registry, Resource, registry
from app.core.i18n import LANGUAGES
from app.core.types import PERIOD_CODE
from app.extensions import limiter
from app.institution.services import identity

bp = Blueprint("open_data_package", __name__, url_prefix=PREFIX)
# The same budget per client address as the rest of the open data.
limiter.shared_limit(lambda: current_app.config["RATELIMIT_API"], scope="open-data")(bp)

# Table Schema types of the registry's field types, and what their CSV cells hold.
TABLE_TYPES = {
    "integer": {"type": "integer"},
    "string": {"type": "string"},
    "boolean": {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    "decimal": {"type": "number"},
    "date": {"type": "date"},
    "datetime": {"type": "datetime"},
    "period": {"type": "string", "constraints": {"pattern": PERIOD_CODE}},
    "translated": {"type": "string"},
    "strings": {"type": "string"},
    "object": {"type": "object"},
}
CELL_NOTES = {
    "strings": " A list: its items joined with ' | '.",
    "object": " A JSON text.",
    "period": " A year (2026), a quarter (2026-T3) or a month (2026-M07).",
}
DATA_PACKAGE_PROFILE = "tabular-data-package"
# Other modules' CSV files (their own blueprints), by the function that lists their resources.
SOURCES: dict[str, Callable[[], list[dict]]] = {}


def add_resources(source: Callable[[], list[dict]]) -> None:
    """List more CSV files in the package: ``source()`` gives Data Resource descriptors with a
    path relative to ``/api/v1`` and a Table Schema (e.g. the work programs' files)."""
    SOURCES[f"{source.__module__}.{source.__qualname__}"] = source


def _referenced(resource: Resource, name: str, resources: dict[str, Resource]) -> str | None:
    """The resource an ``<x>_id`` field points at (``""``: the resource itself), if published."""
    if name == "parent_id":
        return ""
    base = name.removesuffix("_id").replace("_", "-")
    for candidate in (f"{base}s", f"{base[:-1]}ies", f"charter-{base}s"):
        if candidate in resources and candidate != resource.name:
            return candidate
    return None


def table_fields(field: Field) -> list[dict]:
    """The Table Schema fields of a registry field: one per language for translated text."""
    if not field.in_csv:
        return []
    base = dict(TABLE_TYPES[field.type])
    constraints = dict(base.pop("constraints", {}))
    if field.enum is not None:
        constraints["enum"] = list(field.enum)
    note = CELL_NOTES.get(field.type, "")
    if field.type == "translated":
        return [
            {
                "name": column,
                **base,
                "description": f"{field.description} In {LANGUAGES[code].name} ({code}); "
                "empty when not translated.",
            }
            for column, code in zip(field.columns(), LANGUAGES, strict=True)
        ]
    if not field.nullable and field.type not in ("string", "strings"):
        constraints["required"] = True
    described = {"name": field.name, **base, "description": field.description + note}
    return [described | ({"constraints": constraints} if constraints else {})]


def table_schema(resource: Resource, resources: dict[str, Resource]) -> dict:
    """The Table Schema of a resource's CSV file: its columns, keys and references."""
    schema: dict = {
        "fields": [column for field in resource.fields for column in table_fields(field)],
        "missingValues": [""],
        "primaryKey": [resource.id_column.key],
    }
    foreign = []
    for field in resource.fields:
        if not field.name.endswith("_id") or field.name == resource.id_column.key:
            continue
        target = _referenced(resource, field.name, resources)
        if target is not None:
            reference = {"resource": target, "fields": ["id"]}
            foreign.append({"fields": [field.name], "reference": reference})
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _license() -> dict:
    # A licence "name" must be an Open Definition id; a title and a path fit any licence.
    licence = license_of_the_data()
    return {"title": licence["name"], "path": licence["url"]}


def data_package(registry: Registry) -> dict:
    """The Data Package descriptor: every CSV of the open data, by a path relative to this
    document (``/api/v1``), with its Table Schema."""
    resources = registry.resources
    return {
        "profile": DATA_PACKAGE_PROFILE,
        "name": "citizen-charters-open-data",
        "title": title(),
        "description": "The catalog of procedures and services, the citizen charters with their "
        "commitments and indicators, the measured results and the published reports. Public "
        "information and aggregates only, never personal data.",
        "homepage": url_for("api.index", _external=True),
        "licenses": [_license()],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": resource.name,
                "title": resource.title,
                "description": resource.description,
                "path": f"{resource.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [_license()],
                "schema": table_schema(resource, resources),
            }
            for resource in resources.values()
        ]
        + [
            {**resource, "licenses": [_license()]}
            for source in SOURCES.values()
            for resource in source()
        ],
    }


DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}


def dcat_catalog(registry: Registry) -> dict:
    """A DCAT catalogue (JSON-LD): one dataset per resource, with its CSV and JSON
    distributions and the licence."""
    shown = identity()
    publisher = {"@type": "foaf:Organization", "foaf:name": shown.name.get("es") or title()}
    licence = {"@id": license_of_the_data()["url"]}
    package = url_for(".datapackage", _external=True)
    catalog = {
        "@context": DCAT_CONTEXT,
        "@id": url_for(".catalog", _external=True),
        "@type": "dcat:Catalog",
        "dct:title": title(),
        "dct:description": "Open data of the citizen charters (cartas compromiso).",
        "dct:publisher": publisher,
        "dct:license": licence,
        "foaf:homepage": {"@id": url_for("api.index", _external=True)},
        "dcat:dataset": [],
    }
    if shown.email:
        catalog["dcat:contactPoint"] = {
            "@type": "vcard:Organization",
            "vcard:fn": publisher["foaf:name"],
            "vcard:hasEmail": {"@id": f"mailto:{shown.email}"},
        }
    base = package.rsplit("/", 1)[0]
    for resource in (r for source in SOURCES.values() for r in source()):
        # Files other modules add (the work programs'), as in the Data Package.
        catalog["dcat:dataset"].append(
            {
                "@id": f"{base}/{resource['path']}",
                "@type": "dcat:Dataset",
                "dct:identifier": resource["name"],
                "dct:title": resource["title"],
                "dct:description": resource["description"],
                "dct:publisher": publisher,
                "dct:license": licence,
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": resource["path"].rsplit("/", 1)[-1],
                        "dcat:downloadURL": {"@id": f"{base}/{resource['path']}"},
                        "dcat:mediaType": "text/csv",
                        "dct:format": "CSV",
                        "dct:conformsTo": {"@id": package},
                        "dct:license": licence,
                    }
                ],
            }
        )
    for resource in registry.resources.values():
        endpoint = f"api.{resource.endpoint}"
        catalog["dcat:dataset"].append(
            {
                "@id": url_for(f"{endpoint}_list", _external=True),
                "@type": "dcat:Dataset",
                "dct:identifier": resource.name,
                "dct:title": resource.title,
                "dct:description": resource.description,
                "dct:publisher": publisher,
                "dct:license": licence,
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": f"{resource.name}.csv",
                        "dcat:downloadURL": {"@id": url_for(f"{endpoint}_csv", _external=True)},
                        "dcat:mediaType": "text/csv",
                        "dct:format": "CSV",
                        "dct:conformsTo": {"@id": package},
                        "dct:license": licence,
                    },
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": f"{resource.name} (JSON)",
                        "dcat:accessURL": {"@id": url_for(f"{endpoint}_list", _external=True)},
                        "dcat:mediaType": "application/json",
                        "dct:format": "JSON",
                        "dct:license": licence,
                    },
                ],
            }
        )
    return catalog


def _json(payload: dict, mimetype: str) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False, indent=1), mimetype=mimetype)


registry.add_paths(
    {
        "/datapackage.json": {
            "get": {
                "tags": ["index"],
                "operationId": "datapackage",
                "summary": "A Frictionless Data Package of every CSV, with its Table Schema",
                "description": "Paths are relative to this document. A DCAT catalogue of the "
                "same datasets (JSON-LD) is at catalog.jsonld.",
                "responses": {
                    "200": {
                        "description": "The Data Package descriptor.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "304": {"$ref": "#/components/responses/NotModified"},
                    "429": {"$ref": "#/components/responses/TooManyRequests"},
                },
            }
        },
        "/catalog.jsonld": {
            "get": {
                "tags": ["index"],
                "operationId": "dcatCatalog",
                "summary": "A DCAT catalogue (JSON-LD) of the same datasets as the Data Package",
                "responses": {
                    "200": {
                        "description": "The catalogue, one dataset per CSV file.",
                        "content": {"application/ld+json": {"schema": {"type": "object"}}},
                    },
                    "304": {"$ref": "#/components/responses/NotModified"},
                    "429": {"$ref": "#/components/responses/TooManyRequests"},
                },
            }
        },
    }
)


@bp.get("/datapackage.json")
def datapackage():
    return _json(data_package(registry), "application/json")


@bp.get("/catalog.jsonld")
def catalog():
    return _json(dcat_catalog(registry), "application/ld+json")
