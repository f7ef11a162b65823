"""a claim's breach confirmed, or not, is an event of its history

Revision ID: c1d5f8a3e7b2
Revises: b9c4e7a2d5f8
Create Date: 2026-12-05 02:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c1d5f8a3e7b2"
down_revision = "b9c4e7a2d5f8"
branch_labels = None
depends_on = None

EVENT_KINDS = ("created", "status_changed", "information_requested", "information_provided",
               "answered", "rated", "assigned", "note", "impact", "commitment_linked",
               "remedied", "due_date_moved", "escalated", "reopened", "code_reissued")  # fmt: skip
NEW_KINDS = ("breach_confirmed", "breach_not_confirmed")


def _event_kinds(kinds):
    """Replace the CHECK constraint that lists the kinds of feedback events."""
    with op.batch_alter_table("feedback_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_feedback_events_eventkind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_feedback_events_eventkind"), sa.column("kind").in_(kinds)
        )


def upgrade():
    _event_kinds(EVENT_KINDS + NEW_KINDS)


def downgrade():
    op.execute(
        sa.text("DELETE FROM feedback_events WHERE kind IN ('breach_confirmed', "
                "'breach_not_confirmed')")
    )  # fmt: skip
    _event_kinds(EVENT_KINDS)
