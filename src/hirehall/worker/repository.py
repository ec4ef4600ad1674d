"""SQL of the worker's own state: the cursors of readers of the event log."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import WorkerCursor


async def take_cursor(conn: AsyncConnection, name: str) -> int | None:
    """The cursor's position, locked until the transaction ends; None when another worker
    holds it (PostgreSQL: SKIP LOCKED; SQLite's single writer never sees a held one)."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    await conn.execute(insert(WorkerCursor).values(name=name, position=0).on_conflict_do_nothing())
    stmt = (
        select(WorkerCursor.position)
        .where(WorkerCursor.name == name)
        .with_for_update(skip_locked=True)
    )
    position = (await conn.execute(stmt)).scalar()
    return None if position is None else int(position)


async def move_cursor(conn: AsyncConnection, name: str, position: int) -> None:
    stmt = update(WorkerCursor).where(WorkerCursor.name == name).values(position=position)
    await conn.execute(stmt)
