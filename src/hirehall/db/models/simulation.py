"""The trainer simulation (admin-api.md): its settings and cursors, and the responses it has
scheduled (each drawn from the seed when its cause was first seen)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import JSONType, UTCDateTime


class SimulationState(Base):
    """One row at most (id 1): the operator's settings, how far the simulation has read each
    source, and how many causes of each kind it has seen (the draws' ordinals)."""

    __tablename__ = "simulation_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    seed: Mapped[int] = mapped_column(BigInteger, default=0)
    settings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    invite_cursor: Mapped[str] = mapped_column(String(26), default="")
    message_cursor: Mapped[str] = mapped_column(String(26), default="")
    event_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    counters: Mapped[dict[str, int]] = mapped_column(JSONType, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SimulationAction(Base):
    """A response a simulated trainer will give at `due_at` (server clock). One per cause
    (`kind`, `subject_id`): an invite (proposal), an interview (proposal), an employer's
    message, a funded milestone. `plan` holds what was drawn (decision, bid, text)."""

    __tablename__ = "simulation_actions"
    __table_args__ = (
        UniqueConstraint("kind", "subject_id"),
        Index("ix_simulation_actions_status_due_at", "status", "due_at"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    subject_id: Mapped[str] = mapped_column(String(64))
    ordinal: Mapped[int] = mapped_column(Integer)
    trainer_user_id: Mapped[str] = mapped_column(String(26))
    plan: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(16))  # PENDING | DONE | SKIPPED
    result: Mapped[str | None] = mapped_column(String(64), nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
