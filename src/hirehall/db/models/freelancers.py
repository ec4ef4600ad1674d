"""AI trainers' public profiles (one per FREELANCER user)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import JSONType, UTCDateTime


class FreelancerProfile(Base):
    __tablename__ = "freelancer_profiles"

    user_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    profile_slug: Mapped[str] = mapped_column(String(80), unique=True)
    availability: Mapped[str] = mapped_column(String(24), default="FULL_TIME")
    talent_type: Mapped[str] = mapped_column(String(16), default="Individual")
    title: Mapped[str | None] = mapped_column(String(200), nullable=True)
    bio: Mapped[str | None] = mapped_column(Text, nullable=True)
    city: Mapped[str | None] = mapped_column(String(120), nullable=True)
    country_code: Mapped[str | None] = mapped_column(String(2), nullable=True)
    profile_photo_path: Mapped[str | None] = mapped_column(String(200), nullable=True)
    hourly_rate_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    expertise_level: Mapped[str | None] = mapped_column(String(24), nullable=True)
    english_level: Mapped[str | None] = mapped_column(String(24), nullable=True)
    identity_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    skills: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    languages: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    stats: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    agency: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    label_experience: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    work_experience: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    education: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    reviews: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    member_since: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
