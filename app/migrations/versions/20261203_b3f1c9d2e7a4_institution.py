"""the institution's identity and contacts (one row), editable at /admin/institucion

Revision ID: b3f1c9d2e7a4
Revises: a18fa68c4630
Create Date: 2026-12-03 23:59:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "b3f1c9d2e7a4"
down_revision = "a18fa68c4630"
branch_labels = None
depends_on = None

TRANSLATED = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table(
        "institution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", TRANSLATED, nullable=False),
        sa.Column("short_name", TRANSLATED, nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("privacy_controller", sa.String(length=300), nullable=False),
        sa.Column("privacy_email", sa.String(length=254), nullable=False),
        sa.Column("privacy_phone", sa.String(length=40), nullable=False),
        sa.Column("accessibility_email", sa.String(length=254), nullable=False),
        sa.Column("accessibility_phone", sa.String(length=40), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_type", sa.String(length=40), nullable=True),
        sa.Column("logo_digest", sa.String(length=64), nullable=True),
        sa.Column("logo_alt", TRANSLATED, nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_institution")),
    )


def downgrade():
    op.drop_table("institution")
