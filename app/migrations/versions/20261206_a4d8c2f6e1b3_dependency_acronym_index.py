"""an index of dependencies by folded acronym: catalog search looks its words up among the
acronyms on every search (PostgreSQL only: SQLite's ``lower`` is the portal's own function)

Revision ID: a4d8c2f6e1b3
Revises: e7c3a9f1d2b4
Create Date: 2026-12-06 00:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "a4d8c2f6e1b3"
down_revision = "e7c3a9f1d2b4"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_dependencies_acronym_lower ON dependencies (lower(acronym))")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_dependencies_acronym_lower", table_name="dependencies")
