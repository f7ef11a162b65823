"""quarter compliance per charter version (derived from the measurements); claims by
commitment; no index of measurements by period; the dashboard's figures in an index

Revision ID: d7e2f4a9c1b3
Revises: c4a1e5b3d7f2
Create Date: 2026-12-02 10:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "d7e2f4a9c1b3"
down_revision = "c4a1e5b3d7f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "quarter_compliance",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("met", sa.Integer(), nullable=False),
        sa.Column("not_met", sa.Integer(), nullable=False),
        sa.Column("no_data", sa.Integer(), nullable=False),
        sa.Column("provisional", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["charter_versions.id"],
            name=op.f("fk_quarter_compliance_version_id_charter_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "period", name=op.f("pk_quarter_compliance")),
    )
    op.create_index(
        op.f("ix_quarter_compliance_period"), "quarter_compliance", ["period"], unique=False
    )
    # The results pages read quarter_compliance now; the index only slowed the rewrites.
    op.drop_index("ix_measurements_period_indicator_status", table_name="measurements")
    # A charter's claims about its commitments (its page counts them per month).
    op.create_index(
        op.f("ix_feedback_commitment_id"), "feedback", ["commitment_id"], unique=False
    )
    # The dashboard's year of items, read from the index alone on PostgreSQL.
    op.drop_index("ix_feedback_received_on", table_name="feedback")
    op.create_index(
        "ix_feedback_received_on_figures",
        "feedback",
        ["received_on"],
        postgresql_include=[
            "type", "status", "dependency_id", "response_days", "due_days", "due_on",
        ],
    )  # fmt: skip
    # The figures of the results already measured.
    op.execute(
        """
        INSERT INTO quarter_compliance (version_id, period, met, not_met, no_data, provisional)
        SELECT commitments.version_id, measurements.period,
               SUM(CASE WHEN measurements.status = 'met' THEN 1 ELSE 0 END),
               SUM(CASE WHEN measurements.status = 'not_met' THEN 1 ELSE 0 END),
               SUM(CASE WHEN measurements.status = 'no_data' THEN 1 ELSE 0 END),
               SUM(CASE WHEN measurements.status = 'provisional' THEN 1 ELSE 0 END)
        FROM measurements
        JOIN indicators ON indicators.id = measurements.indicator_id
        JOIN commitments ON commitments.id = indicators.commitment_id
        WHERE measurements.period LIKE '%-T%'
        GROUP BY commitments.version_id, measurements.period
        """
    )


def downgrade():
    op.drop_index("ix_feedback_received_on_figures", table_name="feedback")
    op.create_index("ix_feedback_received_on", "feedback", ["received_on"])
    op.create_index(
        "ix_measurements_period_indicator_status",
        "measurements",
        ["period", "indicator_id", "status"],
    )
    op.drop_index(op.f("ix_feedback_commitment_id"), table_name="feedback")
    op.drop_index(op.f("ix_quarter_compliance_period"), table_name="quarter_compliance")
    op.drop_table("quarter_compliance")
