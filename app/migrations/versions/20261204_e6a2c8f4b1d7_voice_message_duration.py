"""how long a citizen's voice message lasts, so that the tracking page can say it without
playing it (unknown for messages sent before, and for recordings whose format does not say)

Revision ID: e6a2c8f4b1d7
Revises: d5f9b3a7c2e4
Create Date: 2026-12-04 15:25:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "e6a2c8f4b1d7"
down_revision = "d5f9b3a7c2e4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seconds", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_column("seconds")
