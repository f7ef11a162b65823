"""every field the law asks a procedure to publish: steps, inspections, who issues each
requirement, forms' publication dates, prevention times, payment, criteria, appointments,
who may request it and the responsible public servant's contact

Revision ID: b3fc7658b7cb
Revises: e4a7c1d9b3f6
Create Date: 2026-12-04 06:50:00

"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy import Text  # noqa: F401  (JSONB columns render astext_type=Text())
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "b3fc7658b7cb"
down_revision = "e4a7c1d9b3f6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "subject",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "purpose",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_inspections_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspections_service_id"), ["service_id"], unique=False)

    op.create_table(
        "steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "text",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_steps_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_steps")),
    )
    with op.batch_alter_table("steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_steps_service_id"), ["service_id"], unique=False)

    with op.batch_alter_table("request_formats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published_on", sa.Date(), nullable=True))

    with op.batch_alter_table("requirements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "issuer",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("produced_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_requirements_produced_by_id"), ["produced_by_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_requirements_produced_by_id_services"),
            "services",
            ["produced_by_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "request_type",
                sa.Enum(
                    "formato",
                    "escrito_libre",
                    "ambos",
                    name="requesttype",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "applicant_type",
                sa.Enum(
                    "persona_fisica",
                    "persona_moral",
                    "ambas",
                    name="applicanttype",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("prevention_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prevention_answer_days", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "payment",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "criteria",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "appointment_required", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column(
                "appointment",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("contact_name", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column(
                "contact_position",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_services_applicanttype"), type_="check")
        batch_op.drop_constraint(op.f("ck_services_requesttype"), type_="check")
        batch_op.drop_column("contact_email")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_position")
        batch_op.drop_column("contact_name")
        batch_op.drop_column("appointment")
        batch_op.drop_column("appointment_required")
        batch_op.drop_column("criteria")
        batch_op.drop_column("payment")
        batch_op.drop_column("prevention_answer_days")
        batch_op.drop_column("prevention_days")
        batch_op.drop_column("applicant_type")
        batch_op.drop_column("request_type")

    with op.batch_alter_table("requirements", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_requirements_produced_by_id_services"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_requirements_produced_by_id"))
        batch_op.drop_column("produced_by_id")
        batch_op.drop_column("issuer")

    with op.batch_alter_table("request_formats", schema=None) as batch_op:
        batch_op.drop_column("published_on")

    with op.batch_alter_table("steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_steps_service_id"))

    op.drop_table("steps")
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspections_service_id"))

    op.drop_table("inspections")
