"""dependencies, offices and topics carry a version, so that a form opened before another
save (a translator's) is refused rather than overwriting it

Revision ID: d3e7a1c9f5b4
Revises: c1d5f8a3e7b2
Create Date: 2026-12-05 02:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d3e7a1c9f5b4"
down_revision = "c1d5f8a3e7b2"
branch_labels = None
depends_on = None

TABLES = ("dependencies", "offices", "topics")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
