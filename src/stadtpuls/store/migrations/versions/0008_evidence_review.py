"""evidence findings and their review

Revision ID: 0008_evidence_review
Revises: 0007_evidence_crawl
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_evidence_review"
down_revision = "0007_evidence_crawl"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_findings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("ags", sa.String(8), nullable=False),
        sa.Column("indicator", sa.String(100), nullable=False),
        sa.Column("page_url", sa.String(2000), nullable=False),
        sa.Column("snippet", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(500), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("link", sa.String(2000), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["crawl_id"],
            ["evidence_crawls.id"],
            name="fk_evidence_findings_crawl_id_evidence_crawls",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["evidence_pages.id"],
            name="fk_evidence_findings_page_id_evidence_pages",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_findings"),
    )
    op.create_index(
        "ix_evidence_findings_crawl_indicator", "evidence_findings", ["crawl_id", "indicator"]
    )
    op.create_index("ix_evidence_findings_page_id", "evidence_findings", ["page_id"])
    op.create_index("ix_evidence_findings_ags", "evidence_findings", ["ags"])


def downgrade() -> None:
    op.drop_table("evidence_findings")
