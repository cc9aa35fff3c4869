"""accounts tables

Revision ID: 0004_accounts
Revises: 0003_reports
"""


revision = "0004_accounts"
down_revision = "0003_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
