"""The async engine for either dialect, with SQLite set up for safe concurrent writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

WRITE_FLAG = "hirehall_write"


def async_url(database_url: str) -> str:
    """Maps the user-facing URL (sqlite:///PATH, postgresql://...) to its async driver."""
    url = make_url(database_url)
    if url.drivername in ("sqlite", "sqlite+aiosqlite"):
        if url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return str(url.set(drivername="sqlite+aiosqlite"))
    if url.drivername in ("postgresql", "postgres", "postgresql+asyncpg", "postgresql+psycopg"):
        return url.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    raise ValueError(f"unsupported database URL scheme {url.drivername!r}")


def _sqlite_setup(engine: AsyncEngine) -> None:
    # pysqlite's own transaction handling defers BEGIN; we take it over so that write units of
    # work start with BEGIN IMMEDIATE and queue on the write lock instead of failing later
    # with "database is locked" when a reader tries to upgrade.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.info.get(WRITE_FLAG, True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(database_url: str, pool_size: int = 10) -> AsyncEngine:
    url = async_url(database_url)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, pool_size=pool_size, max_overflow=20)
        _sqlite_setup(engine)
        return engine
    return create_async_engine(url, pool_size=pool_size, max_overflow=10, pool_pre_ping=False)


async def begin(conn: AsyncConnection, *, write: bool) -> None:
    """Starts the unit of work's transaction; on SQLite a write one takes the lock at once."""
    conn.sync_connection.info[WRITE_FLAG] = write  # type: ignore[union-attr]
    await conn.begin()
