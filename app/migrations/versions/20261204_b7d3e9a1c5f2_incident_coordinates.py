"""where it happened as coordinates: the feedback form's and Open311's optional latitude and
longitude of the place

Revision ID: b7d3e9a1c5f2
Revises: b5d1e7a3c9f2
Create Date: 2026-12-04 12:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "b7d3e9a1c5f2"
down_revision = "b5d1e7a3c9f2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("incident_latitude", sa.Numeric(precision=9, scale=6), nullable=True)
        )
        batch_op.add_column(
            sa.Column("incident_longitude", sa.Numeric(precision=9, scale=6), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_column("incident_longitude")
        batch_op.drop_column("incident_latitude")
