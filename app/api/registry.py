"""The registry of open-data resources: one description per resource (fields with their
JSON-schema types, filters, the query and the serializer) from which the JSON endpoints, the CSV
files and the OpenAPI document are all built, so that the three cannot drift apart.

Other modules add to the same OpenAPI document with one call: ``registry.add_paths(...)`` for
endpoints they serve from their own blueprint, or ``registry.add(Resource(...))`` for a resource
served by the generic JSON/CSV endpoints (before the app is created).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select

from app.core.i18n import LANGUAGES

# The largest id or page number a client may ask for.
MAX_INTEGER = 2**31 - 1  # ids are 32-bit integers on every engine: larger ones name nothing
DIGITS = re.compile(r"^[0-9]{1,19}$")
LIST_SEPARATOR = " | "  # how CSV cells join the items of a list of strings


def _nullable(schema: dict) -> dict:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


# JSON-schema of each field type; periods and translated texts are component schemas.
TYPE_SCHEMAS: dict[str, dict] = {
    "integer": {"type": "integer"},
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    # Exact decimals (two places at most) sent as JSON numbers; see the document's description.
    "decimal": {"type": "number", "format": "decimal"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "period": {"$ref": "#/components/schemas/Period"},
    "translated": {"$ref": "#/components/schemas/Translated"},
    "strings": {"type": "array", "items": {"type": "string"}},
    "object": {"type": "object"},
    "recordings": {"type": "array", "items": {"$ref": "#/components/schemas/Recording"}},
}


@dataclass(frozen=True)
class Field:
    """One published field: its name, type (a key of ``TYPE_SCHEMAS``) and meaning."""

    name: str
    type: str
    description: str
    nullable: bool = False
    enum: tuple[str, ...] | None = None
    # A list of other rows shown inside the JSON only: the CSV files stay flat, and those rows
    # have a CSV file of their own.
    in_csv: bool = True

    def schema(self) -> dict:
        """The field's JSON schema in the OpenAPI document."""
        schema = {**TYPE_SCHEMAS[self.type]}
        if self.enum is not None:
            schema["enum"] = list(self.enum)
        schema = _nullable(schema) if self.nullable else schema
        if self.nullable and self.enum is not None:
            schema["enum"] = [*self.enum, None]
        description = self.description
        if self.type == "decimal":
            description += " An exact decimal (two places at most) as a JSON number."
        return {**schema, "description": description}

    def columns(self) -> list[str]:
        """The CSV columns of the field: one per language for translated text."""
        if not self.in_csv:
            return []
        if self.type == "translated":
            return [f"{self.name}_{code}" for code in LANGUAGES]
        return [self.name]

    def cells(self, value: Any) -> list[str]:
        """The CSV cells of a value of the field."""
        if not self.in_csv:
            return []
        if self.type == "translated":
            value = value or {}
            return [value.get(code) or "" for code in LANGUAGES]
        if value is None:
            return [""]
        if self.type == "strings":
            return [LIST_SEPARATOR.join(value)]
        if self.type == "object":
            return [json.dumps(value, ensure_ascii=False, sort_keys=True, default=to_json)]
        if self.type == "boolean":
            return ["true" if value else "false"]
        return [to_json(value) if isinstance(value, date | datetime) else str(value)]


def to_json(value: Any) -> Any:
    """JSON form of the values rows carry: decimals as numbers, dates in ISO 8601 (UTC times
    with ``Z``), anything else (periods) as its text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + ("Z" if value.tzinfo is None else "")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def parse_integer(text: str) -> int:
    """A positive integer query value; raises ``ValueError`` for anything else."""
    if not DIGITS.match(text) or not 1 <= int(text) <= MAX_INTEGER:
        raise ValueError("must be a positive integer")
    return int(text)


TEXT = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")
# A slug or other short text in a query or a path: no control characters (databases refuse NUL).
TEXT_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": TEXT.pattern}


def parse_text(text: str) -> str:
    """A short text query value; raises ``ValueError`` for control characters or length."""
    if not TEXT.match(text):
        raise ValueError("must be 1 to 200 characters without control characters")
    return text


@dataclass(frozen=True)
class Filter:
    """A query parameter that narrows a resource: ``parse`` turns the text into a value (raising
    ``ValueError`` with a message for the client) and ``apply`` adds it to the statement."""

    name: str
    description: str
    schema: dict
    apply: Callable[[Select, Any], Select]
    parse: Callable[[str], Any] = parse_text


def choice_filter(name: str, description: str, values: Iterable[str], apply) -> Filter:
    """A filter that accepts one of fixed values (an enum)."""
    allowed = tuple(values)

    def parse(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"must be one of: {', '.join(allowed)}")
        return text

    return Filter(name, description, {"type": "string", "enum": list(allowed)}, apply, parse)


@dataclass(frozen=True)
class Resource:
    """A collection published at ``/api/v1/<name>``, ``<name>.csv`` and ``<name>/<id>``.

    ``statement`` selects the public rows only (no ordering: the registry orders by ``id_column``)
    and ``options`` are the eager loads used to fetch them; ``serialize`` turns the fetched rows
    (entities, or tuples when the statement selects several) into plain dicts that have exactly
    the ``fields``. With ``slug_column`` an item is found by slug as well as by id.
    """

    name: str
    schema_name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    statement: Callable[[], Select]
    serialize: Callable[[Iterable], Iterator[dict]]
    id_column: Any
    options: Callable[[], tuple] = tuple
    filters: tuple[Filter, ...] = ()
    slug_column: Any = None

    @property
    def endpoint(self) -> str:
        return self.name.replace("-", "_")

    def columns(self) -> list[str]:
        return [column for f in self.fields for column in f.columns()]

    def csv_row(self, row: dict) -> list[str]:
        return [cell for f in self.fields for cell in f.cells(row[f.name])]

    def item_schema(self) -> dict:
        return {
            "type": "object",
            "title": self.title,
            "properties": {f.name: f.schema() for f in self.fields},
            "required": [f.name for f in self.fields],
            "additionalProperties": False,
        }


@dataclass
class Registry:
    """The resources of the open-data API and the paths other modules added to its document."""

    resources: dict[str, Resource] = field(default_factory=dict)
    paths: dict[str, dict] = field(default_factory=dict)
    schemas: dict[str, dict] = field(default_factory=dict)
    tags: dict[str, dict] = field(default_factory=dict)

    def add(self, resource: Resource) -> Resource:
        """Publish a resource through the generic endpoints; call it before ``create_app``."""
        self.resources[resource.name] = resource
        return resource

    def add_paths(
        self,
        paths: dict[str, dict],
        schemas: dict[str, dict] | None = None,
        tag: dict | None = None,
    ) -> None:
        """Add OpenAPI path items served by another blueprint under ``/api/v1`` (path keys are
        relative to it, e.g. ``"/programs/{slug}"``), with the component schemas they reference
        (``#/components/schemas/<name>``) and optionally a tag (``{"name", "description"}``).
        Calling it again with the same keys replaces them, so it is safe in ``create_app``."""
        self.paths.update(paths)
        self.schemas.update(schemas or {})
        if tag is not None:
            self.tags[tag["name"]] = tag


registry = Registry()
