"""analysis results (cached rank intervals of stored rankings)

Revision ID: 0016_analysis
Revises: 0008_evidence_review
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_analysis"
down_revision = "0015_report_model"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analysis_results",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ranking", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=64), nullable=False),
        sa.Column("basis", sa.String(length=64), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_results")),
        sa.UniqueConstraint(
            "kind", "ranking", "year", "method", name=op.f("uq_analysis_results_kind")
        ),
    )


def downgrade() -> None:
    op.drop_table("analysis_results")
