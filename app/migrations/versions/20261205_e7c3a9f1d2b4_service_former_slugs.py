"""the address keys services had before: old links and printed QR codes lead to the service

Revision ID: e7c3a9f1d2b4
Revises: d5f1b3a8c6e2
Create Date: 2026-12-05 18:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e7c3a9f1d2b4"
down_revision = "d5f1b3a8c6e2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "service_former_slugs",
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_service_former_slugs_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_service_former_slugs")),
    )
    op.create_index(
        "ix_service_former_slugs_service_id", "service_former_slugs", ["service_id"]
    )


def downgrade():
    op.drop_index("ix_service_former_slugs_service_id", table_name="service_former_slugs")
    op.drop_table("service_former_slugs")
