"""the indicator recomputation reads feedback from indexes: received items (with their service
and commitment), claims about commitments and rated answers

Revision ID: e5b8c2d4f6a1
Revises: d7e2f4a9c1b3
Create Date: 2026-12-02 14:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "e5b8c2d4f6a1"
down_revision = "d7e2f4a9c1b3"
branch_labels = None
depends_on = None

FIGURES = ["type", "status", "dependency_id", "response_days", "due_days", "due_on"]


def upgrade():
    # On PostgreSQL the recomputation's scans of a million items read these indexes alone.
    op.drop_index("ix_feedback_received_on_figures", table_name="feedback")
    op.create_index(
        "ix_feedback_received_on_figures",
        "feedback",
        ["received_on"],
        postgresql_include=[*FIGURES, "service_id", "commitment_id"],
    )
    op.drop_index("ix_feedback_commitment_id", table_name="feedback")
    op.create_index(
        "ix_feedback_commitment_id",
        "feedback",
        ["commitment_id"],
        postgresql_include=[
            "received_on", "type", "status", "response_days", "due_days", "due_on",
            "service_id", "answered_at", "citizen_rating",
        ],
        postgresql_where=sa.text("commitment_id IS NOT NULL"),
    )  # fmt: skip
    # Only the satisfaction indicators read items by their answer's time, and only rated ones.
    op.drop_index("ix_feedback_answered_at", table_name="feedback")
    op.create_index(
        "ix_feedback_ratings",
        "feedback",
        ["answered_at"],
        postgresql_include=["citizen_rating", "service_id", "commitment_id"],
        postgresql_where=sa.text("citizen_rating IS NOT NULL"),
        sqlite_where=sa.text("citizen_rating IS NOT NULL"),
    )


def downgrade():
    op.drop_index("ix_feedback_ratings", table_name="feedback")
    op.create_index("ix_feedback_answered_at", "feedback", ["answered_at"])
    op.drop_index("ix_feedback_commitment_id", table_name="feedback")
    op.create_index("ix_feedback_commitment_id", "feedback", ["commitment_id"])
    op.drop_index("ix_feedback_received_on_figures", table_name="feedback")
    op.create_index(
        "ix_feedback_received_on_figures",
        "feedback",
        ["received_on"],
        postgresql_include=FIGURES,
    )
