"""reports tables

Revision ID: 0003_reports
Revises: 0002_programme
"""


revision = "0003_reports"
down_revision = "0002_programme"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
