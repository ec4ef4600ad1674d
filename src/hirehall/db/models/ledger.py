"""The books (decision D37): a double-entry journal of transactions, each a set of postings
that sum to zero, and one balance row per account kept by the same transaction.

Journal rows are never updated (a trigger refuses it on both engines); corrections are new
transactions. The balance of an organization's credit account can never go below zero: the
posting's UPDATE is conditional (`WHERE balance_cents + :delta >= 0`) and a CHECK constraint
refuses it anyway."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import UTCDateTime

ID = String(26)
POSTING_ID = BigInteger().with_variant(Integer(), "sqlite")
# Accounts whose balance may never go below zero: an organization's credits.
NON_NEGATIVE = ("credits_available", "credits_reserved")


class LedgerBalance(Base):
    """One row per account: `credits_available:<organization id>`, `fees`, ..."""

    __tablename__ = "ledger_balances"
    __table_args__ = (
        CheckConstraint(
            "balance_cents >= 0 OR account NOT IN ('credits_available', 'credits_reserved')",
            name="credits_not_negative",
        ),
    )

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    account: Mapped[str] = mapped_column(String(32))
    organization_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=True
    )
    balance_cents: Mapped[int] = mapped_column(BigInteger)


class LedgerTransaction(Base):
    """One journal transaction. `organization_id` and `amount_cents` are set when it touches an
    organization's credits: it is then that organization's public ledger entry (same id)."""

    __tablename__ = "ledger_transactions"
    __table_args__ = (
        # GET /credits/ledger: this organization's entries, newest first, keyset on the id.
        Index("ix_ledger_transactions_organization_id_id", "organization_id", "id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    entry_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    organization_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=True
    )
    amount_cents: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    proposal_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    contract_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    milestone_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    top_up_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    hold_entry_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    note: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LedgerPosting(Base):
    __tablename__ = "ledger_postings"
    __table_args__ = (
        Index("ix_ledger_postings_transaction_id", "transaction_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(POSTING_ID, primary_key=True, autoincrement=True)
    transaction_id: Mapped[str] = mapped_column(
        ID, ForeignKey("ledger_transactions.id", ondelete="CASCADE")
    )
    account_key: Mapped[str] = mapped_column(String(64))
    account: Mapped[str] = mapped_column(String(32))
    organization_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
