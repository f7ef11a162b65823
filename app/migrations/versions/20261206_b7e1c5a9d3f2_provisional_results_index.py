"""an index of the provisional results: every nightly recomputation reads them (the results
time alone may change, the manual ones to judge once their period ends) without reading the
hundreds of thousands of others

Revision ID: b7e1c5a9d3f2
Revises: a4d8c2f6e1b3
Create Date: 2026-12-06 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e1c5a9d3f2"
down_revision = "a4d8c2f6e1b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_measurements_provisional",
        "measurements",
        ["indicator_id", "period"],
        postgresql_include=["pending"],
        postgresql_where=sa.text("status = 'provisional'"),
        sqlite_where=sa.text("status = 'provisional'"),
    )


def downgrade():
    op.drop_index("ix_measurements_provisional", table_name="measurements")
