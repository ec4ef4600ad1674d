"""SQL about the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import OutboxMessage, OutboxSend
from hirehall.db.types import Record

INSERT = insert(OutboxMessage)
_QUEUE = insert(OutboxSend)
_DUE = (
    select(OutboxSend.message_id)
    .where(OutboxSend.next_attempt_at <= bindparam("now"))
    .order_by(OutboxSend.next_attempt_at)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
    .scalar_subquery()
)
# One statement claims the due emails: PostgreSQL skips rows another worker holds, SQLite's
# single writer serialises claims. The lease is the next attempt time moved ahead.
_CLAIM = (
    update(OutboxSend)
    .where(OutboxSend.message_id.in_(_DUE))
    .values(next_attempt_at=bindparam("lease_until"), lease_token=bindparam("token"))
    .returning(OutboxSend.message_id, OutboxSend.attempts)
)


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


async def queue_send(conn: AsyncConnection, message_id: str, now: datetime) -> None:
    await conn.execute(
        _QUEUE,
        {"message_id": message_id, "status": "PENDING", "attempts": 0, "next_attempt_at": now},
    )


async def claim_sends(
    conn: AsyncConnection, *, now: datetime, lease_until: datetime, token: str, limit: int
) -> list[Record]:
    """Claims up to `limit` due emails; returns their messages with `attempts` (made so far)."""
    params = {"now": now, "limit": limit, "lease_until": lease_until, "token": token}
    claimed = [row.message_id for row in await conn.execute(_CLAIM, params)]
    if not claimed:
        return []
    stmt = select(OutboxMessage, OutboxSend.attempts).join(
        OutboxSend, OutboxSend.message_id == OutboxMessage.id
    )
    return list((await conn.execute(stmt.where(OutboxMessage.id.in_(claimed)))).all())


async def finish_send(
    conn: AsyncConnection,
    message_id: str,
    token: str,
    *,
    status: str,
    next_attempt_at: datetime | None,
    error: str | None,
    sent_at: datetime | None,
) -> bool:
    """Records an attempt, only while the claim is still this worker's (its lease token)."""
    stmt = (
        update(OutboxSend)
        .where(OutboxSend.message_id == message_id, OutboxSend.lease_token == token)
        .values(
            status=status,
            attempts=OutboxSend.attempts + 1,
            next_attempt_at=next_attempt_at,
            lease_token=None,
            last_error=error,
            sent_at=sent_at,
        )
    )
    return bool((await conn.execute(stmt)).rowcount)


async def send_state(conn: AsyncConnection, message_id: str) -> Record | None:
    stmt = select(OutboxSend).where(OutboxSend.message_id == message_id)
    return (await conn.execute(stmt)).first()
