"""the index of charter versions by status also carries what the results pages rank them by: the
approved versions of every charter are read from the index alone

Revision ID: d5f1b3a8c6e2
Revises: c2a7e9d4b1f6
Create Date: 2026-12-05 17:10:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "d5f1b3a8c6e2"
down_revision = "c2a7e9d4b1f6"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_charter_versions_status", table_name="charter_versions")
    op.create_index(
        "ix_charter_versions_status",
        "charter_versions",
        ["status", "charter_id", "number"],
        postgresql_include=["id", "valid_from", "valid_until"],
    )


def downgrade():
    op.drop_index("ix_charter_versions_status", table_name="charter_versions")
    op.create_index("ix_charter_versions_status", "charter_versions", ["status"])
