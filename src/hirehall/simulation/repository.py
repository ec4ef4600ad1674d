"""Every SQL statement of the simulation's own tables. Runs are serialized by locking the
state row (PostgreSQL `FOR UPDATE`; SQLite's writers are serialized already), and each
scheduled response is unique per cause (`kind`, `subject_id`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import SimulationAction, SimulationState
from hirehall.db.types import Record
from hirehall.simulation.rules import ANSWER_INVITE, PENDING, REPLY_MESSAGE, TAKE_INTERVIEW

# Ties at one due time go in the order a person would act: answer, interview, reply, submit.
_KIND_ORDER = {ANSWER_INVITE: 0, TAKE_INTERVIEW: 1, REPLY_MESSAGE: 2}


async def state(conn: AsyncConnection, *, lock: bool = False) -> Record | None:
    stmt = select(SimulationState).where(SimulationState.id == 1)
    if lock and conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return (await conn.execute(stmt)).first()


async def save_settings(
    conn: AsyncConnection, *, enabled: bool, seed: int, settings: dict[str, Any], now: datetime
) -> None:
    """Creates the state row or replaces its settings (cursors and counters stay)."""
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    values = {"enabled": enabled, "seed": seed, "settings": settings, "updated_at": now}
    stmt = dialect_insert(SimulationState).values(
        id=1, invite_cursor="", message_cursor="", event_cursor=0, counters={}, **values
    )
    await conn.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))


async def save_progress(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(update(SimulationState).where(SimulationState.id == 1).values(**values))


async def scheduled(conn: AsyncConnection, kind: str, subject_id: str) -> bool:
    stmt = select(SimulationAction.id).where(
        SimulationAction.kind == kind, SimulationAction.subject_id == subject_id
    )
    return (await conn.execute(stmt)).first() is not None


async def schedule(conn: AsyncConnection, values: dict[str, Any]) -> bool:
    """False when the cause already has its response (the unique constraint decides)."""
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = (
        dialect_insert(SimulationAction)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["kind", "subject_id"])
        .returning(SimulationAction.id)
    )
    return (await conn.execute(stmt)).first() is not None


async def due(conn: AsyncConnection, now: datetime, limit: int) -> list[Record]:
    """Due responses in a deterministic order: due time, then kind, then ordinal."""
    stmt = (
        select(SimulationAction)
        .where(SimulationAction.status == PENDING, SimulationAction.due_at <= now)
        .order_by(SimulationAction.due_at, SimulationAction.kind, SimulationAction.ordinal)
        .limit(limit)
    )
    rows = list((await conn.execute(stmt)).all())
    rows.sort(key=lambda r: (r.due_at, _KIND_ORDER.get(r.kind, 9), r.ordinal))
    return rows


async def finish(
    conn: AsyncConnection, action_id: str, status: str, result: str, now: datetime
) -> bool:
    stmt = (
        update(SimulationAction)
        .where(SimulationAction.id == action_id, SimulationAction.status == PENDING)
        .values(status=status, result=result[:64], done_at=now)
    )
    return (await conn.execute(stmt)).rowcount == 1


async def actions(conn: AsyncConnection) -> list[Record]:
    """Every scheduled response, in the order they were drawn (for the operator and tests)."""
    stmt = select(SimulationAction).order_by(SimulationAction.kind, SimulationAction.ordinal)
    return list((await conn.execute(stmt)).all())
