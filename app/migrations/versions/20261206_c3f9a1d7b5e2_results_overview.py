"""the home page's overview of results, kept counted (results_overview)

Revision ID: c3f9a1d7b5e2
Revises: b7e1c5a9d3f2
Create Date: 2026-12-06 17:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c3f9a1d7b5e2"
down_revision = "b7e1c5a9d3f2"
branch_labels = None
depends_on = None


def upgrade():
    # Empty: the home page counts its figures from the results until the next commit that
    # changes results or charters, or the next ``flask indicators recompute``, keeps them.
    op.create_table(
        "results_overview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counted_on", sa.Date(), nullable=False),
        sa.Column("valid_before", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=True),
        sa.Column("met", sa.Integer(), nullable=False),
        sa.Column("not_met", sa.Integer(), nullable=False),
        sa.Column("no_data", sa.Integer(), nullable=False),
        sa.Column("provisional", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_results_overview")),
    )


def downgrade():
    op.drop_table("results_overview")
