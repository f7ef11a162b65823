"""What the open-data resources share: the public charter statuses, the schemas and filters of
their query values, and where a commitment's row sits (its charter and version)."""

from __future__ import annotations

from sqlalchemy import Select

from app.api.registry import MAX_INTEGER, TEXT_SCHEMA, Field, Filter, choice_filter
from app.charters.models import Charter, CharterStatus, CharterVersion, Commitment
from app.charters.services import public, started
from app.core.types import Period

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
            started() if v == CharterStatus.PUBLISHED else CharterVersion.status == CharterStatus(v)
        ),
    )


PLACEMENT_FIELDS = (
    Field("charter_id", "integer", "Identifier of the charter."),
    Field("charter", "string", "Slug of the charter."),
    Field("version", "integer", "Number of the charter version."),
    Field("version_status", "string", "Status of that version.", enum=enum_values(PUBLIC_STATUSES)),
)


def placement(version: CharterVersion) -> dict:
    return {
        "charter_id": version.charter_id,
        "charter": version.charter.slug,
        "version": version.number,
        "version_status": version.status.value,
    }


def in_public_versions(statement: Select) -> Select:
    """Narrow a statement joined down to commitments to those of public charter versions (a
    version approved from a future date is not public before that date)."""
    return statement.join(Commitment.version).join(CharterVersion.charter).where(public())
