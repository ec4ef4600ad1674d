"""agent auth: claims and claim attempts

Revision ID: 0002_agent_auth
Revises: 0001_initial
Create Date: 2026-11-27 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_agent_auth"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agent_claims",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("organization_id", sa.String(length=26), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_agent_claims_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_claims")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_agent_claims_token_hash")),
    )
    with op.batch_alter_table("agent_claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agent_claims_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "claim_attempts",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("claim_id", sa.String(length=26), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("wrong_codes", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["agent_claims.id"],
            name=op.f("fk_claim_attempts_claim_id_agent_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_attempts")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_claim_attempts_token_hash")),
    )
    with op.batch_alter_table("claim_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_claim_attempts_claim_id_id", ["claim_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_attempts_claim_id_id")
    op.drop_table("claim_attempts")
    with op.batch_alter_table("agent_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_claims_organization_id"))
    op.drop_table("agent_claims")
