"""Humans signing in to the pages: emailed sign-in codes and server-side sessions (D24)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import UTCDateTime

ID = String(26)


class SignInCode(Base):
    """One emailed 6-digit code (only its keyed hash), for an email address: a claim's email
    may have no user yet, so codes are keyed by address, not by user."""

    __tablename__ = "sign_in_codes"
    __table_args__ = (Index("ix_sign_in_codes_email_id", "email", "id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    code_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # PENDING|USED|FAILED|SUPERSEDED
    wrong_codes: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HumanSession(Base):
    """A signed-in browser: the `hh_session` cookie's secret is kept only as a keyed hash."""

    __tablename__ = "human_sessions"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
