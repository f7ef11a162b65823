"""Pages about one object, read with statements built once.

SQLAlchemy builds a statement, and works out its cache key by walking all of it, every time a
function builds one; a ``selectinload`` builds its own statement for every load, carrying every
loader option of the statement that asked for it. For a page about one object (a service, an
item, a work program) that cost more than the database took to answer. A statement built at
import time, with bound parameters, keeps its key; the collections such statements read are
set on the objects as if loaded with them.
"""

from collections import defaultdict
from typing import NamedTuple

from sqlalchemy import ARRAY, Boolean, Date, Select, any_, bindparam, func, inspect, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import load_only
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from app.extensions import db


class OneOf(ColumnElement[bool]):
    """``column IN`` the list bound under ``name`` when the statement runs (``one_of``)."""

    inherit_cache = True
    type = Boolean()
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("name", InternalTraversal.dp_string),
    ]

    def __init__(self, column, name: str) -> None:
        self.column = column
        self.name = name


def one_of(column, name: str) -> OneOf:
    """Condition: ``column`` is one of the values bound under ``name`` when the statement runs.

    An expanding ``IN`` writes one parameter per value into the SQL at every execution: for the
    hundred commitments of a work program, rendering it and the driver's parsing of it took a
    tenth of the page, and a text that changes with the count is never prepared. On PostgreSQL
    the list is sent as one array (``= ANY``): the same text for any number of values."""
    return OneOf(column, name)


@compiles(OneOf)
def _expanding_in(element: OneOf, compiler, **kw) -> str:
    return compiler.process(element.column.in_(bindparam(element.name, expanding=True)), **kw)


@compiles(OneOf, "postgresql")
def _any_of_array(element: OneOf, compiler, **kw) -> str:
    values = bindparam(element.name, type_=ARRAY(element.column.type))
    return compiler.process(element.column == any_(values), **kw)


# The day of a statement about what is in force: written into its SQL rather than sent as a
# parameter. PostgreSQL plans a prepared statement once for all its values only when that plan
# looks no costlier than one made for each; not knowing the day, it reckoned a third of the
# versions had started rather than all, found that costlier, and planned every list of charters
# again on every page. Written in, the statement is planned once a day.
TODAY = bindparam("today", type_=Date, literal_execute=True)


class Children(NamedTuple):
    """One level of a tree, for ``load_children``: a statement built once that reads the rows
    whose ``key`` (their foreign key) is one of those bound as ``parents``, in their
    collection's order."""

    statement: Select
    key: str


def children(model, key: str, order, *options) -> Children:
    return Children(
        select(model)
        .where(one_of(getattr(model, key), "parents"))
        .order_by(order)
        .options(*options),
        key,
    )


def load_collections(parent, collections: dict[str, Select], **parameters) -> None:
    """Read each named collection of ``parent`` with its statement (``parameters`` bound) and
    set it as loaded, without history, as a ``selectinload`` would."""
    for name, statement in collections.items():
        set_committed_value(parent, name, db.session.scalars(statement, parameters).all())


def load_children(parents: list, name: str, level: Children) -> list:
    """Read the children of every one of ``parents`` and set each parent's collection ``name``
    to its own, as loaded; every child read, for the next level down."""
    if not parents:
        return []
    found = db.session.scalars(level.statement, {"parents": [p.id for p in parents]}).all()
    # Each child's reference to its parent is set too: left unloaded, every one read from a
    # page (a mechanism's commitment, up to its objective) went through a lazy load.
    back = inspect(type(parents[0])).relationships[name].back_populates
    by_parent = defaultdict(list)
    for child in found:
        by_parent[getattr(child, level.key)].append(child)
    for parent in parents:
        own = by_parent[parent.id]
        set_committed_value(parent, name, own)
        if back:
            for child in own:
                set_committed_value(child, back, parent)
    return found


def references(model) -> Select:
    """Statement for ``load_references``: the rows of ``model`` whose id is one of those bound
    as ``parents``."""
    return select(model).where(one_of(model.id, "parents"))


def load_references(objects: list, name: str, statement: Select) -> None:
    """Set the many-to-one ``name`` of every one of ``objects`` as loaded, from one reading of
    ``statement`` (see ``references``), as a ``selectinload`` would: it built its statement
    and worked out its key again for every list it loaded."""
    if not objects:
        return
    mapper = inspect(type(objects[0]))
    ((column, _remote),) = mapper.relationships[name].local_remote_pairs
    key = mapper.get_property_by_column(column).key
    ids = {getattr(item, key) for item in objects} - {None}
    found = {row.id: row for row in db.session.scalars(statement, {"parents": list(ids)})}
    for item in objects:
        set_committed_value(item, name, found.get(getattr(item, key)))


def latest_revisions(model, key: str) -> Select:
    """Statement: the latest ``revision`` of each ``key`` (a quarter, a year) of ``model``'s
    rows of one charter (bound: ``charter``), newest ``key`` first, for a list of links: their
    key and revision only. Each holds its whole publication as written (``content``), a
    charter's every quarter of them read and parsed only to be linked to."""
    charter = model.charter_id == bindparam("charter")
    latest = (
        select(getattr(model, key), func.max(model.revision).label("revision"))
        .where(charter)
        .group_by(getattr(model, key))
        .subquery()
    )
    return (
        select(model)
        .join(
            latest,
            (getattr(model, key) == latest.c[key]) & (model.revision == latest.c.revision),
        )
        .where(charter)
        .order_by(getattr(model, key).desc())
        .options(load_only(getattr(model, key), model.charter_id, model.revision))
    )
