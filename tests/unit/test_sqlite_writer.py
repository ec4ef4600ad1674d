"""SQLite's writer thread (`db/sqlite_writer.py`) on a real database file: queued units commit
in groups, a unit that fails is rolled back alone, and the writer takes turns with the
ordinary writers through the process's write lock."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from hirehall.db.sqlite_writer import SqliteWriter, connect, database_path


def _table(path: Path) -> None:
    conn = connect(str(path))
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)")
    conn.close()


def _rows(path: Path) -> list[str]:
    conn = connect(str(path))
    try:
        return [text for (text,) in conn.execute("SELECT text FROM notes ORDER BY id")]
    finally:
        conn.close()


def _insert(text: str) -> Callable[[sqlite3.Connection], int]:
    def unit(conn: sqlite3.Connection) -> int:
        return int(conn.execute("INSERT INTO notes (text) VALUES (?)", (text,)).lastrowid or 0)

    return unit


def _insert_then_fail(text: str) -> Callable[[sqlite3.Connection], None]:
    def unit(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
        raise LookupError(f"refused after writing {text}")

    return unit


def test_a_burst_commits_in_groups_and_every_unit_is_written(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    _table(path)

    async def burst() -> tuple[list[int], int, int]:
        writer = SqliteWriter(str(path), asyncio.Lock())
        try:
            ids = await asyncio.gather(*(writer.run(_insert(f"n{i}")) for i in range(200)))
            return list(ids), writer.groups, writer.units
        finally:
            await writer.close()

    ids, groups, units = asyncio.run(burst())
    assert units == 200
    assert groups < units  # queued units shared their COMMITs
    assert sorted(ids) == list(range(1, 201))  # in queue order, each saw the ones before
    assert _rows(path) == [f"n{i}" for i in range(200)]


def test_a_failing_unit_is_rolled_back_alone(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    _table(path)

    async def group() -> list[object]:
        writer = SqliteWriter(str(path), asyncio.Lock())
        try:
            return await asyncio.gather(
                writer.run(_insert("before")),
                writer.run(_insert_then_fail("refused")),
                writer.run(_insert("before")),  # the UNIQUE key: fails in the database
                writer.run(_insert("after")),
                return_exceptions=True,
            )
        finally:
            await writer.close()

    first, refused, duplicate, last = asyncio.run(group())
    assert isinstance(first, int)
    assert isinstance(last, int)
    assert isinstance(refused, LookupError)
    assert isinstance(duplicate, sqlite3.IntegrityError)
    assert _rows(path) == ["before", "after"]


def test_units_wait_for_an_ordinary_writer_holding_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    _table(path)

    async def race() -> list[str]:
        lock = asyncio.Lock()
        writer = SqliteWriter(str(path), lock)
        order: list[str] = []
        try:
            async with lock:  # an ordinary unit of work is writing
                pending = asyncio.ensure_future(writer.run(_insert("hot")))
                await asyncio.sleep(0.05)
                assert not pending.done()
                order.append("ordinary")
            await pending
            order.append("hot")
            return order
        finally:
            await writer.close()

    assert asyncio.run(race()) == ["ordinary", "hot"]
    assert _rows(path) == ["hot"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///./var/hirehall.db", "./var/hirehall.db"),
        ("sqlite:////tmp/x.db", "/tmp/x.db"),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
    ],
)
def test_only_a_database_file_gets_a_writer(url: str, expected: str | None) -> None:
    assert database_path(url) == expected
