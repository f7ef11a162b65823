"""an index of charter_services by service: a service's page and a claim's commitments find the
service's charters without reading every row

Revision ID: f4c9a2e6b8d1
Revises: e8b2d4f6a1c3
Create Date: 2026-12-05 08:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "f4c9a2e6b8d1"
down_revision = "e8b2d4f6a1c3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_charter_services_service_id", "charter_services", ["service_id"])


def downgrade():
    op.drop_index("ix_charter_services_service_id", table_name="charter_services")
