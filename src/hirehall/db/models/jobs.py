"""Jobs: drafts and published postings of an employer organization, the events the public
board's change feed reads, and the filter values of listed jobs."""

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
        # The board lists OPEN jobs newest published first (keyset on published_at, id).
        Index("ix_jobs_status_published_at_id", "status", "published_at", "id"),
        # Draft idempotency lives here: one draft per (account, idempotencyKey); NULL keys
        # never collide on either engine. A unique index rather than a constraint, so SQLite
        # can add it without rebuilding the table.
        Index(
            "uq_jobs_organization_id_idempotency_key",
            "organization_id",
            "idempotency_key",
            unique=True,
        ),
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
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    external_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # What the importer reported when the draft was made, replayed on an idempotent retry.
    import_report: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    # PostgreSQL also has a generated `search_vector` tsvector column and SQLite a `jobs_fts`
    # FTS5 table kept by triggers; both are created by the job_board migration only, because
    # they are dialect-specific and no code writes them. Likewise PostgreSQL's `board_facets`
    # (the job_facets pairs as 'facet=value', kept by triggers; board_search_speed migration).


class JobEvent(Base):
    """A change the public board shows (PUBLISHED | UPDATED | CLOSED), written in the same
    transaction as the change; publish events also count against the daily limit."""

    __tablename__ = "job_events"
    __table_args__ = (
        Index("ix_job_events_occurred_at", "occurred_at"),
        Index("ix_job_events_org_type_occurred_at", "organization_id", "event_type", "occurred_at"),
        Index("ix_job_events_job_id", "job_id"),
    )

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    job_id: Mapped[str] = mapped_column(String(26), ForeignKey("jobs.id", ondelete="CASCADE"))
    organization_id: Mapped[str] = mapped_column(String(26))
    event_type: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JobFacet(Base):
    """One filter value (language, country, payType, category) of a job while it is OPEN:
    search filters and /jobs/facets read these rows instead of unpacking JSON."""

    __tablename__ = "job_facets"
    __table_args__ = (Index("ix_job_facets_job_id", "job_id"),)

    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(120), primary_key=True)
    job_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
