"""evidence findings: the state the matcher read (in operation, pilot, planned, rejected,
elsewhere), its reason and whether the criterion counts it

Revision ID: 0014_evidence_states
Revises: 0008_evidence_review
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_evidence_states"
down_revision = "0012_figures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # findings stored before states existed were all read as "in operation" and counted
    with op.batch_alter_table("evidence_findings") as batch:
        batch.add_column(
            sa.Column("state", sa.String(16), nullable=False, server_default="in_operation")
        )
        batch.add_column(sa.Column("reason", sa.String(500), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("counts", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("evidence_findings") as batch:
        batch.drop_column("counts")
        batch.drop_column("reason")
        batch.drop_column("state")
