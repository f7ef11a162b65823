"""the rated answers by service, and the claims' breaches and remedies by commitment: a charter
page counts its ratings and remedies per quarter from indexes instead of reading the items

Revision ID: c2a7e9d4b1f6
Revises: b8e4d2f7a9c3
Create Date: 2026-12-05 17:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c2a7e9d4b1f6"
down_revision = "b8e4d2f7a9c3"
branch_labels = None
depends_on = None


COMMITMENT_FIGURES = [
    "received_on", "type", "status", "response_days", "due_days", "due_on",
    "service_id", "dismissed_on", "rated_answer_at", "citizen_rating",
]  # fmt: skip


def _commitment_index(figures: list[str]) -> None:
    op.drop_index("ix_feedback_commitment_id", table_name="feedback")
    op.create_index(
        "ix_feedback_commitment_id",
        "feedback",
        ["commitment_id"],
        postgresql_include=figures,
        postgresql_where=sa.text("commitment_id IS NOT NULL"),
    )


def upgrade():
    _commitment_index([*COMMITMENT_FIGURES, "breach_confirmed", "remedied_on"])
    op.create_index(
        "ix_feedback_service_ratings",
        "feedback",
        ["service_id", "rated_answer_at"],
        postgresql_include=["citizen_rating"],
        postgresql_where=sa.text("citizen_rating IS NOT NULL"),
        sqlite_where=sa.text("citizen_rating IS NOT NULL"),
    )


def downgrade():
    _commitment_index(COMMITMENT_FIGURES)
    op.drop_index("ix_feedback_service_ratings", table_name="feedback")
