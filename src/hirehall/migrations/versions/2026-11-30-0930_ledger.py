"""ledger and payments: the double-entry journal, balances, cards, top-ups, invoices (D37, D38)

Revision ID: 0011_ledger
Revises: 0013_worker
Create Date: 2026-11-30 09:30:00

Balances of organizations' credits never go below zero: a CHECK constraint on
`ledger_balances` (the service's UPDATE is conditional as well). The journal is append-only: a
trigger refuses any UPDATE of `ledger_transactions` and `ledger_postings` on both engines
(rows are only ever deleted by the sandbox's reset).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_ledger"
down_revision: str | None = "0013_worker"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.String(length=26)
_WHEN = sa.DateTime(timezone=True)
_JOURNAL = ("ledger_transactions", "ledger_postings")


def _org_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"],
        ["organizations.id"],
        name=op.f(f"fk_{table}_organization_id_organizations"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "approval_policy", sa.String(length=16), server_default="manual", nullable=False
            )
        )

    op.create_table(
        "ledger_balances",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=32), nullable=False),
        sa.Column("organization_id", _ID, nullable=True),
        sa.Column("balance_cents", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "balance_cents >= 0 OR account NOT IN ('credits_available', 'credits_reserved')",
            name=op.f("ck_ledger_balances_credits_not_negative"),
        ),
        _org_fk("ledger_balances"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_ledger_balances")),
    )
    op.create_table(
        "ledger_transactions",
        sa.Column("id", _ID, nullable=False),
        sa.Column("entry_type", sa.String(length=16), nullable=True),
        sa.Column("organization_id", _ID, nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("proposal_id", _ID, nullable=True),
        sa.Column("contract_id", _ID, nullable=True),
        sa.Column("milestone_id", _ID, nullable=True),
        sa.Column("top_up_id", _ID, nullable=True),
        sa.Column("hold_entry_id", _ID, nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        _org_fk("ledger_transactions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_transactions")),
    )
    with op.batch_alter_table("ledger_transactions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ledger_transactions_organization_id_id", ["organization_id", "id"], unique=False
        )
    op.create_table(
        "ledger_postings",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("transaction_id", _ID, nullable=False),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=32), nullable=False),
        sa.Column("organization_id", _ID, nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transactions.id"],
            name=op.f("fk_ledger_postings_transaction_id_ledger_transactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_postings")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("ledger_postings", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_postings_transaction_id", ["transaction_id"], unique=False)
    _append_only()

    op.create_table(
        "payment_cards",
        sa.Column("organization_id", _ID, nullable=False),
        sa.Column("brand", sa.String(length=16), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("behaviour", sa.String(length=32), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        _org_fk("payment_cards"),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_payment_cards")),
    )
    op.create_table(
        "top_ups",
        sa.Column("id", _ID, nullable=False),
        sa.Column("organization_id", _ID, nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("payment_intent_id", sa.String(length=40), nullable=True),
        sa.Column("ledger_entry_id", _ID, nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("expires_at", _WHEN, nullable=False),
        sa.Column("completed_at", _WHEN, nullable=True),
        _org_fk("top_ups"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_top_ups")),
    )
    with op.batch_alter_table("top_ups", schema=None) as batch_op:
        batch_op.create_index(
            "ix_top_ups_organization_id_id", ["organization_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_top_ups_status_expires_at", ["status", "expires_at"], unique=False
        )
    op.create_table(
        "invoices",
        sa.Column("id", _ID, nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("organization_id", _ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("contract_id", _ID, nullable=True),
        sa.Column("milestone_id", _ID, nullable=True),
        sa.Column("job_id", _ID, nullable=True),
        sa.Column("job_title", sa.String(length=300), nullable=True),
        sa.Column("milestone_name", sa.String(length=300), nullable=True),
        sa.Column("payment_intent_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("paid_at", _WHEN, nullable=True),
        _org_fk("invoices"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("number", name=op.f("uq_invoices_number")),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index(
            "ix_invoices_organization_id_status", ["organization_id", "status"], unique=False
        )
    op.create_table(
        "payment_counters",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_payment_counters")),
    )


def _append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'the ledger journal is append-only'; END; $$"
        )
        for table in _JOURNAL:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"
            )
        return
    for table in _JOURNAL:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'the ledger journal is append-only'); END"
        )


def downgrade() -> None:
    op.drop_table("payment_counters")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_organization_id_status")
    op.drop_table("invoices")
    with op.batch_alter_table("top_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_top_ups_status_expires_at")
        batch_op.drop_index("ix_top_ups_organization_id_id")
    op.drop_table("top_ups")
    op.drop_table("payment_cards")
    for table in _JOURNAL:
        op.execute(
            f"DROP TRIGGER IF EXISTS {table}_append_only"
            + (f" ON {table}" if op.get_bind().dialect.name == "postgresql" else "")
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS ledger_append_only()")
    with op.batch_alter_table("ledger_postings", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_postings_transaction_id")
    op.drop_table("ledger_postings")
    with op.batch_alter_table("ledger_transactions", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_transactions_organization_id_id")
    op.drop_table("ledger_transactions")
    op.drop_table("ledger_balances")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_column("approval_policy")
