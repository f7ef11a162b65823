"""the inbox a page at a time from an item's place in its order, and its figures from bounded
reads: an index of open items in its order, on status and dependency, and on the latest
answers per language

Revision ID: c8e4a2f6b1d3
Revises: 1e69d4809465
Create Date: 2026-12-04 12:45:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c8e4a2f6b1d3"
down_revision = "1e69d4809465"
branch_labels = None
depends_on = None

OPEN_STATUSES = "status IN ('received', 'in_review', 'waiting_citizen')"


def upgrade():
    op.create_index(
        "ix_feedback_inbox_open",
        "feedback",
        ["due_on", "id"],
        postgresql_where=sa.text(OPEN_STATUSES),
        sqlite_where=sa.text(OPEN_STATUSES),
    )
    op.create_index("ix_feedback_status_dependency_id", "feedback", ["status", "dependency_id"])
    op.create_index(
        "ix_feedback_answers_by_language",
        "feedback",
        ["language", "id"],
        postgresql_include=["response_days", "dependency_id"],
        postgresql_where=sa.text("response_days IS NOT NULL"),
        sqlite_where=sa.text("response_days IS NOT NULL"),
    )


def downgrade():
    op.drop_index("ix_feedback_answers_by_language", table_name="feedback")
    op.drop_index("ix_feedback_status_dependency_id", table_name="feedback")
    op.drop_index("ix_feedback_inbox_open", table_name="feedback")
