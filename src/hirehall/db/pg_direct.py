"""PostgreSQL's hot statements straight on asyncpg (issue 10): a small pool of its own, in
autocommit, each statement prepared once per connection (asyncpg's statement cache). Async
SQLAlchemy costs more Python per statement than the invite's whole database work takes
(its pool checkout, the greenlet bridge, result processing); the hot path's statement is
fixed text, so it needs none of that. Everything else keeps the ordinary engine."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

QueryLogger = Callable[[str], None]

_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def positional(sql: str) -> tuple[str, tuple[str, ...]]:
    """`:name` parameters (SQLAlchemy's text style) as asyncpg's `$n`, with the names in
    order; a name used twice is one parameter."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _NAMED.sub(number, sql), tuple(names)


class Statement:
    """A fixed statement with named parameters, sent positionally."""

    def __init__(self, sql: str) -> None:
        self.sql, self.names = positional(sql)

    def arguments(self, params: dict[str, Any]) -> list[Any]:
        return [params[name] for name in self.names]


def driver_dsn(database_url: str) -> str:
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


async def _keep_session(_conn: asyncpg.Connection) -> None:
    """The pool's reset on release: by default a round trip (`RESET ALL`, `UNLISTEN *`, ...)
    for every checkout, as many as the statement itself. These connections only ever send
    the hot path's fixed statements in autocommit: no session state to reset."""


class DirectPool:
    """One asyncpg pool per event loop (a pool is bound to the loop that made it; tests and
    tools run a runtime on more than one)."""

    def __init__(self, database_url: str, size: int) -> None:
        self._dsn = driver_dsn(database_url)
        self._size = size
        self._pool: asyncpg.Pool | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._starting: asyncio.Lock | None = None
        # Called with each statement's text as it is sent (tests count round trips).
        self.query_loggers: list[QueryLogger] = []

    async def fetchrow(self, statement: Statement, params: dict[str, Any]) -> Any:
        pool = await self._current()
        async with pool.acquire() as conn:
            self._log(statement.sql)
            return await conn.fetchrow(statement.sql, *statement.arguments(params))

    async def fetch_two(
        self,
        first: Statement,
        first_params: dict[str, Any],
        second: Statement,
        second_params: Callable[[Any], dict[str, Any]],
    ) -> Any:
        """Two statements on one connection, the second's parameters made from the first's
        row (the sandbox's clock read, then the statement that needs its time)."""
        pool = await self._current()
        async with pool.acquire() as conn:
            self._log(first.sql)
            row = await conn.fetchrow(first.sql, *first.arguments(first_params))
            self._log(second.sql)
            return await conn.fetchrow(second.sql, *second.arguments(second_params(row)))

    def _log(self, sql: str) -> None:
        for logger in self.query_loggers:
            logger(sql)

    async def _current(self) -> asyncpg.Pool:
        loop = asyncio.get_running_loop()
        if self._pool is not None and self._loop is loop:
            return self._pool
        if self._starting is None or self._loop is not loop:
            self._starting, self._loop = asyncio.Lock(), loop
            self._abandon()
        async with self._starting:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self._dsn,
                    min_size=1,
                    max_size=self._size,
                    statement_cache_size=64,
                    reset=_keep_session,
                )
        return self._pool

    def _abandon(self) -> None:
        # A pool of a loop that is gone cannot be closed from this one; its sockets go with it.
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None

    async def close(self) -> None:
        if self._pool is not None and self._loop is asyncio.get_running_loop():
            await self._pool.close()
        else:
            self._abandon()
        self._pool = None
