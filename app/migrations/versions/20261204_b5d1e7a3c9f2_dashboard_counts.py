"""the dashboard's figures kept as items change: by month, type and dependency, by month and
type, by dependency over the twelve months shown, and the day and window they were counted for

Revision ID: b5d1e7a3c9f2
Revises: a9c4e2f7d1b8
Create Date: 2026-12-04 12:40:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "b5d1e7a3c9f2"
down_revision = "a9c4e2f7d1b8"
branch_labels = None
depends_on = None

COUNTS = (
    "received", "answered", "on_time", "late", "open", "open_overdue", "days", "reopened",
    "ratings", "rating_points",
)  # fmt: skip
TYPES = ("sugerencia", "queja", "reclamacion", "felicitacion")


def _counts():
    return [sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS]


def _type():
    return sa.Column(
        "type",
        sa.Enum(*TYPES, name="feedbacktype", native_enum=False, create_constraint=True, length=20),
        nullable=False,
    )


def upgrade():
    op.create_table(
        "dashboard_months",
        sa.Column("month", sa.Date(), nullable=False),
        _type(),
        sa.Column("dependency_key", sa.Integer(), nullable=False),
        *_counts(),
        sa.PrimaryKeyConstraint(
            "month", "type", "dependency_key", name=op.f("pk_dashboard_months")
        ),
    )
    op.create_table(
        "dashboard_totals",
        sa.Column("month", sa.Date(), nullable=False),
        _type(),
        *_counts(),
        sa.PrimaryKeyConstraint("month", "type", name=op.f("pk_dashboard_totals")),
    )
    op.create_table(
        "dashboard_window",
        sa.Column("dependency_key", sa.Integer(), nullable=False),
        *_counts(),
        sa.PrimaryKeyConstraint("dependency_key", name=op.f("pk_dashboard_window")),
    )
    op.create_index(
        "ix_dashboard_window_ranking", "dashboard_window", ["received", "dependency_key"]
    )
    op.create_table(
        "dashboard_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("window_start", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_state")),
    )
    # No figures yet: the dashboard's first reading counts every item.


def downgrade():
    op.drop_table("dashboard_state")
    op.drop_index("ix_dashboard_window_ranking", table_name="dashboard_window")
    op.drop_table("dashboard_window")
    op.drop_table("dashboard_totals")
    op.drop_table("dashboard_months")
