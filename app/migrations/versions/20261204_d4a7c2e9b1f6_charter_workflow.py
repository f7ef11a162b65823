"""charter versions go through review (status in_review), carry how to complain and a lock
version for the workspace; charter_events keep every step of their approval

Revision ID: d4a7c2e9b1f6
Revises: c7d3e9a1f5b2
Create Date: 2026-12-04 04:30:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "d4a7c2e9b1f6"
down_revision = "c7d3e9a1f5b2"
branch_labels = None
depends_on = None

STATUSES = ("draft", "published", "archived")
TRANSLATED = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
EVENT_KINDS = ("created", "submitted", "returned", "approved", "archived")


def _statuses(statuses):
    """Replace the CHECK constraint that lists the statuses of a charter version (the enum is
    stored as its values in a VARCHAR on every engine)."""
    with op.batch_alter_table("charter_versions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_charter_versions_charterstatus"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_charter_versions_charterstatus"), sa.column("status").in_(statuses)
        )


def upgrade():
    _statuses(STATUSES + ("in_review",))
    with op.batch_alter_table("charter_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("complaint_procedure", TRANSLATED, nullable=True))
        batch_op.add_column(
            sa.Column("lock_version", sa.Integer(), server_default="1", nullable=False)
        )
    op.create_table(
        "charter_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                *EVENT_KINDS,
                name="chartereventkind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),  # fmt: skip
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["charter_versions.id"],
            name=op.f("fk_charter_events_version_id_charter_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_charter_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charter_events")),
    )
    with op.batch_alter_table("charter_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_charter_events_version_id"), ["version_id"])


def downgrade():
    with op.batch_alter_table("charter_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_charter_events_version_id"))
    op.drop_table("charter_events")
    # A version in review goes back to its drafters.
    op.execute("UPDATE charter_versions SET status = 'draft' WHERE status = 'in_review'")
    with op.batch_alter_table("charter_versions", schema=None) as batch_op:
        batch_op.drop_column("lock_version")
        batch_op.drop_column("complaint_procedure")
    _statuses(STATUSES)
