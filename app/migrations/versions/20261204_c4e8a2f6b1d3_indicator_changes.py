"""the places and months whose automatic indicator results changes made stale

Revision ID: c4e8a2f6b1d3
Revises: c8e4a2f6b1d3
Create Date: 2026-12-04 13:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c4e8a2f6b1d3"
down_revision = "c8e4a2f6b1d3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "indicator_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_changes")),
    )


def downgrade():
    op.drop_table("indicator_changes")
