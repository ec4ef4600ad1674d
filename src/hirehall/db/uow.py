"""The unit of work: one transaction per request (or CLI command), committed only when the
whole use case succeeded, rolled back on any error."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hirehall.core.clock import Clock
from hirehall.core.errors import ApiError
from hirehall.db.engine import begin
from hirehall.db.models import SandboxClock
from hirehall.settings import Settings

log = logging.getLogger("hirehall")

_CLOCK_OFFSET = select(SandboxClock.offset_ms).where(SandboxClock.id == 1)


@dataclass
class Uow:
    conn: AsyncConnection
    clock: Clock
    settings: Settings
    secret_key: bytes
    write: bool = True
    _now: datetime | None = None
    # A write a read-only unit of work needs done after it (e.g. a token's lastUsedAt): run in
    # its own short write transaction, since upgrading a SQLite read transaction to a write
    # fails at once when another connection wrote meanwhile.
    deferred_writes: list[Callable[[Uow], Awaitable[None]]] = field(default_factory=list)
    # Work that must only happen once the transaction is durable (e.g. sending an email).
    _after_commit: list[Callable[[], None]] = field(default_factory=list)

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._after_commit.append(callback)

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
    engine: AsyncEngine,
    clock: Clock,
    settings: Settings,
    secret_key: bytes,
    *,
    write: bool,
    write_lock: asyncio.Lock | None = None,
) -> AsyncIterator[Uow]:
    if write_lock is None:
        async with _transaction(engine, clock, settings, secret_key, write=write) as uow:
            yield uow
        return
    # SQLite takes one writer at a time; waiters on its busy handler retry in sleeps of up to
    # 100 ms and in no order, which stretched p99 to seconds under concurrency (bench/). Queueing
    # a process's writers here, in order, keeps the wait fair and short.
    async with write_lock, _transaction(engine, clock, settings, secret_key, write=write) as uow:
        yield uow


@asynccontextmanager
async def _transaction(
    engine: AsyncEngine, clock: Clock, settings: Settings, secret_key: bytes, *, write: bool
) -> AsyncIterator[Uow]:
    if not write and engine.dialect.name == "postgresql":
        # READ COMMITTED gives each statement its own snapshot anyway, and a read-only unit of
        # work writes nothing (its writes are deferred): a transaction would only add the
        # BEGIN and COMMIT round trips to every read.
        async with _autocommit(engine, clock, settings, secret_key, write=False) as reader:
            yield reader
        return
    async with engine.connect() as conn:
        await begin(conn, write=write)
        try:
            if settings.sandbox:
                await refresh_clock(conn, clock)
            uow = Uow(conn, clock, settings, secret_key, write=write)
            yield uow
        except ApiError as error:
            if not error.keeps_work:
                await conn.rollback()
                raise
            await conn.commit()
            _run_after_commit(uow)
            raise
        except BaseException:
            await conn.rollback()
            raise
        else:
            await conn.commit()
            _run_after_commit(uow)


@asynccontextmanager
async def _autocommit(
    engine: AsyncEngine, clock: Clock, settings: Settings, secret_key: bytes, *, write: bool
) -> AsyncIterator[Uow]:
    async with engine.connect() as plain:
        conn = await plain.execution_options(isolation_level="AUTOCOMMIT")
        if settings.sandbox:
            await refresh_clock(conn, clock)
        uow = Uow(conn, clock, settings, secret_key, write=write)
        yield uow
        _run_after_commit(uow)


def _run_after_commit(uow: Uow) -> None:
    for callback in uow._after_commit:
        try:
            callback()
        except Exception:  # the data is committed; a failed side effect must not undo the reply
            log.exception("after-commit callback failed")
