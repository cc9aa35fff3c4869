"""programme tables

Revision ID: 0002_programme
Revises: 0001_ranking
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_programme"
down_revision = "0001_ranking"
branch_labels = None
depends_on = None

KEY = sa.String(100)


def _programme_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["programme_id"],
        ["programmes.id"],
        ondelete="CASCADE",
        name=f"fk_{table}_programme_id_programmes",
    )


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", KEY, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("vision", sa.Text(), nullable=True),
        sa.Column("mission", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_programmes"),
        sa.UniqueConstraint("key", name="uq_programmes_key"),
    )
    op.create_table(
        "programme_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", KEY, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", KEY, nullable=True),
        _programme_fk("programme_entities"),
        sa.PrimaryKeyConstraint("id", name="pk_programme_entities"),
        sa.UniqueConstraint(
            "programme_id", "kind", "key", name="uq_programme_entities_programme_id"
        ),
    )
    op.create_index("ix_programme_entities_programme_id", "programme_entities", ["programme_id"])
    op.create_table(
        "programme_status_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("item_key", KEY, nullable=False),
        sa.Column("reporting_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("light", sa.String(20), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("author", KEY, nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        _programme_fk("programme_status_entries"),
        sa.PrimaryKeyConstraint("id", name="pk_programme_status_entries"),
    )
    op.create_index(
        "ix_programme_status_entries_programme_id", "programme_status_entries", ["programme_id"]
    )
    op.create_table(
        "programme_measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("kpi_key", KEY, nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _programme_fk("programme_measurements"),
        sa.PrimaryKeyConstraint("id", name="pk_programme_measurements"),
    )
    op.create_index(
        "ix_programme_measurements_programme_id", "programme_measurements", ["programme_id"]
    )
    op.create_table(
        "programme_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", KEY, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", KEY, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        _programme_fk("programme_audit"),
        sa.PrimaryKeyConstraint("id", name="pk_programme_audit"),
    )
    op.create_index("ix_programme_audit_programme_id", "programme_audit", ["programme_id"])


def downgrade() -> None:
    for table in (
        "programme_audit",
        "programme_measurements",
        "programme_status_entries",
        "programme_entities",
    ):
        op.drop_index(f"ix_{table}_programme_id", table_name=table)
        op.drop_table(table)
    op.drop_table("programmes")
