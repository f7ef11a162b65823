"""Choices that stay short however large the data: a whole list up to a limit, else a search
that shows its first matches and says how many it found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Select, func, literal, select

from app.core.pagination import LIMIT, written
from app.extensions import db

SHOWN_MATCHES = 20  # a search's matches offered as a choice; more words narrow it down


class Listing(NamedTuple):
    """A list offered whole when it is short (``short_list``), its statements built once: its
    rows, and a count of at most ``limit`` of them (bound), however large the table."""

    rows: Select
    count: Select


def listing(statement: Select) -> Listing:
    probe = statement.with_only_columns(literal(1), maintain_column_froms=True)
    probe = probe.order_by(None).limit(LIMIT)
    return Listing(statement, select(func.count()).select_from(probe.subquery()))


def short_list(
    listed: Listing, limit: int, parameters: dict | None = None, scalars: bool = False
) -> list | None:
    """The rows of ``listed`` (ORM objects with ``scalars``), its ``parameters`` bound, when
    there are at most ``limit``; ``None`` when there are more, for a list that long is no use:
    ask for a search instead. First a count of at most ``limit + 1`` rows, so that a long list
    is not loaded only to learn that it is too long; then the rows."""
    parameters = parameters or {}
    if db.session.scalar(listed.count, {**parameters, "limit": limit + 1}) > limit:
        return None
    read = db.session.scalars if scalars else db.session.execute
    return list(read(listed.rows, parameters))


@dataclass(frozen=True)
class Matches:
    """The first rows a search found, and how many it found in all."""

    items: list
    total: int

    @property
    def more(self) -> bool:
        """Whether there are more matches than those shown."""
        return self.total > len(self.items)


def first_matches(statement: Select, limit: int, parameters: dict | None = None) -> Matches:
    """The first ``limit`` ORM objects ``statement`` (its ``parameters`` bound) finds and how
    many it finds: one query, and a count only when there are more than ``limit``."""
    items = list(db.session.scalars(statement.limit(written(limit + 1)), parameters))
    if len(items) <= limit:
        return Matches(items, len(items))
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return Matches(items[:limit], db.session.scalar(counted, parameters))
