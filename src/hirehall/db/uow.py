"""The unit of work: one transaction per request (or CLI command), committed only when the
whole use case succeeded, rolled back on any error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hirehall.core.clock import Clock
from hirehall.db.engine import begin
from hirehall.db.models import SandboxClock
from hirehall.settings import Settings

_CLOCK_OFFSET = select(SandboxClock.offset_ms).where(SandboxClock.id == 1)


@dataclass
class Uow:
    conn: AsyncConnection
    clock: Clock
    settings: Settings
    secret_key: bytes
    _now: datetime | None = None

    def now(self) -> datetime:
        """One instant per unit of work, so every row a request writes carries the same time."""
        if self._now is None:
            self._now = self.clock.now()
        return self._now

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name


async def refresh_clock(conn: AsyncConnection, clock: Clock) -> None:
    offset_ms = (await conn.execute(_CLOCK_OFFSET)).scalar()
    clock.offset = timedelta(milliseconds=offset_ms or 0)


@asynccontextmanager
async def unit_of_work(
    engine: AsyncEngine, clock: Clock, settings: Settings, secret_key: bytes, *, write: bool
) -> AsyncIterator[Uow]:
    async with engine.connect() as conn:
        await begin(conn, write=write)
        try:
            if settings.sandbox:
                await refresh_clock(conn, clock)
            yield Uow(conn, clock, settings, secret_key)
        except BaseException:
            await conn.rollback()
            raise
        else:
            await conn.commit()
