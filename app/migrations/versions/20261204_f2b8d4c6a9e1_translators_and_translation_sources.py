"""translators: the translator role, their languages, and the Spanish each translation is from

Revision ID: f2b8d4c6a9e1
Revises: b3fc7658b7cb
Create Date: 2026-12-04 07:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "f2b8d4c6a9e1"
down_revision = "b3fc7658b7cb"
branch_labels = None
depends_on = None

ROLES = ("admin", "coordinator", "manager", "responder", "viewer")


def _roles(roles):
    """Replace the CHECK constraint that lists the roles (the enum is stored as its values in a
    VARCHAR on every engine)."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_users_role"), sa.column("role").in_(roles))


def upgrade():
    _roles(ROLES + ("translator",))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("translation_languages", sa.JSON(), server_default="[]", nullable=False)
        )
    op.create_table(
        "translation_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=120), nullable=False),
        sa.Column("lang", sa.String(length=10), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("marker", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_sources")),
        sa.UniqueConstraint(
            "kind", "owner_id", "path", "lang", name=op.f("uq_translation_sources_kind")
        ),
    )
    with op.batch_alter_table("translation_sources", schema=None) as batch_op:
        batch_op.create_index("ix_translation_sources_lang_marker", ["lang", "marker"])


def downgrade():
    op.drop_table("translation_sources")
    op.execute("DELETE FROM users WHERE role = 'translator'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("translation_languages")
    _roles(ROLES)
