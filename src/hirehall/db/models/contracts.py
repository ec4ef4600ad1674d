"""Approvals (the human co-sign of D36), contracts and their milestones (2.8, D35, D38).

The invariants live here: one live (pending) approval per subject (`live_key`, unique, NULL
once resolved), one contract per proposal, milestone numbers unique per contract, and the
enumerations as CHECK constraints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import JSONType, UTCDateTime

ID = String(26)


class Approval(Base):
    __tablename__ = "approvals"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'confirmed', 'declined', 'expired')", name="status"),
        CheckConstraint(
            "type IN ('proposal_hire', 'milestone_fund', 'milestone_approve', 'contract_end')",
            name="type",
        ),
        # A pending approval holds its subject's key ("proposal_hire:<proposalId>"): one live
        # request per subject whatever the concurrency; resolving it sets the key to NULL.
        CheckConstraint("(status = 'pending') = (live_key IS NOT NULL)", name="live_key"),
        Index("ix_approvals_status_expires_at", "status", "expires_at"),
        Index("ix_approvals_organization_id_id", "organization_id", "id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE")
    )
    # The token that asked (it may read the approval besides the owner's tokens, 2.9.1).
    requested_by_token_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    type: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16))
    live_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    proposal_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("proposals.id", ondelete="CASCADE"), nullable=True
    )
    job_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("jobs.id", ondelete="CASCADE"), nullable=True
    )
    contract_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    milestone_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    # What the human is asked to sign (a hire's milestone terms); compared for idempotency.
    terms: Mapped[dict[str, Any]] = mapped_column(JSONType)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Contract(Base):
    __tablename__ = "contracts"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'ended')", name="status"),
        CheckConstraint("budget_state IN ('OK', 'LOW', 'DEPLETED')", name="budget_state"),
        CheckConstraint("consumed_seconds >= 0 AND consumed_labels >= 0", name="consumed"),
        Index("ix_contracts_organization_id_id", "organization_id", "id"),
        Index("ix_contracts_freelancer_user_id", "freelancer_user_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE")
    )
    job_id: Mapped[str] = mapped_column(ID, ForeignKey("jobs.id", ondelete="CASCADE"))
    # One contract per hired proposal (a trainer per job), whatever the concurrency.
    proposal_id: Mapped[str] = mapped_column(
        ID, ForeignKey("proposals.id", ondelete="CASCADE"), unique=True
    )
    freelancer_user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    payment_type: Mapped[str] = mapped_column(String(16))
    # USD x 10^4 (bids carry up to 4 decimals, D29); NULL when no rate is known.
    rate_e4: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    job_conversation_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    # Numbers the milestones: bumped by the conditional UPDATE that also checks the contract
    # is active, so concurrent creations get distinct numbers and none lands on an ended one.
    milestone_count: Mapped[int] = mapped_column(Integer, default=0)
    budget_state: Mapped[str] = mapped_column(String(10), default="OK")
    consumed_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    consumed_labels: Mapped[int] = mapped_column(BigInteger, default=0)
    last_usage_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Milestone(Base):
    __tablename__ = "milestones"
    __table_args__ = (
        UniqueConstraint("contract_id", "number"),
        CheckConstraint(
            "status IN ('NOT_FUNDED', 'ACTIVE_FUNDED', 'PENDING_APPROVAL', 'PAID', "
            "'REFUNDED', 'CANCELLED')",
            name="status",
        ),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(
            "fee_cents >= 0 AND initiation_cents >= 0 AND "
            "charge_cents = amount_cents + fee_cents + initiation_cents",
            name="charge",
        ),
        Index("ix_milestones_invoice_id", "invoice_id"),
        # The worker's payouts due: released milestones not yet paid out, oldest first.
        Index(
            "ix_milestones_payout_due",
            "paid_at",
            postgresql_where=text("status = 'PAID' AND paid_out_at IS NULL"),
            sqlite_where=text("status = 'PAID' AND paid_out_at IS NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    contract_id: Mapped[str] = mapped_column(ID, ForeignKey("contracts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    fee_cents: Mapped[int] = mapped_column(BigInteger)
    # The $9.95 contract initiation fee, on the hire's first milestone only (D37).
    initiation_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    charge_cents: Mapped[int] = mapped_column(BigInteger)
    volume: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    invoice_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # How it was funded (credits | card) and the ledger transactions that moved its money.
    funding_source: Mapped[str | None] = mapped_column(String(8), nullable=True)
    hold_entry_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payment_intent_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payout_entry_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The worker's payout (trainer_payable -> payouts) after the release: when and which
    # journal transaction. NULL on a PAID milestone = the payout is still in flight.
    paid_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    payout_transfer_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    submit_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    funded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
