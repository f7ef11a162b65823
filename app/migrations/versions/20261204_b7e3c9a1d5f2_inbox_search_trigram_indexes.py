"""the inbox's search by folio or text from trigram indexes (PostgreSQL only)

Revision ID: b7e3c9a1d5f2
Revises: e6a2c8f4b1d7
Create Date: 2026-12-04 15:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "b7e3c9a1d5f2"
down_revision = "e6a2c8f4b1d7"
branch_labels = None
depends_on = None

COLUMNS = ("folio", "text")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # other engines search by reading the items, without an index
    # Trusted extension (PostgreSQL 13+): the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # Built without locking out writes: citizens keep submitting while a million texts are
    # indexed (CONCURRENTLY runs outside a transaction).
    with op.get_context().autocommit_block():
        for name in COLUMNS:
            op.create_index(
                f"ix_feedback_{name}_trgm",
                "feedback",
                [name],
                postgresql_using="gin",
                postgresql_ops={name: "gin_trgm_ops"},
                postgresql_concurrently=True,
            )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    with op.get_context().autocommit_block():
        for name in COLUMNS:
            op.drop_index(
                f"ix_feedback_{name}_trgm", table_name="feedback", postgresql_concurrently=True
            )
