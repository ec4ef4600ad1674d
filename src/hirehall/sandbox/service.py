"""Reset and clock, for the operator of a sandbox."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.core.errors import Conflict
from hirehall.core.timefmt import iso
from hirehall.db.base import Base
from hirehall.db.models import SandboxClock
from hirehall.db.uow import Uow


async def wipe(conn: AsyncConnection) -> None:
    """Deletes every row of every table; the schema (and Alembic's version) stays."""
    tables = list(reversed(Base.metadata.sorted_tables))
    if conn.dialect.name == "postgresql":
        # sandbox_clock first: every unit of work reads it first (its lock is the first one a
        # worker's or a request's transaction takes), so TRUNCATE taking it first cannot
        # deadlock with a transaction holding the clock and waiting for another table.
        ordered = sorted(tables, key=lambda t: t.name != "sandbox_clock")
        names = ", ".join(f'"{t.name}"' for t in ordered)
        await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    for table in tables:
        await conn.execute(delete(table))


async def reset(uow: Uow) -> dict[str, Any]:
    await wipe(uow.conn)
    uow.clock.offset = timedelta(0)
    return {"ok": True}


async def read_clock(uow: Uow) -> dict[str, Any]:
    return {"now": iso(uow.clock.now())}


async def move_clock(
    uow: Uow, *, advance_seconds: int | None, now: datetime | None
) -> dict[str, Any]:
    """Moves the shared clock forward (never backwards: 409)."""
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=UTC)  # an instant without offset is UTC
    current = uow.clock.now()
    target = current + timedelta(seconds=advance_seconds or 0) if now is None else now
    if target < current:
        raise Conflict(
            "The clock never goes backwards.", reason="clock_backwards", now=iso(current)
        )
    offset = uow.clock.offset_for(target)
    # Rounded up, so that the clock reads at least the target right after the move.
    offset_ms = math.ceil(offset.total_seconds() * 1000)
    insert = postgresql.insert if uow.dialect == "postgresql" else sqlite.insert
    stmt = insert(SandboxClock).values(id=1, offset_ms=offset_ms)
    await uow.conn.execute(
        stmt.on_conflict_do_update(index_elements=["id"], set_={"offset_ms": offset_ms})
    )
    uow.clock.offset = timedelta(milliseconds=offset_ms)
    return {"now": iso(uow.clock.now())}
