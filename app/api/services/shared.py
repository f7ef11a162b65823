"""What the open-data resources share: the public charter statuses, the schemas and filters of
their query values, and where a commitment's row sits (its charter and version)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, select

from app.api.registry import MAX_INTEGER, TEXT_SCHEMA, Field, Filter, choice_filter
from app.charters.models import Charter, CharterStatus, CharterVersion, Commitment
from app.charters.services import in_force, public, started
from app.core.types import Period
from app.extensions import db

PUBLIC_STATUSES = (CharterStatus.PUBLISHED, CharterStatus.ARCHIVED)


def enum_values(enum) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def enum_value(member) -> str | None:
    return None if member is None else member.value


def parse_period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError:
        raise ValueError("must be a period code such as 2026, 2026-T3 or 2026-M07") from None


SLUG_SCHEMA = TEXT_SCHEMA
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_INTEGER}
PERIOD_SCHEMA = {"$ref": "#/components/schemas/Period"}


def charter_filter(description: str = "Slug of the charter.") -> Filter:
    return Filter("charter", description, SLUG_SCHEMA, lambda s, v: s.where(Charter.slug == v))


def version_status_filter() -> Filter:
    return choice_filter(
        "status",
        "Status of the charter version: in force (published) or replaced (archived).",
        enum_values(PUBLIC_STATUSES),
        lambda s, v: s.where(
            in_force()
            if v == CharterStatus.PUBLISHED
            else (CharterVersion.status == CharterStatus.ARCHIVED) | (started() & ~in_force())
        ),
    )


PLACEMENT_FIELDS = (
    Field("charter_id", "integer", "Identifier of the charter."),
    Field("charter", "string", "Slug of the charter."),
    Field("version", "integer", "Number of the charter version."),
    Field("version_status", "string", "Status of that version.", enum=enum_values(PUBLIC_STATUSES)),
)


def in_force_numbers(versions: Iterable[CharterVersion]) -> dict[int, int]:
    """``{charter id: number of its version in force}`` for the charters of ``versions`` (one
    query per page of rows, whatever its size)."""
    charter_ids = {version.charter_id for version in versions}
    if not charter_ids:
        return {}
    return dict(
        db.session.execute(
            select(CharterVersion.charter_id, func.max(CharterVersion.number))
            .where(started(), CharterVersion.charter_id.in_(charter_ids))
            .group_by(CharterVersion.charter_id)
        ).all()
    )


def public_status(version: CharterVersion, numbers: dict[int, int]) -> str:
    """A public version's status: archived from the day a later version started, even before
    ``flask charters archive`` records it."""
    replaced = version.number < numbers.get(version.charter_id, version.number)
    if version.status is CharterStatus.PUBLISHED and replaced:
        return CharterStatus.ARCHIVED.value
    return version.status.value


def placement(version: CharterVersion, numbers: dict[int, int]) -> dict:
    return {
        "charter_id": version.charter_id,
        "charter": version.charter.slug,
        "version": version.number,
        "version_status": public_status(version, numbers),
    }


def in_public_versions(statement: Select) -> Select:
    """Narrow a statement joined down to commitments to those of public charter versions (a
    version approved from a future date is not public before that date)."""
    return statement.join(Commitment.version).join(CharterVersion.charter).where(public())
