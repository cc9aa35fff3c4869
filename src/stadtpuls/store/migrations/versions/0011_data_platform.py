"""data platform: KPI sources, read positions, observations; provenance of measurements

Revision ID: 0011_data_platform
Revises: 0008_evidence_review
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_data_platform"
down_revision = "0010_ranking_cache"
branch_labels = None
depends_on = None

MEASUREMENT_COLUMNS = (
    ("origin", sa.String(20), "entered"),
    ("source", sa.Text(), None),
    ("query", sa.Text(), None),
    ("period_start", sa.Date(), None),
    ("period_end", sa.Date(), None),
    ("retrieved_at", sa.DateTime(timezone=True), None),
    ("author", sa.String(100), None),
    ("recorded_at", sa.DateTime(timezone=True), None),
    ("corrects", sa.Integer(), None),
)


def upgrade() -> None:
    op.create_table(
        "platform_sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("kpi_key", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("streams", sa.JSON(), nullable=False),
        sa.Column("path", sa.String(500), nullable=True),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("statistic", sa.String(20), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("interval_seconds", sa.Integer(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("orderby", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("synced_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name="fk_platform_sources_programme_id_programmes",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_platform_sources"),
        sa.UniqueConstraint("programme_id", "kpi_key", name="uq_platform_sources_programme_id"),
    )
    op.create_index("ix_platform_sources_programme_id", "platform_sources", ["programme_id"])
    op.create_table(
        "platform_positions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("stream", sa.String(500), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=True),
        sa.Column("next_link", sa.Text(), nullable=True),
        sa.Column("pass_started", sa.DateTime(), nullable=True),
        sa.Column("newest", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["platform_sources.id"],
            name="fk_platform_positions_source_id_platform_sources",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_platform_positions"),
        sa.UniqueConstraint("source_id", "stream", name="uq_platform_positions_source_id"),
    )
    op.create_table(
        "platform_observations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("stream", sa.String(500), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("time", sa.DateTime(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["platform_sources.id"],
            name="fk_platform_observations_source_id_platform_sources",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_platform_observations"),
        sa.UniqueConstraint(
            "source_id", "stream", "key", name="uq_platform_observations_source_id"
        ),
    )
    with op.batch_alter_table("programme_measurements") as batch:
        for name, type_, default in MEASUREMENT_COLUMNS:
            batch.add_column(
                sa.Column(
                    name,
                    type_,
                    nullable=default is None,
                    server_default=default,
                )
            )


def downgrade() -> None:
    with op.batch_alter_table("programme_measurements") as batch:
        for name, _type, _default in MEASUREMENT_COLUMNS:
            batch.drop_column(name)
    op.drop_table("platform_observations")
    op.drop_table("platform_positions")
    op.drop_table("platform_sources")
