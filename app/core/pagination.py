"""Page numbers of paginated lists, and pages of a list in memory or of statements built
once."""

from flask import abort
from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import Integer, Select, bindparam, func, literal, select

from app.extensions import db

# A page's rows in a statement built once (see ``app.core.loading``): ``.limit(LIMIT)``.
# Written into the SQL, as ``app.core.loading.TODAY`` is: a limit PostgreSQL cannot see made it
# reckon a tenth of the rows rather than a page's, and plan every page of a list again.
LIMIT = bindparam("limit", type_=Integer, literal_execute=True)
OFFSET = bindparam("offset", type_=Integer, literal_execute=True)


def written(number: int):
    """A limit or offset written into the SQL, as ``LIMIT`` is."""
    return literal(number, Integer, literal_execute=True)


def page_number(value: str) -> int:
    """A page number, for ``request.args.get(..., type=page_number)``; anything else (``abc``,
    ``-1``, a number too large for the database) is a page that does not exist."""
    if not value.isdigit() or not 1 <= int(value) <= 2**31 - 1:
        abort(404)
    return int(value)


class ListPagination(Pagination):
    """A page of a list already in memory (sorted in Python, e.g. by a translated name), with
    the interface of Flask-SQLAlchemy's pages that the ``pagination`` macro reads; a page past
    the last is a 404."""

    def __init__(self, rows: list, page: int, per_page: int) -> None:
        super().__init__(page=page, per_page=per_page, max_per_page=None, rows=rows)

    def _query_items(self) -> list:
        start = (self.page - 1) * self.per_page
        return self._query_args["rows"][start : start + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["rows"])


class WrittenPagination(SelectPagination):
    """``db.paginate``'s pages, their limit and offset written into the SQL (see ``LIMIT``);
    counted by ``counting``, a statement, where one counts the rows more cheaply than counting
    what ``select`` finds (the default)."""

    def _query_items(self) -> list:
        select = self._this_page(self._query_args["select"])
        return list(self._query_args["session"].execute(select).unique().scalars())

    def _query_count(self) -> int:
        counting = self._query_args.get("counting")
        if counting is None:
            return super()._query_count()
        return self._query_args["session"].scalar(counting)

    def _this_page(self, select: Select) -> Select:
        return select.limit(written(self.per_page)).offset(written(self._query_offset))


class CountedPagination(WrittenPagination):
    """A page of a statement read with the total in the same query (``count(*) OVER ()``):
    where finding the matches means reading them all (a search through a text index), one
    reading instead of two, the count's and the page's."""

    def _query_items(self) -> list:
        select = self._this_page(self._query_args["select"].add_columns(func.count().over()))
        rows = self._query_args["session"].execute(select).all()
        self._counted = rows[0][-1] if rows else 0
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        return self._counted


class BoundPagination(Pagination):
    """A page of ``rows``, a statement built once (ending in ``.limit(LIMIT).offset(OFFSET)``),
    with the total from ``counting``, built once too (``counted``); ``parameters`` bound to
    both. A page past the last is a 404, as with ``db.paginate``."""

    def __init__(self, rows: Select, counting: Select, page: int, per_page: int, **parameters):
        super().__init__(page, per_page, None, rows=rows, counting=counting, parameters=parameters)

    def _query_items(self) -> list:
        limits = {"limit": self.per_page, "offset": self._query_offset}
        bound = self._query_args["parameters"] | limits
        return db.session.scalars(self._query_args["rows"], bound).unique().all()

    def _query_count(self) -> int:
        return db.session.scalar(self._query_args["counting"], self._query_args["parameters"])


def counted(statement: Select) -> Select:
    """A statement that counts the rows of ``statement``, for ``BoundPagination``."""
    return select(func.count()).select_from(statement.order_by(None).subquery())
