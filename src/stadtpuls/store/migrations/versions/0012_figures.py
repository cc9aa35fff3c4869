"""publication date and field size of published ranking editions (the date rule)

Revision ID: 0012_figures
Revises: 0008_evidence_review
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_figures"
down_revision = "0008_evidence_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ranking_result_sets") as batch:
        batch.add_column(sa.Column("published_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("field_size", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ranking_result_sets") as batch:
        batch.drop_column("field_size")
        batch.drop_column("published_on")
