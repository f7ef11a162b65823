"""figures that never flatter: the day an item was dismissed (a dismissal after the due date
stays late) and the time of the answer a rating rates (its period does not move on reopening)

Revision ID: a9c4e2f7d1b8
Revises: a3f9d2c6e8b1
Create Date: 2026-12-04 07:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "a9c4e2f7d1b8"
down_revision = "a3f9d2c6e8b1"
branch_labels = None
depends_on = None

FIGURES = ["type", "status", "dependency_id", "response_days", "due_days", "due_on"]


def upgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dismissed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("rated_answer_at", sa.DateTime(), nullable=True))
    feedback = sa.table(
        "feedback",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("answered_at", sa.DateTime),
        sa.column("citizen_rating", sa.Integer),
        sa.column("dismissed_on", sa.Date),
        sa.column("rated_answer_at", sa.DateTime),
    )
    events = sa.table(
        "feedback_events",
        sa.column("feedback_id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("to_status", sa.String),
        sa.column("at", sa.DateTime),
        sa.column("on", sa.Date),
    )
    # The day of the last dismissal, from the history.
    op.execute(
        feedback.update()
        .where(feedback.c.status == "dismissed")
        .values(
            dismissed_on=sa.select(sa.func.max(events.c.on))
            .where(events.c.feedback_id == feedback.c.id, events.c.to_status == "dismissed")
            .scalar_subquery()
        )
    )
    # The answer a rating rates: the last one given before the citizen rated.
    rated = events.alias("rated")
    first_rating = (
        sa.select(sa.func.min(rated.c.at))
        .where(rated.c.feedback_id == feedback.c.id, rated.c.kind == "rated")
        .scalar_subquery()
    )
    rated_answer = (
        sa.select(sa.func.max(events.c.at))
        .where(
            events.c.feedback_id == feedback.c.id,
            events.c.kind == "answered",
            events.c.at <= first_rating,
        )
        .scalar_subquery()
    )
    op.execute(
        feedback.update()
        .where(feedback.c.citizen_rating.is_not(None))
        .values(rated_answer_at=sa.func.coalesce(rated_answer, feedback.c.answered_at))
    )
    op.drop_index("ix_feedback_received_on_figures", table_name="feedback")
    op.create_index(
        "ix_feedback_received_on_figures",
        "feedback",
        ["received_on"],
        postgresql_include=[*FIGURES, "service_id", "commitment_id", "dismissed_on"],
    )
    op.drop_index("ix_feedback_commitment_id", table_name="feedback")
    op.create_index(
        "ix_feedback_commitment_id",
        "feedback",
        ["commitment_id"],
        postgresql_include=[
            "received_on", "type", "status", "response_days", "due_days", "due_on",
            "service_id", "dismissed_on", "rated_answer_at", "citizen_rating",
        ],
        postgresql_where=sa.text("commitment_id IS NOT NULL"),
    )  # fmt: skip
    op.drop_index("ix_feedback_ratings", table_name="feedback")
    op.create_index(
        "ix_feedback_ratings",
        "feedback",
        ["rated_answer_at"],
        postgresql_include=["citizen_rating", "service_id", "commitment_id", "dependency_id"],
        postgresql_where=sa.text("citizen_rating IS NOT NULL"),
        sqlite_where=sa.text("citizen_rating IS NOT NULL"),
    )


def downgrade():
    op.drop_index("ix_feedback_ratings", table_name="feedback")
    op.create_index(
        "ix_feedback_ratings",
        "feedback",
        ["answered_at"],
        postgresql_include=["citizen_rating", "service_id", "commitment_id"],
        postgresql_where=sa.text("citizen_rating IS NOT NULL"),
        sqlite_where=sa.text("citizen_rating IS NOT NULL"),
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
    op.drop_index("ix_feedback_received_on_figures", table_name="feedback")
    op.create_index(
        "ix_feedback_received_on_figures",
        "feedback",
        ["received_on"],
        postgresql_include=[*FIGURES, "service_id", "commitment_id"],
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_column("rated_answer_at")
        batch_op.drop_column("dismissed_on")
