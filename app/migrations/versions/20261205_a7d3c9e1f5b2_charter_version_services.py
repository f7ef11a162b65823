"""the services a charter version in preparation will cover: they replace the charter's when
the version starts, so a draft no longer changes the published charter

Revision ID: a7d3c9e1f5b2
Revises: f4c9a2e6b8d1
Create Date: 2026-12-05 14:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7d3c9e1f5b2"
down_revision = "f4c9a2e6b8d1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "charter_version_services",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_charter_version_services_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["charter_versions.id"],
            name=op.f("fk_charter_version_services_version_id_charter_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "version_id", "service_id", name=op.f("pk_charter_version_services")
        ),
    )


def downgrade():
    op.drop_table("charter_version_services")
