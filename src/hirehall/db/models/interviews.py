"""AI interviews: one per proposal, the scripted questions and the trainer's answers as a
sanitized transcript, with the rubric's score and summary."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import JSONType, UTCDateTime


class Interview(Base):
    __tablename__ = "interviews"
    __table_args__ = (
        # "One interview per proposal" lives here: concurrent submissions make one interview.
        UniqueConstraint("proposal_id"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    proposal_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("proposals.id", ondelete="CASCADE")
    )
    score: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)
    # The transcript as the contract shows it ({id, role, content, sentAt}, oldest first),
    # already sanitized: it is only ever read whole.
    messages: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
