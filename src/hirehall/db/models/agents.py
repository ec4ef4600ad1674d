"""Agent self-registration: the claim an unclaimed account carries, and each attempt a
human makes to claim it (the device-flow-style ceremony of section 1.13)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import UTCDateTime

ID = String(26)


class AgentClaim(Base):
    """One per registration: the `ot_clm_` token (hashed), its window, polling and delivery."""

    __tablename__ = "agent_claims"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Server time of the last token poll, for slow_down.
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set by the one poll that receives the post-claim token (conditional UPDATE).
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClaimAttempt(Base):
    """One claim start: an email, a 6-digit code (hashed) and the `ot_cat_` page token."""

    __tablename__ = "claim_attempts"
    __table_args__ = (
        Index("ix_claim_attempts_claim_id_id", "claim_id", "id"),
        # The worker's expiry of pending attempts past their time (agents.service.expire_due).
        Index("ix_claim_attempts_status_expires_at", "status", "expires_at"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ID, ForeignKey("agent_claims.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320))
    code_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # PENDING|APPROVED|FAILED|SUPERSEDED
    wrong_codes: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
