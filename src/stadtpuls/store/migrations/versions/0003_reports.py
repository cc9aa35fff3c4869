"""reports tables

Revision ID: 0003_reports
Revises: 0002_programme
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_reports"
down_revision = "0002_programme"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_snapshots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("city_ags", sa.String(length=8), nullable=False),
        sa.Column("city_name", sa.String(length=200), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("template", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_snapshots")),
    )
    op.create_index(
        op.f("ix_report_snapshots_city_ags"), "report_snapshots", ["city_ags"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_report_snapshots_city_ags"), table_name="report_snapshots")
    op.drop_table("report_snapshots")
