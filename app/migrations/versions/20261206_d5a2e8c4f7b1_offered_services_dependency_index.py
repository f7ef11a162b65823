"""an index of the dependencies of the services offered: the catalog's dependency filter asks on
every search which dependencies offer services, and read every service's row to learn it

Revision ID: d5a2e8c4f7b1
Revises: c3f9a1d7b5e2
Create Date: 2026-12-06 17:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d5a2e8c4f7b1"
down_revision = "c3f9a1d7b5e2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_services_offered_dependency_id",
        "services",
        ["dependency_id"],
        postgresql_where=sa.text("retired_on IS NULL"),
        sqlite_where=sa.text("retired_on IS NULL"),
    )


def downgrade():
    op.drop_index("ix_services_offered_dependency_id", table_name="services")
