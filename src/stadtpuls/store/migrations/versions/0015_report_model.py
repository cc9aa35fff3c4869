"""whose programme a programme is: the city's AGS (its reports show only its own programme)

Revision ID: 0015_report_model
Revises: 0012_figures
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_report_model"
down_revision = "0014_evidence_states"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("programmes") as batch:
        batch.add_column(sa.Column("city", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("programmes") as batch:
        batch.drop_column("city")
