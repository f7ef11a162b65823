"""Reading a resource of the open-data API: a page of its rows, one item, or the whole
dataset as a CSV file (streamed) and its fingerprint."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from math import ceil

from sqlalchemy import Select, func, select

from app.api.registry import Resource, parse_integer, parse_text
from app.core.pagination import written
from app.core.tabular import safe_cell
from app.extensions import db

CSV_BATCH = 500  # rows fetched at a time while a CSV file streams


@dataclass
class Page:
    """One page of a resource's rows, with what the links and ``meta`` need."""

    rows: list[dict]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return ceil(self.total / self.per_page)


def _filtered(resource: Resource, filters: dict) -> Select:
    statement = resource.statement()
    for f in resource.filters:
        if f.name in filters:
            statement = f.apply(statement, filters[f.name])
    return statement


def _rows(resource: Resource, statement: Select, **execution_options) -> Iterator[dict]:
    statement = statement.options(*resource.options()).order_by(resource.id_column)
    result = db.session.execute(statement, execution_options=execution_options)
    entities = result.tuples() if len(statement.column_descriptions) > 1 else result.scalars()
    return resource.serialize(entities)


def page_of(resource: Resource, filters: dict, page: int, per_page: int) -> Page:
    """A page of the public rows matching ``filters`` (parsed values by filter name), ordered
    by id, in a constant number of queries."""
    statement = _filtered(resource, filters)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    limited = statement.limit(written(per_page)).offset(written((page - 1) * per_page))
    rows = list(_rows(resource, limited))
    return Page(rows, page, per_page, total)


def item(resource: Resource, key: str) -> dict | None:
    """One public row by id (or slug, for resources that have one); ``None`` when missing."""
    by_slug = resource.slug_column is not None and not key.isdigit()
    column = resource.slug_column if by_slug else resource.id_column
    try:
        value = parse_text(key) if by_slug else parse_integer(key)
    except ValueError:
        return None
    return next(_rows(resource, resource.statement().where(column == value)), None)


def csv_lines(resource: Resource, filters: dict) -> Iterator[str]:
    """The whole dataset matching ``filters`` as CSV text, a header and then one line per row,
    fetched in batches so that memory stays flat whatever the size."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield line(resource.columns())
    for row in _rows(resource, _filtered(resource, filters), yield_per=CSV_BATCH):
        yield line(resource.csv_row(row))


def csv_etag(resource: Resource, filters: dict) -> str:
    """A fingerprint of the CSV file: the hash of its lines, computed without keeping them."""
    digest = hashlib.sha256()
    for text in csv_lines(resource, filters):
        digest.update(text.encode())
    return digest.hexdigest()[:40]
