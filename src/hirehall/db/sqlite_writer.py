"""SQLite's hot writes on one writer thread (issue 10): a standard-library `sqlite3` connection
of its own (WAL, synchronous=NORMAL), fed by a queue, committing the queued units of work in
groups. SQLite takes one writer at a time anyway; what costs is the way there: aiosqlite and
async SQLAlchemy hop threads for every statement and COMMIT once per request. Here a group of
units makes one thread hop and one COMMIT.

Each unit is a plain function of the connection, run inside its own SAVEPOINT: a unit that
raises is rolled back alone and the group's others still commit, so a request's work stays
atomic and isolated. Units run in queue order, one at a time, so each sees the ones before it.
The group holds the process's write lock (the one the ordinary units of work queue on), so
hot and ordinary writers take turns in order; other processes wait on SQLite's busy handler."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import make_url

# Units per group: enough to amortize a COMMIT over a burst, few enough that the first unit
# of a group does not wait long for the last.
GROUP_MAX = 64

Unit = Callable[[sqlite3.Connection], Any]


@dataclass
class _Queued:
    unit: Unit
    answer: asyncio.Future[Any]


def database_path(database_url: str) -> str | None:
    """The file behind a sqlite:/// URL; None for an in-memory database (a second connection
    would open another, empty one)."""
    database = make_url(database_url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def connect(path: str) -> sqlite3.Connection:
    """A connection set up as `db.engine` sets up the ordinary ones."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


class SqliteWriter:
    def __init__(self, path: str, write_lock: asyncio.Lock) -> None:
        self._path = path
        self._write_lock = write_lock
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="hirehall-sqlite-writer")
        self._conn: sqlite3.Connection | None = None
        self._queue: list[_Queued] = []
        self._draining: asyncio.Task[None] | None = None
        self.groups = 0  # committed groups, for tests and benchmarks
        self.units = 0

    async def run(self, unit: Unit) -> Any:
        """Runs `unit` in the next group and returns what it returned (or raises what it
        raised, its work rolled back)."""
        answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queue.append(_Queued(unit, answer))
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        return await answer

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queue:
            async with self._write_lock:
                # Taken under the lock: whatever queued while we waited joins this group.
                group, self._queue = self._queue[:GROUP_MAX], self._queue[GROUP_MAX:]
                try:
                    outcomes = await loop.run_in_executor(self._thread, self._run_group, group)
                except BaseException as error:  # the group's COMMIT failed: none was written
                    for queued in group:
                        _settle(queued.answer, error=error)
                    if not isinstance(error, Exception):
                        raise
                    continue
            for queued, (value, failure) in zip(group, outcomes, strict=True):
                _settle(queued.answer, value, failure)

    def _run_group(self, group: list[_Queued]) -> list[tuple[Any, BaseException | None]]:
        conn = self._connection()
        outcomes: list[tuple[Any, BaseException | None]] = []
        conn.execute("BEGIN IMMEDIATE")
        try:
            for queued in group:
                outcomes.append(_run_unit(conn, queued.unit))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        self.groups += 1
        self.units += len(group)
        return outcomes

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self._path)
        return self._conn

    async def close(self) -> None:
        if self._draining is not None:
            await asyncio.gather(self._draining, return_exceptions=True)
        self._thread.submit(self._close_connection).result()
        self._thread.shutdown(wait=True)

    def _close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _run_unit(conn: sqlite3.Connection, unit: Unit) -> tuple[Any, BaseException | None]:
    conn.execute("SAVEPOINT unit")
    try:
        value = unit(conn)
    except Exception as error:
        conn.execute("ROLLBACK TO unit")
        conn.execute("RELEASE unit")
        return None, error
    conn.execute("RELEASE unit")
    return value, None


def _settle(
    answer: asyncio.Future[Any], value: Any = None, error: BaseException | None = None
) -> None:
    if answer.done():  # its request was cancelled (the client went away)
        return
    if error is not None:
        answer.set_exception(error)
    else:
        answer.set_result(value)
