"""Employer organizations (accounts), users of either kind, and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import JSONType, UTCDateTime

ID = String(26)


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    claimed: Mapped[bool] = mapped_column(Boolean, default=True)
    features: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # No foreign key: the owner row is created in the same transaction, after the organization.
    owner_user_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    agent_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # D36: how the sandbox resolves new approvals (manual | auto_confirm | auto_decline).
    approval_policy: Mapped[str] = mapped_column(
        String(16), default="manual", server_default="manual"
    )
    # The operator's switch of team management (D41: off answers 403 teams_not_enabled).
    teams_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class User(Base):
    """A person: an employer organization's member, or an AI trainer (FREELANCER)."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_type: Mapped[str] = mapped_column(String(16))  # EMPLOYER | FREELANCER
    organization_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=True, index=True
    )
    member_role: Mapped[str | None] = mapped_column(String(16), nullable=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True, unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default="ACTIVE")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the user became a member of its organization (team); None: since its creation.
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ApiToken(Base):
    """A personal API token; only an HMAC of the secret is kept (`token_hash`)."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_organization_id_id", "organization_id", "id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        ID, ForeignKey("organizations.id", ondelete="CASCADE")
    )
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    preview: Mapped[str] = mapped_column(String(40))
    scopes: Mapped[list[str]] = mapped_column(JSONType)
    pre_claim: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
