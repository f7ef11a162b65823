"""yearly evaluations of charters: the quality unit's draft and the published revisions

Revision ID: e4a7c1d9b3f6
Revises: d4a7c2e9b1f6
Create Date: 2026-12-04 04:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "e4a7c1d9b3f6"
down_revision = "d4a7c2e9b1f6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evaluation_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("charter_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("conclusions", sa.JSON(), nullable=False),
        sa.Column("overall_note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["charter_id"], ["charters.id"], name=op.f("fk_evaluation_drafts_charter_id_charters")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_evaluation_drafts_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_drafts")),
        sa.UniqueConstraint("charter_id", "year", name=op.f("uq_evaluation_drafts_charter_id")),
    )
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("charter_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["charter_id"], ["charters.id"], name=op.f("fk_evaluations_charter_id_charters")
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["users.id"], name=op.f("fk_evaluations_published_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
        sa.UniqueConstraint(
            "charter_id", "year", "revision", name=op.f("uq_evaluations_charter_id")
        ),
    )
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluations_charter_id"), ["charter_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_evaluations_published_at"), ["published_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluations_published_at"))
        batch_op.drop_index(batch_op.f("ix_evaluations_charter_id"))
    op.drop_table("evaluations")
    op.drop_table("evaluation_drafts")
