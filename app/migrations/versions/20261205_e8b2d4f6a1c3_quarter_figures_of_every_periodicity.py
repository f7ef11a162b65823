"""the quarter figures of the results page count monthly and annual results too: each
indicator once per quarter, with the worst of its results there (a month's in its quarter, a
year's in its last quarter); counted again from the stored results

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
SEVERITY = {"no_data": 1, "met": 2, "provisional": 3, "not_met": 4}

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
indicators = sa.table("indicators", sa.column("id", sa.Integer), sa.column("commitment_id"))
commitments = sa.table("commitments", sa.column("id", sa.Integer), sa.column("version_id"))


def _count(every_periodicity: bool):
    period = measurements.c.period
    if every_periodicity:
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
        *[(measurements.c.status == status, rank) for status, rank in SEVERITY.items()],
        else_=0,
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
    if not every_periodicity:
        worst = worst.where(period.like("%-T%"))
    worst = worst.subquery()
    counted = sa.select(
        worst.c.version_id,
        worst.c.quarter,
        *[sa.func.count().filter(worst.c.severity == SEVERITY[name]) for name in COUNTED],
    ).group_by(worst.c.version_id, worst.c.quarter)
    op.execute(quarter_compliance.delete())
    op.execute(
        quarter_compliance.insert().from_select(["version_id", "period", *COUNTED], counted)
    )


def upgrade():
    _count(every_periodicity=True)


def downgrade():
    _count(every_periodicity=False)
