"""evidence crawl tables: city sites, crawls, pages

Revision ID: 0007_evidence_crawl
Revises: 0006_provenance
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_evidence_crawl"
down_revision = "0006_provenance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_sites",
        sa.Column("ags", sa.String(8), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("ags", name="pk_evidence_sites"),
    )
    op.create_table(
        "evidence_crawls",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ags", sa.String(8), nullable=False),
        sa.Column("start_url", sa.String(2000), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_crawls"),
    )
    op.create_index("ix_evidence_crawls_ags", "evidence_crawls", ["ags"])
    op.create_table(
        "evidence_pages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(500), nullable=True),
        sa.Column("text_sha256", sa.String(64), nullable=True),
        sa.Column("skipped", sa.String(32), nullable=True),
        sa.Column("from_cache", sa.Boolean(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["crawl_id"],
            ["evidence_crawls.id"],
            ondelete="CASCADE",
            name="fk_evidence_pages_crawl_id_evidence_crawls",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_pages"),
        sa.UniqueConstraint("crawl_id", "url", name="uq_evidence_pages_crawl_id"),
    )
    op.create_index("ix_evidence_pages_crawl_id", "evidence_pages", ["crawl_id"])


def downgrade() -> None:
    op.drop_table("evidence_pages")
    op.drop_table("evidence_crawls")
    op.drop_table("evidence_sites")
