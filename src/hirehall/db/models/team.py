"""Invitations to join an employer organization (contract 2.14, decision D41)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import UTCDateTime

ID = String(26)


class TeamInvite(Base):
    """One row per (organization, email): inviting the address again refreshes this row (a new
    link and expiry), so an organization never holds two invites for one address. The join
    link's token is kept only as a keyed hash."""

    __tablename__ = "team_invites"
    __table_args__ = (
        UniqueConstraint("organization_id", "email"),
        Index("ix_team_invites_status_expires_at", "status", "expires_at"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE")
    )
    email: Mapped[str] = mapped_column(String(320))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16))  # PENDING | ACCEPTED | EXPIRED
    invited_by_user_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    accepted_user_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
