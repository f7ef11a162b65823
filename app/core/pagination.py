"""Page numbers of paginated lists, and pages of a list in memory."""

from flask import abort
from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import func


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


class CountedPagination(SelectPagination):
    """A page of a statement read with the total in the same query (``count(*) OVER ()``):
    where finding the matches means reading them all (a search through a text index), one
    reading instead of two, the count's and the page's."""

    def _query_items(self) -> list:
        select = self._query_args["select"].add_columns(func.count().over())
        select = select.limit(self.per_page).offset(self._query_offset)
        rows = self._query_args["session"].execute(select).all()
        self._counted = rows[0][-1] if rows else 0
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        return self._counted
