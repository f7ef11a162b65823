"""charters carry a version, so that a translator's form opened before another save of the
title (a translator's, an import's) is refused rather than overwriting it

Revision ID: b8e4d2f7a9c3
Revises: a7d3c9e1f5b2
Create Date: 2026-12-05 15:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b8e4d2f7a9c3"
down_revision = "a7d3c9e1f5b2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("charters") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade():
    with op.batch_alter_table("charters") as batch:
        batch.drop_column("version")
