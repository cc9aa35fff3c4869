"""ranking tables

Revision ID: 0001_ranking
Revises: None
"""


revision = "0001_ranking"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
