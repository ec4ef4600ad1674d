"""SQL about approvals. Every resolution is one conditional UPDATE (`WHERE status =
'pending'`): the database decides which caller resolves an approval, exactly once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.approvals.rules import PENDING
from hirehall.db.models import Approval, Organization
from hirehall.db.types import Record

A = Approval

_INSERT = {
    "postgresql": postgresql.insert(A)
    .on_conflict_do_nothing(index_elements=["live_key"])
    .returning(A.id),
    "sqlite": sqlite.insert(A).on_conflict_do_nothing(index_elements=["live_key"]).returning(A.id),
}
_GET = (
    select(*A.__table__.c, Organization.owner_user_id)
    .join(Organization, Organization.id == A.organization_id)
    .where(A.id == bindparam("approval_id"))
)
_LIVE = select(*A.__table__.c).where(A.live_key == bindparam("key"))
_RESOLVE = (
    update(A)
    .where(A.id == bindparam("approval_id"), A.status == PENDING)
    .values(
        status=bindparam("new_status"),
        live_key=None,
        result=bindparam("new_result"),
        resolved_at=bindparam("resolved"),
        updated_at=bindparam("now"),
    )
    .returning(*A.__table__.c)
)
# Confirming also needs the approval to be unexpired at this instant.
_CLAIM = (
    update(A)
    .where(
        A.id == bindparam("approval_id"),
        A.status == PENDING,
        A.expires_at > bindparam("now"),
    )
    .values(
        status="confirmed", live_key=None, resolved_at=bindparam("now"), updated_at=bindparam("now")
    )
    .returning(*A.__table__.c)
)
_SET_OUTCOME = (
    update(A)
    .where(A.id == bindparam("approval_id"))
    .values(
        result=bindparam("new_result"),
        contract_id=bindparam("new_contract_id"),
        milestone_id=bindparam("new_milestone_id"),
    )
)
_DUE = (
    select(A.id)
    .where(A.status == PENDING, A.expires_at <= bindparam("now"))
    .order_by(A.expires_at, A.id)
    .limit(bindparam("limit"))
)


async def insert(conn: AsyncConnection, values: dict[str, Any]) -> str | None:
    """The new approval's id, or None when its subject already has a pending approval."""
    return (await conn.execute(_INSERT[conn.dialect.name], values)).scalar()


async def get(conn: AsyncConnection, approval_id: str) -> Record | None:
    """The approval with its organization's owner (who may read it, 2.9.1)."""
    return (await conn.execute(_GET, {"approval_id": approval_id})).first()


async def live(conn: AsyncConnection, key: str) -> Record | None:
    """The pending approval holding `key`, as committed now."""
    return (await conn.execute(_LIVE, {"key": key})).first()


async def resolve(
    conn: AsyncConnection,
    approval_id: str,
    *,
    status: str,
    result: dict[str, Any] | None,
    resolved_at: datetime,
    now: datetime,
) -> Record | None:
    """pending → `status`; None when it was no longer pending."""
    params = {
        "approval_id": approval_id,
        "new_status": status,
        "new_result": result,
        "resolved": resolved_at,
        "now": now,
    }
    return (await conn.execute(_RESOLVE, params)).first()


async def claim(conn: AsyncConnection, approval_id: str, now: datetime) -> Record | None:
    """pending and unexpired → confirmed; None otherwise. On PostgreSQL a concurrent
    confirmer waits on the row lock and then finds it no longer pending."""
    return (await conn.execute(_CLAIM, {"approval_id": approval_id, "now": now})).first()


async def set_outcome(
    conn: AsyncConnection,
    approval_id: str,
    result: dict[str, Any],
    contract_id: str | None,
    milestone_id: str | None,
) -> None:
    params = {
        "approval_id": approval_id,
        "new_result": result,
        "new_contract_id": contract_id,
        "new_milestone_id": milestone_id,
    }
    await conn.execute(_SET_OUTCOME, params)


async def due(conn: AsyncConnection, now: datetime, limit: int) -> list[str]:
    """Ids of pending approvals past their expiry, oldest first."""
    return list((await conn.execute(_DUE, {"now": now, "limit": limit})).scalars())
