"""Languages administrators add in the workspace, beside the built-in ones

Revision ID: a7d3e9c2b5f1
Revises: b7e3c9a1d5f2
Create Date: 2026-12-04 16:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "a7d3e9c2b5f1"
down_revision = "b7e3c9a1d5f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "added_languages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("tag", sa.String(length=35), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("name_es", sa.String(length=80), nullable=False),
        sa.Column("locale", sa.String(length=20), nullable=False),
        sa.Column("answers", sa.Boolean(), nullable=False),
        sa.Column("interface", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_added_languages")),
        sa.UniqueConstraint("code", name=op.f("uq_added_languages_code")),
    )


def downgrade():
    op.drop_table("added_languages")
