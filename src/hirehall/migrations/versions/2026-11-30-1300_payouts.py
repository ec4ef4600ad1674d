"""payouts: the worker pays released milestones out (trainer_payable -> payouts, D37/D40)

Revision ID: 0016_payouts
Revises: 0015_simulation
Create Date: 2026-11-30 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_payouts"
down_revision: str | None = "0015_simulation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DUE = "status = 'PAID' AND paid_out_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("milestones") as batch:
        batch.add_column(sa.Column("paid_out_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("payout_transfer_id", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_milestones_payout_due",
        "milestones",
        ["paid_at"],
        postgresql_where=sa.text(_DUE),
        sqlite_where=sa.text(_DUE),
    )


def downgrade() -> None:
    op.drop_index("ix_milestones_payout_due", table_name="milestones")
    with op.batch_alter_table("milestones") as batch:
        batch.drop_column("payout_transfer_id")
        batch.drop_column("paid_out_at")
