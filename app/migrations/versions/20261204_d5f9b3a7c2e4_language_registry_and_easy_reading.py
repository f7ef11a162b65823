"""the registry of languages: Mexican Sign Language is mfs (not lsm, a language of Kenya) and
Otomí of the Estado de México ots; translators' interface translations; a service's summary in
plain words (easy reading)

Revision ID: d5f9b3a7c2e4
Revises: c4e8a2f6b1d3
Create Date: 2026-12-04 13:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "d5f9b3a7c2e4"
down_revision = "c4e8a2f6b1d3"
branch_labels = None
depends_on = None

RENAMED = {"lsm": "mfs", "oto": "ots"}


def _rename(table: str, mapping: dict) -> None:
    rows = sa.table(table, sa.column("id", sa.Integer), sa.column("languages", sa.JSON))
    connection = op.get_bind()
    for row_id, languages in connection.execute(sa.select(rows.c.id, rows.c.languages)):
        renamed = [mapping.get(code, code) for code in languages or []]
        if renamed != (languages or []):
            connection.execute(
                rows.update().where(rows.c.id == row_id).values(languages=renamed)
            )


def upgrade():
    _rename("services", RENAMED)
    _rename("users", RENAMED)
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
                "easy_reading",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            ))
    op.create_table(
        "interface_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=10), nullable=False),
        sa.Column("msgid", sa.Text(), nullable=False),
        sa.Column("strings", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lang", "msgid"),
    )


def downgrade():
    op.drop_table("interface_translations")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("easy_reading")
    _rename("users", {new: old for old, new in RENAMED.items()})
    _rename("services", {new: old for old, new in RENAMED.items()})
