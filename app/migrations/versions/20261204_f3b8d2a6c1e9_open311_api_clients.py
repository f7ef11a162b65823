"""Open311: client applications with hashed keys, the items each sent, and the API channel

Revision ID: f3b8d2a6c1e9
Revises: f2b8d4a6c1e9
Create Date: 2026-12-04 07:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "f3b8d2a6c1e9"
down_revision = "f2b8d4a6c1e9"
branch_labels = None
depends_on = None

CHANNELS = ("web", "telefono", "presencial", "buzon", "correo")


def _channels(channels):
    """Replace the CHECK constraints that list the channels of feedback and survey responses."""
    for table in ("feedback", "survey_responses"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_channel"), type_="check")
            batch_op.create_check_constraint(
                op.f(f"ck_{table}_channel"), sa.column("channel").in_(channels)
            )


def upgrade():
    op.create_table(
        "api_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=254), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("key_hint", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_api_clients_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_clients")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_clients_key_hash")),
    )
    op.create_table(
        "api_submissions",
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["api_clients.id"], name=op.f("fk_api_submissions_client_id_api_clients")
        ),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_api_submissions_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("feedback_id", name=op.f("pk_api_submissions")),
    )
    with op.batch_alter_table("api_submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_submissions_client_id"), ["client_id"])
    _channels(CHANNELS + ("api",))


def downgrade():
    # Items sent by applications stay, as web items: the API channel no longer exists.
    op.execute("UPDATE feedback SET channel = 'web' WHERE channel = 'api'")
    _channels(CHANNELS)
    with op.batch_alter_table("api_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_submissions_client_id"))
    op.drop_table("api_submissions")
    op.drop_table("api_clients")
