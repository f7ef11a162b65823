"""Writing generated rows in bulk: COPY on PostgreSQL, ``executemany`` elsewhere, with ids
assigned here so that related rows are written without reading anything back."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from sqlalchemy import Connection, Table, text

from app.core.types import Period

CHUNK = 20_000  # rows kept in memory before they are written


@dataclass
class Report:
    """Rows written per table."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, rows: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + rows


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


class Ids:
    """The next id of each table (the database is empty, so they start at 1)."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        value = self._next.get(table, 1)
        self._next[table] = value + 1
        return value
