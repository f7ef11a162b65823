"""dependencies keep their names (every language) and acronym folded, for filters that search
them when they are too many to list

Revision ID: a18fa68c4630
Revises: e5b8c2d4f6a1
Create Date: 2026-12-02 14:30:00

"""
import sqlalchemy as sa
from alembic import op

# The application's own indexing, so that the rows indexed here and those written later agree.
from app.catalog.models import dependency_search_text
from app.core.types import Translated

# revision identifiers, used by Alembic.
revision = "a18fa68c4630"
down_revision = "e5b8c2d4f6a1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("dependencies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_text", sa.Text(), server_default="", nullable=False)
        )
    dependencies = sa.table(
        "dependencies",
        sa.column("id", sa.Integer()),
        sa.column("name", Translated),
        sa.column("acronym", sa.String()),
        sa.column("search_text", sa.Text()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(dependencies.c.id, dependencies.c.name, dependencies.c.acronym)
    ).all()
    if rows:
        connection.execute(
            dependencies.update()
            .where(dependencies.c.id == sa.bindparam("row_id"))
            .values(search_text=sa.bindparam("text")),
            [
                {"row_id": row.id, "text": dependency_search_text(row.name, row.acronym)}
                for row in rows
            ],
        )


def downgrade():
    with op.batch_alter_table("dependencies", schema=None) as batch_op:
        batch_op.drop_column("search_text")
