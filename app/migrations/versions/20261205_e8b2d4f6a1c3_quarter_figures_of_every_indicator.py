"""the quarter figures of the results page count every indicator of the version once: with
the worst of its results there (a month's in its quarter, a year's in its last quarter; a month
without data keeps it from being met), and as no data when it has none (a manual indicator never
recorded); counted again from the stored results

Revision ID: e8b2d4f6a1c3
Revises: d3e7a1c9f5b4
Create Date: 2026-12-05 05:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e8b2d4f6a1c3"
down_revision = "d3e7a1c9f5b4"
branch_labels = None
depends_on = None

COUNTED = ("met", "not_met", "no_data", "provisional")
SEVERITY = {"met": 1, "no_data": 2, "provisional": 3, "not_met": 4}
OLD_SEVERITY = {"no_data": 1, "met": 2, "provisional": 3, "not_met": 4}

quarter_compliance = sa.table(
    "quarter_compliance",
    sa.column("version_id", sa.Integer),
    sa.column("period", sa.String),
    *(sa.column(name, sa.Integer) for name in COUNTED),
)
measurements = sa.table(
    "measurements",
    sa.column("indicator_id", sa.Integer),
    sa.column("period", sa.String),
    sa.column("status", sa.String),
)
indicators = sa.table(
    "indicators",
    sa.column("id", sa.Integer),
    sa.column("commitment_id", sa.Integer),
    sa.column("periodicity", sa.String),
)
commitments = sa.table("commitments", sa.column("id", sa.Integer), sa.column("version_id"))


def _count(every_indicator: bool):
    """Count again; ``every_indicator``: as this revision does, else as the one before (only
    quarterly results, each counted as it is)."""
    period = measurements.c.period
    ranks = SEVERITY if every_indicator else OLD_SEVERITY
    if every_indicator:
        month = sa.cast(sa.func.substr(period, sa.func.length(period) - 1, 2), sa.Integer)
        year = sa.func.substr(period, 1, sa.func.length(period) - 4, type_=sa.String)
        quarter = sa.case(
            (period.like("%-T%"), period),
            (period.like("%-M%"), year + "-T" + sa.cast((month + 2) // 3, sa.String)),
            else_=period + "-T4",
        )
    else:
        quarter = period
    severity = sa.case(
        *[(measurements.c.status == status, rank) for status, rank in ranks.items()], else_=0
    )
    worst = (
        sa.select(
            commitments.c.version_id,
            quarter.label("quarter"),
            sa.func.max(severity).label("severity"),
        )
        .join(indicators, indicators.c.id == measurements.c.indicator_id)
        .join(commitments, commitments.c.id == indicators.c.commitment_id)
        .group_by(commitments.c.version_id, "quarter", measurements.c.indicator_id)
    )
    if not every_indicator:
        worst = worst.where(period.like("%-T%"))
    worst = worst.subquery()
    found = {name: sa.func.count().filter(worst.c.severity == ranks[name]) for name in COUNTED}
    counted = sa.select(worst.c.version_id, worst.c.quarter, *found.values())
    if every_indicator:
        per_version = (
            sa.select(
                commitments.c.version_id,
                sa.func.count().label("every"),
                sa.func.count().filter(indicators.c.periodicity == "annual").label("annual"),
            )
            .join(indicators, indicators.c.commitment_id == commitments.c.id)
            .group_by(commitments.c.version_id)
            .subquery()
        )
        expected = per_version.c.every - sa.case(
            (worst.c.quarter.like("%-T4"), 0), else_=per_version.c.annual
        )
        found["no_data"] += sa.func.max(expected) - sa.func.count()
        counted = sa.select(worst.c.version_id, worst.c.quarter, *found.values()).join(
            per_version, per_version.c.version_id == worst.c.version_id
        )
    counted = counted.group_by(worst.c.version_id, worst.c.quarter)
    op.execute(quarter_compliance.delete())
    op.execute(
        quarter_compliance.insert().from_select(["version_id", "period", *COUNTED], counted)
    )


def upgrade():
    _count(every_indicator=True)


def downgrade():
    _count(every_indicator=False)
