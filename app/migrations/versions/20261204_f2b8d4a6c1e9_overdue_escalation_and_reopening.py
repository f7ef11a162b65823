"""overdue items escalated, answers reopened by the citizen, where to escalate

Revision ID: f2b8d4a6c1e9
Revises: f2b8d4c6a9e1
Create Date: 2026-12-04 07:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "f2b8d4a6c1e9"
down_revision = "f2b8d4c6a9e1"
branch_labels = None
depends_on = None

EVENT_KINDS = ("created", "status_changed", "information_requested", "information_provided",
               "answered", "rated", "assigned", "note", "impact", "commitment_linked",
               "remedied", "due_date_moved")  # fmt: skip
NEW_KINDS = ("escalated", "reopened", "code_reissued")
TRANSLATED = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _event_kinds(kinds):
    """Replace the CHECK constraint that lists the kinds of feedback events."""
    with op.batch_alter_table("feedback_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_feedback_events_eventkind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_feedback_events_eventkind"), sa.column("kind").in_(kinds)
        )


def upgrade():
    _event_kinds(EVENT_KINDS + NEW_KINDS)
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(
            sa.Column("escalation_level", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("reopened_at", sa.DateTime(), nullable=True))
        batch.create_index(
            "ix_feedback_reopened",
            ["received_on"],
            unique=False,
            postgresql_where=sa.text("reopened_at IS NOT NULL"),
            sqlite_where=sa.text("reopened_at IS NOT NULL"),
        )
    with op.batch_alter_table("institution") as batch:
        batch.add_column(sa.Column("escalation", TRANSLATED, nullable=False, server_default="{}"))


def downgrade():
    op.execute(sa.text("DELETE FROM feedback_events WHERE kind IN ('escalated', 'reopened', "
                       "'code_reissued')"))  # fmt: skip
    _event_kinds(EVENT_KINDS)
    with op.batch_alter_table("institution") as batch:
        batch.drop_column("escalation")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_index("ix_feedback_reopened")
        batch.drop_column("reopened_at")
        batch.drop_column("escalation_level")
