"""retired dependencies, offices and topics (kept, no longer offered)

Revision ID: a3f9d2c6e8b1
Revises: f3b8d2a6c1e9
Create Date: 2026-12-04 07:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "a3f9d2c6e8b1"
down_revision = "f3b8d2a6c1e9"
branch_labels = None
depends_on = None

TABLES = ("dependencies", "offices", "topics")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("retired_on", sa.Date(), nullable=True))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retired_on")
