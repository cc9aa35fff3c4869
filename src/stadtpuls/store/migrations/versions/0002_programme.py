"""programme tables

Revision ID: 0002_programme
Revises: 0001_ranking
"""


revision = "0002_programme"
down_revision = "0001_ranking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
