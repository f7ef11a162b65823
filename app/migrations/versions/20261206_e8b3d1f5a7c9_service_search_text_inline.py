"""services.search_text kept in the row (storage MAIN) on PostgreSQL: a catalog search checks it
in every row the trigram index finds, and in rows whose translated texts pushed it out to the
TOAST table each check read two or three pages more (a common word: 3,800 pages, not 1,100)

Revision ID: e8b3d1f5a7c9
Revises: d5a2e8c4f7b1
Create Date: 2026-12-06 23:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "e8b3d1f5a7c9"
down_revision = "d5a2e8c4f7b1"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE services ALTER COLUMN search_text SET STORAGE MAIN")
    # The storage applies to values written from now on: write every one again.
    op.execute("UPDATE services SET search_text = search_text || ''")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE services ALTER COLUMN search_text SET STORAGE EXTENDED")
