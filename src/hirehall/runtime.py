"""What a running hirehall holds: its settings, the engine and the clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from hirehall.core.clock import Clock
from hirehall.core.ratelimit import make_limiter
from hirehall.db.engine import make_engine
from hirehall.db.uow import Uow, single_statement, unit_of_work
from hirehall.settings import Settings


class Runtime:
    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or Clock()
        self.secret_key = settings.resolved_secret_key()
        # Keyed by the database too: two servers share counts only when they share data.
        self.limiter = make_limiter(settings.redis_url, settings.database_url)
        self._write_lock = asyncio.Lock() if settings.is_sqlite else None
        self._engine: AsyncEngine | None = None

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            self._engine = make_engine(self.settings.database_url, self.settings.db_pool_size)
        return self._engine

    def uow(self, *, write: bool = True) -> AbstractAsyncContextManager[Uow]:
        lock = self._write_lock if write else None
        return unit_of_work(
            self.engine, self.clock, self.settings, self.secret_key, write=write, write_lock=lock
        )

    def single_statement(self) -> AbstractAsyncContextManager[Uow]:
        """See `db.uow.single_statement` (PostgreSQL only)."""
        assert not self.settings.is_sqlite
        return single_statement(self.engine, self.clock, self.settings, self.secret_key)

    async def dispose(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[Runtime]:
    runtime = Runtime(settings)
    try:
        yield runtime
    finally:
        await runtime.dispose()
