"""contracts: approvals (D36), contracts and milestones (2.8, D35, D38)

Revision ID: 0012_contracts
Revises: 0011_ledger
Create Date: 2026-11-30 09:14:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_contracts"
down_revision: str | None = "0011_ledger"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(sa.JSON(none_as_null=True), "postgresql")


def upgrade() -> None:
    op.create_table(
        "approvals",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("organization_id", sa.String(length=26), nullable=False),
        sa.Column("requested_by_token_id", sa.String(length=26), nullable=True),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("live_key", sa.String(length=64), nullable=True),
        sa.Column("proposal_id", sa.String(length=26), nullable=True),
        sa.Column("job_id", sa.String(length=26), nullable=True),
        sa.Column("contract_id", sa.String(length=26), nullable=True),
        sa.Column("milestone_id", sa.String(length=26), nullable=True),
        sa.Column("terms", _JSON, nullable=False),
        sa.Column("result", _JSON, nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'pending') = (live_key IS NOT NULL)", name=op.f("ck_approvals_live_key")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed', 'declined', 'expired')",
            name=op.f("ck_approvals_status"),
        ),
        sa.CheckConstraint(
            "type IN ('proposal_hire', 'milestone_fund', 'milestone_approve', 'contract_end')",
            name=op.f("ck_approvals_type"),
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_approvals_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_approvals_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_approvals_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
        sa.UniqueConstraint("live_key", name=op.f("uq_approvals_live_key")),
    )
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_approvals_organization_id_id", ["organization_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_approvals_status_expires_at", ["status", "expires_at"], unique=False
        )

    op.create_table(
        "contracts",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("organization_id", sa.String(length=26), nullable=False),
        sa.Column("job_id", sa.String(length=26), nullable=False),
        sa.Column("proposal_id", sa.String(length=26), nullable=False),
        sa.Column("freelancer_user_id", sa.String(length=26), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("payment_type", sa.String(length=16), nullable=False),
        sa.Column("rate_e4", sa.BigInteger(), nullable=True),
        sa.Column("job_conversation_id", sa.String(length=26), nullable=True),
        sa.Column("milestone_count", sa.Integer(), nullable=False),
        sa.Column("budget_state", sa.String(length=10), nullable=False),
        sa.Column("consumed_seconds", sa.BigInteger(), nullable=False),
        sa.Column("consumed_labels", sa.BigInteger(), nullable=False),
        sa.Column("last_usage_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "budget_state IN ('OK', 'LOW', 'DEPLETED')", name=op.f("ck_contracts_budget_state")
        ),
        sa.CheckConstraint("status IN ('active', 'ended')", name=op.f("ck_contracts_status")),
        sa.CheckConstraint(
            "consumed_seconds >= 0 AND consumed_labels >= 0", name=op.f("ck_contracts_consumed")
        ),
        sa.ForeignKeyConstraint(
            ["freelancer_user_id"],
            ["users.id"],
            name=op.f("fk_contracts_freelancer_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_contracts_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_contracts_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_contracts_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_contracts_proposal_id")),
    )
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contracts_freelancer_user_id", ["freelancer_user_id"], unique=False
        )
        batch_op.create_index(
            "ix_contracts_organization_id_id", ["organization_id", "id"], unique=False
        )

    op.create_table(
        "milestones",
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column("contract_id", sa.String(length=26), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("fee_cents", sa.BigInteger(), nullable=False),
        sa.Column("initiation_cents", sa.BigInteger(), nullable=False),
        sa.Column("charge_cents", sa.BigInteger(), nullable=False),
        sa.Column("volume", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invoice_id", sa.String(length=64), nullable=True),
        sa.Column("funding_source", sa.String(length=8), nullable=True),
        sa.Column("hold_entry_id", sa.String(length=64), nullable=True),
        sa.Column("payment_intent_id", sa.String(length=64), nullable=True),
        sa.Column("payout_entry_id", sa.String(length=64), nullable=True),
        sa.Column("submit_note", sa.Text(), nullable=True),
        sa.Column("funded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('NOT_FUNDED', 'ACTIVE_FUNDED', 'PENDING_APPROVAL', 'PAID', "
            "'REFUNDED', 'CANCELLED')",
            name=op.f("ck_milestones_status"),
        ),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_milestones_amount_positive")),
        sa.CheckConstraint(
            "fee_cents >= 0 AND initiation_cents >= 0 AND "
            "charge_cents = amount_cents + fee_cents + initiation_cents",
            name=op.f("ck_milestones_charge"),
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_milestones_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
        sa.UniqueConstraint("contract_id", "number", name=op.f("uq_milestones_contract_id_number")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index("ix_milestones_invoice_id", ["invoice_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index("ix_milestones_invoice_id")

    op.drop_table("milestones")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_index("ix_contracts_organization_id_id")
        batch_op.drop_index("ix_contracts_freelancer_user_id")

    op.drop_table("contracts")
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.drop_index("ix_approvals_status_expires_at")
        batch_op.drop_index("ix_approvals_organization_id_id")

    op.drop_table("approvals")
