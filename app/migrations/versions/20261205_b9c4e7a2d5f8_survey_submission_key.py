"""a satisfaction survey's form key, so that the same form sent twice is one response
(none for the responses recorded before)

Revision ID: b9c4e7a2d5f8
Revises: c4e8a2f6b9d3
Create Date: 2026-12-05 01:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b9c4e7a2d5f8"
down_revision = "c4e8a2f6b9d3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_survey_responses_submission_key"), ["submission_key"]
        )


def downgrade():
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_survey_responses_submission_key"), type_="unique")
        batch_op.drop_column("submission_key")
