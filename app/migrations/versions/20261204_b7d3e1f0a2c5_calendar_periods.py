"""the institution's non-working periods (a day or a vacation, with a reason), each stored as
its days; feedback events that record a due date moved by the calendar

Revision ID: b7d3e1f0a2c5
Revises: b3f9a2c7e1d4
Create Date: 2026-12-04 00:10:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "b7d3e1f0a2c5"
down_revision = "b3f9a2c7e1d4"
branch_labels = None
depends_on = None

EVENT_KINDS = ("created", "status_changed", "information_requested", "information_provided",
               "answered", "rated", "assigned", "note", "impact", "commitment_linked",
               "remedied")  # fmt: skip
TRANSLATED = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")


def _event_kinds(kinds):
    """Replace the CHECK constraint that lists the kinds of feedback events."""
    with op.batch_alter_table("feedback_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_feedback_events_eventkind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_feedback_events_eventkind"), sa.column("kind").in_(kinds)
        )


def upgrade():
    op.create_table(
        "non_working_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", TRANSLATED, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_non_working_periods")),
    )
    with op.batch_alter_table("non_working_periods", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_non_working_periods_first_day"), ["first_day"])
    with op.batch_alter_table("non_working_days", schema=None) as batch_op:
        batch_op.add_column(sa.Column("period_id", sa.Integer(), nullable=True))

    # Every day declared before periods existed becomes a period of its own.
    days = sa.table(
        "non_working_days",
        sa.column("id", sa.Integer()),
        sa.column("day", sa.Date()),
        sa.column("description", TRANSLATED),
        sa.column("period_id", sa.Integer()),
    )
    periods = sa.table(
        "non_working_periods",
        sa.column("id", sa.Integer()),
        sa.column("first_day", sa.Date()),
        sa.column("last_day", sa.Date()),
        sa.column("reason", TRANSLATED),
    )
    connection = op.get_bind()
    for day_id, day, description in connection.execute(
        sa.select(days.c.id, days.c.day, days.c.description).order_by(days.c.day)
    ).all():
        period_id = connection.execute(
            periods.insert()
            .values(first_day=day, last_day=day, reason=description)
            .returning(periods.c.id)
        ).scalar_one()
        connection.execute(days.update().where(days.c.id == day_id).values(period_id=period_id))

    with op.batch_alter_table("non_working_days", schema=None) as batch_op:
        batch_op.alter_column("period_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_non_working_days_period_id"), ["period_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_non_working_days_period_id_non_working_periods"),
            "non_working_periods",
            ["period_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("feedback_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_before", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("due_after", sa.Date(), nullable=True))
    _event_kinds(EVENT_KINDS + ("due_date_moved",))


def downgrade():
    op.execute("DELETE FROM feedback_events WHERE kind = 'due_date_moved'")
    _event_kinds(EVENT_KINDS)
    with op.batch_alter_table("feedback_events", schema=None) as batch_op:
        batch_op.drop_column("due_after")
        batch_op.drop_column("due_before")
    with op.batch_alter_table("non_working_days", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_non_working_days_period_id_non_working_periods"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_non_working_days_period_id"))
        batch_op.drop_column("period_id")
    with op.batch_alter_table("non_working_periods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_non_working_periods_first_day"))
    op.drop_table("non_working_periods")
