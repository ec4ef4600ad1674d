"""What a running hirehall holds: its settings, the engine and the clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from hirehall.core.clock import Clock
from hirehall.core.ratelimit import make_limiter
from hirehall.db.engine import make_engine
from hirehall.db.pg_direct import DirectPool
from hirehall.db.sqlite_writer import SqliteWriter, database_path
from hirehall.db.uow import Uow, unit_of_work
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
        self._hot_pool: DirectPool | None = None
        self._writer: SqliteWriter | None = None

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

    @property
    def hot_pool(self) -> DirectPool:
        """PostgreSQL's pool for the hot path's fixed statements (`db/pg_direct.py`)."""
        assert not self.settings.is_sqlite
        if self._hot_pool is None:
            self._hot_pool = DirectPool(self.settings.database_url, self.settings.db_pool_size)
        return self._hot_pool

    @property
    def sqlite_writer(self) -> SqliteWriter | None:
        """SQLite's writer thread for the hot path (`db/sqlite_writer.py`); None for an
        in-memory database, which a second connection could not see."""
        assert self._write_lock is not None
        path = database_path(self.settings.database_url)
        if self._writer is None and path is not None:
            self._writer = SqliteWriter(path, self._write_lock)
        return self._writer

    async def dispose(self) -> None:
        if self._hot_pool is not None:
            await self._hot_pool.close()
            self._hot_pool = None
        if self._writer is not None:
            await self._writer.close()
            self._writer = None
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
