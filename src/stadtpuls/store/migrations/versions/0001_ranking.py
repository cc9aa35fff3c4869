"""ranking tables

Revision ID: 0001_ranking
Revises: None
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_ranking"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ranking_frameworks",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_ranking_frameworks")),
    )
    op.create_table(
        "ranking_result_sets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ranking", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("citation", sa.Text(), nullable=True),
        sa.Column("areas", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranking_result_sets")),
        sa.UniqueConstraint("ranking", "year", name=op.f("uq_ranking_result_sets_ranking")),
    )
    op.create_table(
        "ranking_imports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("framework", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("years", sa.String(length=200), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework"],
            ["ranking_frameworks.code"],
            name=op.f("fk_ranking_imports_framework_ranking_frameworks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranking_imports")),
    )
    op.create_index(
        op.f("ix_ranking_imports_framework"), "ranking_imports", ["framework"], unique=False
    )
    op.create_table(
        "ranking_result_values",
        sa.Column("result_set", sa.Integer(), nullable=False),
        sa.Column("ags", sa.String(length=8), nullable=False),
        sa.Column("node", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("rank", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["result_set"],
            ["ranking_result_sets.id"],
            name=op.f("fk_ranking_result_values_result_set_ranking_result_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("result_set", "ags", "node", name=op.f("pk_ranking_result_values")),
    )
    op.create_table(
        "ranking_indicators",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("framework", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework"],
            ["ranking_frameworks.code"],
            name=op.f("fk_ranking_indicators_framework_ranking_frameworks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranking_indicators")),
        sa.UniqueConstraint("framework", "code", name=op.f("uq_ranking_indicators_framework")),
    )
    op.create_table(
        "ranking_observations",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("ags", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("seen_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("year", "ags", "indicator", name=op.f("pk_ranking_observations")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("ranking_observations")
    op.drop_table("ranking_indicators")
    op.drop_table("ranking_result_values")
    op.drop_index(op.f("ix_ranking_imports_framework"), table_name="ranking_imports")
    op.drop_table("ranking_imports")
    op.drop_table("ranking_result_sets")
    op.drop_table("ranking_frameworks")
