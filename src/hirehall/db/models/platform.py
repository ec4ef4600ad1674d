"""What the platform sent (the outbox) and the sandbox clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import JSONType, UTCDateTime


class OutboxMessage(Base):
    """Every email or notification the platform sends is recorded here."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_to_address_id", "to_address", "id"),
        Index("ix_outbox_messages_user_id_id", "user_id", "id"),
        Index("ix_outbox_messages_kind_id", "kind", "id"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    to_address: Mapped[str] = mapped_column(String(320))
    user_id: Mapped[str | None] = mapped_column(String(26), nullable=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SandboxClock(Base):
    """One row at most: how far the sandbox operator moved the clock ahead of real time."""

    __tablename__ = "sandbox_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offset_ms: Mapped[int] = mapped_column(BigInteger, default=0)
