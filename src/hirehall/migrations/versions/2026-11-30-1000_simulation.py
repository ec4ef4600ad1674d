"""simulation: the trainer simulation's state and scheduled responses (admin-api.md)

Revision ID: 0015_simulation
Revises: 0012_contracts
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_simulation"
down_revision: str | None = "0012_contracts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.String(length=26)
_AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "simulation_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("invite_cursor", _ID, nullable=False),
        sa.Column("message_cursor", _ID, nullable=False),
        sa.Column("event_cursor", sa.BigInteger(), nullable=False),
        sa.Column("counters", sa.JSON(), nullable=False),
        sa.Column("updated_at", _AT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_simulation_state")),
    )
    op.create_table(
        "simulation_actions",
        sa.Column("id", _ID, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("trainer_user_id", _ID, nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("result", sa.String(length=64), nullable=True),
        sa.Column("due_at", _AT, nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("done_at", _AT, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_simulation_actions")),
        sa.UniqueConstraint(
            "kind", "subject_id", name=op.f("uq_simulation_actions_kind_subject_id")
        ),
    )
    with op.batch_alter_table("simulation_actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_simulation_actions_status_due_at", ["status", "due_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("simulation_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_simulation_actions_status_due_at")
    op.drop_table("simulation_actions")
    op.drop_table("simulation_state")
