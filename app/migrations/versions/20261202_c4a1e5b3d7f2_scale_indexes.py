"""indexes for data at scale: catalog search, inbox order, results of a period

Revision ID: c4a1e5b3d7f2
Revises: 69e8ffe459f8
Create Date: 2026-12-02 06:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "c4a1e5b3d7f2"
down_revision = "69e8ffe459f8"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # Trusted extension (PostgreSQL 13+): the database owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_services_search_text_trgm",
        "services",
        ["search_text"],
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.create_index("ix_feedback_due_on_id", "feedback", ["due_on", "id"])
    op.create_index(
        "ix_feedback_language_response_days", "feedback", ["language", "response_days"]
    )
    op.create_index(
        "ix_charter_versions_published_on", "charter_versions", ["published_on"]
    )
    op.create_index(
        "ix_measurements_period_indicator_status",
        "measurements",
        ["period", "indicator_id", "status"],
    )


def downgrade():
    op.drop_index("ix_measurements_period_indicator_status", table_name="measurements")
    op.drop_index("ix_charter_versions_published_on", table_name="charter_versions")
    op.drop_index("ix_feedback_language_response_days", table_name="feedback")
    op.drop_index("ix_feedback_due_on_id", table_name="feedback")
    op.drop_index("ix_services_search_text_trgm", table_name="services")
