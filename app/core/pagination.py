"""Page numbers of paginated public lists."""

from flask import abort


def page_number(value: str) -> int:
    """A page number, for ``request.args.get(..., type=page_number)``; anything else (``abc``,
    ``-1``, a number too large for the database) is a page that does not exist."""
    if not value.isdigit() or not 1 <= int(value) <= 2**31 - 1:
        abort(404)
    return int(value)
