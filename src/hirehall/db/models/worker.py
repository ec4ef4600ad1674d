"""The worker's own state (decision D40): where a reader of the event log stopped, and which
recorded emails still have to go out over SMTP."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import UTCDateTime


class WorkerCursor(Base):
    """One row per reader of the event log (e.g. the webhook fan-out): the last event id it
    has fully handled. Its row lock makes one worker at a time advance it."""

    __tablename__ = "worker_cursors"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)


class OutboxSend(Base):
    """An email of the outbox that must be mailed (HIREHALL_SMTP_URL was set when it was
    recorded). `next_attempt_at` is when a worker may take it: a claim moves it 60 seconds
    ahead (the lease), so the email of a worker that died is taken again; NULL once done."""

    __tablename__ = "outbox_sends"
    __table_args__ = (Index("ix_outbox_sends_next_attempt_at", "next_attempt_at"),)

    message_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("outbox_messages.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16))  # PENDING | SENT | FAILED
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lease_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
