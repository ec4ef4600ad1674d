"""Proposals: a trainer's application to a job, or an invite the trainer has not answered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import JSONType, UTCDateTime


class Proposal(Base):
    __tablename__ = "proposals"
    __table_args__ = (
        # The idempotency of invites lives here: one proposal per (job, trainer).
        UniqueConstraint("job_id", "freelancer_user_id"),
        Index("ix_proposals_job_id_id", "job_id", "id"),
        Index("ix_proposals_job_id_status_id", "job_id", "status", "id"),
        Index("ix_proposals_freelancer_user_id", "freelancer_user_id"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    job_id: Mapped[str] = mapped_column(String(26), ForeignKey("jobs.id", ondelete="CASCADE"))
    freelancer_user_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("users.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(24))
    origin: Mapped[str] = mapped_column(String(16))  # INVITED | APPLIED
    bid: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    cover_letter: Mapped[str | None] = mapped_column(Text, nullable=True)
    interview_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    match_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    # When the trainer submitted (accepted an invite with a bid, or applied); None while
    # INVITED, and for an invite the trainer declined without ever submitting.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
