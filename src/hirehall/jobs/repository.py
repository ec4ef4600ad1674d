"""SQL about jobs, always scoped to the caller's organization where an employer asks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import Job, Organization
from hirehall.db.types import Record

_WITH_COMPANY = select(*Job.__table__.c, Organization.name.label("company_name")).join(
    Organization, Organization.id == Job.organization_id
)


async def insert_job(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(Job).values(**values))


async def get_owned(conn: AsyncConnection, organization_id: str, job_id: str) -> Record | None:
    stmt = _WITH_COMPANY
    stmt = stmt.where(Job.id == job_id, Job.organization_id == organization_id)
    return (await conn.execute(stmt)).first()


async def get_any(conn: AsyncConnection, job_id: str) -> Record | None:
    stmt = _WITH_COMPANY
    return (await conn.execute(stmt.where(Job.id == job_id))).first()


async def close(conn: AsyncConnection, job_id: str, values: dict[str, Any]) -> bool:
    """Archives unless already archived; the row lock makes a concurrent second close see
    the first one's result, so exactly one caller closes."""
    result = await conn.execute(
        update(Job).where(Job.id == job_id, Job.status != values["status"]).values(**values)
    )
    return bool(result.rowcount)
