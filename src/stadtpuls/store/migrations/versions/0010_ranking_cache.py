"""computed rankings kept for every process (compute once, share everywhere)

Revision ID: 0010_ranking_cache
Revises: 0008_evidence_review
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_ranking_cache"
down_revision = "0008_evidence_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ranking_cache",
        sa.Column("framework", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("pipeline_name", sa.String(length=200), nullable=False),
        sa.Column("pipeline_sha256", sa.String(length=64), nullable=False),
        sa.Column("framework_sha256", sa.String(length=64), nullable=False),
        sa.Column("software", sa.String(length=100), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework"],
            ["ranking_frameworks.code"],
            name=op.f("fk_ranking_cache_framework_ranking_frameworks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "framework", "year", "pipeline_name", "pipeline_sha256", name=op.f("pk_ranking_cache")
        ),
    )


def downgrade() -> None:
    op.drop_table("ranking_cache")
