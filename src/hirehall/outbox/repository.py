"""SQL about the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import OutboxMessage
from hirehall.db.types import Record

INSERT = insert(OutboxMessage)


async def add(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(INSERT, values)


async def newest(
    conn: AsyncConnection, *, to: str | None, kind: str | None, limit: int
) -> list[Record]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if to:
        stmt = stmt.where(or_(OutboxMessage.to_address == to, OutboxMessage.user_id == to))
    if kind:
        stmt = stmt.where(OutboxMessage.kind == kind)
    return list((await conn.execute(stmt)).all())
