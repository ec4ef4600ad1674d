"""Conversations (one thread per proposal, later one per contract) and their messages.

Each side of a thread (the employer organization, the trainer) has a read marker, its last
message, and two counters kept by every send in the same UPDATE that numbers the message:
reading a list page costs one row per conversation, whatever the number of messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import UTCDateTime

ID = String(26)


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        # The get-or-create of POST /proposals/{id}/conversation lives here: one proposal
        # thread per proposal, whatever the concurrency (decision D31).
        UniqueConstraint("bucket", "proposal_id"),
        # List mode, newest activity first, for each side.
        Index("ix_conversations_organization_id_activity_key", "organization_id", "activity_key"),
        Index(
            "ix_conversations_freelancer_user_id_activity_key",
            "freelancer_user_id",
            "activity_key",
        ),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    type: Mapped[str] = mapped_column(String(24))  # DIRECT_MESSAGE
    bucket: Mapped[str] = mapped_column(String(16))  # proposal | job
    organization_id: Mapped[str] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE")
    )
    freelancer_user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id", ondelete="CASCADE"))
    proposal_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("proposals.id", ondelete="CASCADE"), nullable=True
    )
    # The job the thread belongs to (a proposal thread's proposal's job): events carry it.
    job_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("jobs.id", ondelete="CASCADE"), nullable=True
    )
    read_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # The newest message's id, or the conversation's own id while empty: the list's order and
    # cursor (ids sort by time and are unique).
    activity_key: Mapped[str] = mapped_column(ID)
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    last_message_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    employer_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    trainer_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    employer_last_seq: Mapped[int] = mapped_column(Integer, default=0)
    trainer_last_seq: Mapped[int] = mapped_column(Integer, default=0)
    employer_unread: Mapped[int] = mapped_column(Integer, default=0)
    trainer_unread: Mapped[int] = mapped_column(Integer, default=0)
    employer_needs_reply: Mapped[int] = mapped_column(Integer, default=0)
    trainer_needs_reply: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        # seq numbers a thread's messages in the order the sends were applied (under the
        # conversation's row lock), so markers and pages never depend on clock order.
        UniqueConstraint("conversation_id", "seq"),
        # The per-sender rolling limit of decision D32.
        Index("ix_messages_sender_user_id_created_at", "sender_user_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ID, ForeignKey("conversations.id", ondelete="CASCADE")
    )
    seq: Mapped[int] = mapped_column(Integer)
    sender_user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id", ondelete="CASCADE"))
    sender_side: Mapped[str] = mapped_column(String(16))  # employer | trainer
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
