"""a version per service (optimistic locking in the catalog workspace) and retired services

Revision ID: c7d3e9a1f5b2
Revises: b7d3e1f0a2c5
Create Date: 2026-12-04 00:20:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c7d3e9a1f5b2"
down_revision = "b7d3e1f0a2c5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("retired_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("replaced_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_services_replaced_by_id_services"), "services", ["replaced_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_services_replaced_by_id_services"), type_="foreignkey"
        )
        batch_op.drop_column("replaced_by_id")
        batch_op.drop_column("retired_on")
        batch_op.drop_column("version")
