"""the home page's sum of results read from indexes alone

Revision ID: c4e8a2f6b9d3
Revises: a7d3e9c2b5f1
Create Date: 2026-12-04 19:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "c4e8a2f6b9d3"
down_revision = "a7d3e9c2b5f1"
branch_labels = None
depends_on = None

QUARTER_FIGURES = ["version_id", "met", "not_met", "no_data", "provisional"]


def upgrade():
    # INCLUDE is PostgreSQL's: elsewhere the same keys, without the columns carried along.
    op.create_index(
        "ix_charter_versions_started",
        "charter_versions",
        ["status", "valid_from"],
        postgresql_include=["id"],
    )
    op.drop_index("ix_quarter_compliance_period", table_name="quarter_compliance")
    op.create_index(
        "ix_quarter_compliance_period",
        "quarter_compliance",
        ["period"],
        postgresql_include=QUARTER_FIGURES,
    )


def downgrade():
    op.drop_index("ix_quarter_compliance_period", table_name="quarter_compliance")
    op.create_index("ix_quarter_compliance_period", "quarter_compliance", ["period"])
    op.drop_index("ix_charter_versions_started", table_name="charter_versions")
