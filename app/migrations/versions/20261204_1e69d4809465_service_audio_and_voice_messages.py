"""recorded audio of a service's description and requirements per language, and citizens'
voice messages (an attachment marked as the item's spoken message)

Revision ID: 1e69d4809465
Revises: b7d3e9a1c5f2
Create Date: 2026-12-04 12:16:53

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "1e69d4809465"
down_revision = "b7d3e9a1c5f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "service_audio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column(
            "part",
            sa.Enum(
                "descripcion",
                "requisitos",
                name="audiopart",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("transcript", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_service_audio_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_service_audio_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_audio")),
        sa.UniqueConstraint(
            "service_id", "language", "part", name=op.f("uq_service_audio_service_id")
        ),
        sa.UniqueConstraint("stored_name", name=op.f("uq_service_audio_stored_name")),
    )
    with op.batch_alter_table("service_audio", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_audio_service_id"), ["service_id"])
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("voice", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_column("voice")
    with op.batch_alter_table("service_audio", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_audio_service_id"))
    op.drop_table("service_audio")
