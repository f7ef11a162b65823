"""a session generation per account (to end its sessions) and the single-use links of
invitations and password resets

Revision ID: b3f9a2c7e1d4
Revises: a18fa68c4630
Create Date: 2026-12-03 23:59:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "b3f9a2c7e1d4"
down_revision = "a18fa68c4630"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
