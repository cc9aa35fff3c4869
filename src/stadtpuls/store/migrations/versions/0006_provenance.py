"""method records of computed rankings and named pipelines per framework

Revision ID: 0006_provenance
Revises: 0005_sessions
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_provenance"
down_revision = "0005_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ranking_provenance",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("framework", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("pipeline_name", sa.String(length=200), nullable=False),
        sa.Column("framework_sha256", sa.String(length=64), nullable=False),
        sa.Column("pipeline", sa.Text(), nullable=False),
        sa.Column("imports", sa.Text(), nullable=False),
        sa.Column("software", sa.String(length=100), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework"],
            ["ranking_frameworks.code"],
            name=op.f("fk_ranking_provenance_framework_ranking_frameworks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranking_provenance")),
        sa.UniqueConstraint(
            "framework", "year", "pipeline_name", name=op.f("uq_ranking_provenance_framework")
        ),
    )
    op.create_table(
        "ranking_pipelines",
        sa.Column("framework", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework"],
            ["ranking_frameworks.code"],
            name=op.f("fk_ranking_pipelines_framework_ranking_frameworks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("framework", "name", name=op.f("pk_ranking_pipelines")),
    )


def downgrade() -> None:
    op.drop_table("ranking_pipelines")
    op.drop_table("ranking_provenance")
