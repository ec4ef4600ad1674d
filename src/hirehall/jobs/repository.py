"""SQL about jobs, always scoped to the caller's organization where an employer asks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import Job, JobEvent, JobFacet, Organization, Proposal
from hirehall.db.types import Record

_WITH_COMPANY = select(*Job.__table__.c, Organization.name.label("company_name")).join(
    Organization, Organization.id == Job.organization_id
)
PUBLISHED_EVENT = "PUBLISHED"


async def insert_job(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(Job).values(**values))


async def insert_draft(conn: AsyncConnection, values: dict[str, Any]) -> str | None:
    """Inserts a draft; with an idempotency key already used by the account, inserts nothing
    and returns None (the unique index decides, so concurrent retries make one draft)."""
    if values.get("idempotency_key") is None:
        await insert_job(conn, values)
        return str(values["id"])
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = (
        dialect_insert(Job)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["organization_id", "idempotency_key"])
        .returning(Job.id)
    )
    return (await conn.execute(stmt)).scalar()


async def get_by_idempotency_key(conn: AsyncConnection, organization_id: str, key: str) -> Record:
    stmt = _WITH_COMPANY.where(Job.organization_id == organization_id, Job.idempotency_key == key)
    return (await conn.execute(stmt)).first()


async def get_owned(
    conn: AsyncConnection, organization_id: str, job_id: str, *, lock: bool = False
) -> Record | None:
    """The caller's job; `lock` holds its row until commit (PostgreSQL; SQLite's write
    transaction already holds the whole database)."""
    stmt = _WITH_COMPANY.where(Job.id == job_id, Job.organization_id == organization_id)
    if lock:
        stmt = stmt.with_for_update(of=Job.__table__)
    return (await conn.execute(stmt)).first()


async def get_any(conn: AsyncConnection, job_id: str) -> Record | None:
    stmt = _WITH_COMPANY
    return (await conn.execute(stmt.where(Job.id == job_id))).first()


async def update_if_status(
    conn: AsyncConnection, organization_id: str, job_id: str, status: str, values: dict[str, Any]
) -> bool:
    """Updates the account's job only while it is still in `status`: of two concurrent
    writers exactly one sees its condition hold, the other learns it lost (rowcount 0)."""
    result = await conn.execute(
        update(Job)
        .where(Job.id == job_id, Job.organization_id == organization_id, Job.status == status)
        .values(**values)
    )
    return bool(result.rowcount)


async def close(
    conn: AsyncConnection, organization_id: str, job_id: str, values: dict[str, Any]
) -> bool:
    """Archives unless already archived; the row lock makes a concurrent second close see
    the first one's result, so exactly one caller closes."""
    result = await conn.execute(
        update(Job)
        .where(
            Job.id == job_id,
            Job.organization_id == organization_id,
            Job.status != values["status"],
        )
        .values(**values)
    )
    return bool(result.rowcount)


async def add_event(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(JobEvent).values(**values))


async def set_facets(conn: AsyncConnection, job_id: str, pairs: Sequence[tuple[str, str]]) -> None:
    """Replaces the job's board facets (none when it leaves the board)."""
    await conn.execute(delete(JobFacet).where(JobFacet.job_id == job_id))
    if pairs:
        rows = [{"facet": f, "value": v, "job_id": job_id} for f, v in pairs]
        # One multi-row INSERT, not executemany: PostgreSQL's statement trigger then rewrites
        # the job's `board_facets` once rather than once per facet.
        await conn.execute(insert(JobFacet).values(rows))


async def publish_times(
    conn: AsyncConnection, organization_id: str, since: datetime
) -> list[datetime]:
    """When the account published within the window, oldest first (index-only on
    ix_job_events_org_type_occurred_at)."""
    stmt = (
        select(JobEvent.occurred_at)
        .where(
            JobEvent.organization_id == organization_id,
            JobEvent.event_type == PUBLISHED_EVENT,
            JobEvent.occurred_at > since,
        )
        .order_by(JobEvent.occurred_at)
    )
    return list((await conn.execute(stmt)).scalars())


def _proposal_count(*conditions: Any) -> Any:
    return (
        select(func.count())
        .select_from(Proposal)
        .where(Proposal.job_id == Job.id, *conditions)
        .scalar_subquery()
    )


# proposalCounts come from correlated subqueries in the page query itself (index
# ix_proposals_job_id_status_id), not from one query per job.
_MINE = select(
    Job.id,
    Job.title,
    Job.status,
    Job.created_at,
    Job.updated_at,
    _proposal_count().label("proposals_total"),
    _proposal_count(Proposal.status == "UNREVIEWED").label("proposals_unreviewed"),
)


async def mine_page(
    conn: AsyncConnection,
    organization_id: str,
    *,
    status: str | None,
    before: str | None,
    limit: int,
) -> list[Record]:
    stmt = _MINE.where(Job.organization_id == organization_id)
    if status is not None:
        stmt = stmt.where(Job.status == status)
    if before is not None:
        stmt = stmt.where(Job.id < before)
    return list((await conn.execute(stmt.order_by(Job.id.desc()).limit(limit))).all())


async def admin_page(
    conn: AsyncConnection,
    *,
    organization_id: str | None,
    status: str | None,
    before: str | None,
    limit: int,
) -> list[Record]:
    """Every account's jobs, drafts included, newest first, for the operator."""
    stmt = _WITH_COMPANY
    if organization_id is not None:
        stmt = stmt.where(Job.organization_id == organization_id)
    if status is not None:
        stmt = stmt.where(Job.status == status)
    if before is not None:
        stmt = stmt.where(Job.id < before)
    return list((await conn.execute(stmt.order_by(Job.id.desc()).limit(limit))).all())
