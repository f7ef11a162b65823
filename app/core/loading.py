"""Pages about one object, read with statements built once.

SQLAlchemy builds a statement, and works out its cache key by walking all of it, every time a
function builds one; a ``selectinload`` builds its own statement for every load, carrying every
loader option of the statement that asked for it. For a page about one object (a service, an
item) that cost more than the database took to answer. A statement built at import time, with
bound parameters, keeps its key; the collections such statements read are set on the object as
if loaded with it.
"""

from sqlalchemy import Select
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db


def load_collections(parent, collections: dict[str, Select], **parameters) -> None:
    """Read each named collection of ``parent`` with its statement (``parameters`` bound) and
    set it as loaded, without history, as a ``selectinload`` would."""
    for name, statement in collections.items():
        set_committed_value(parent, name, db.session.scalars(statement, parameters).all())
