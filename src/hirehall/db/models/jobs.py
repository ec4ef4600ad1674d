"""Jobs: drafts and published postings of an employer organization."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hirehall.db.base import Base
from hirehall.db.types import JSONType, UTCDateTime


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_organization_id_id", "organization_id", "id"),
        Index("ix_jobs_status_id", "status", "id"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("organizations.id", ondelete="CASCADE")
    )
    created_by_user_id: Mapped[str | None] = mapped_column(String(26), nullable=True)
    status: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    payment_type: Mapped[str | None] = mapped_column(String(24), nullable=True)
    # Every other draft field, keyed by its PATCH key (jobTitle/jobDescription/paymentType
    # live in their own columns because lists and filters read them).
    fields: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
