"""The job_board migration upgrades, downgrades and upgrades again on both engines, and
its search index follows writes made after the upgrade."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from hirehall.db import migrate
from hirehall.db.engine import make_engine
from tests.conftest import PG_URL, _pg_admin


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL not configured")
    name = f"hirehall_migrate_{secrets.token_hex(4)}"
    asyncio.run(_pg_admin(PG_URL, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_pg_admin(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _search(conn: Connection, word: str) -> list[str]:
    """The ids of the jobs the engine's full-text index finds for `word`."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT j.id FROM jobs_fts f JOIN jobs j ON j.rowid = f.rowid WHERE jobs_fts MATCH :w"
    else:
        sql = "SELECT id FROM jobs WHERE search_vector @@ plainto_tsquery('english', :w)"
    return [row[0] for row in conn.execute(text(sql), {"w": word})]


def test_upgrade_downgrade_upgrade(fresh_url: str) -> None:
    migrate.upgrade(fresh_url, "0003_job_board")
    migrate.downgrade(fresh_url, "0001_initial")
    migrate.upgrade(fresh_url, "0003_job_board")
    asyncio.run(_check_search(fresh_url))


async def _check_search(url: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_search_follows_writes)
    finally:
        await engine.dispose()


def _search_follows_writes(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        indexes = conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_jobs_search_vector'")
        ).all()
        assert len(indexes) == 1
        assert "USING gin (search_vector)" in indexes[0][0]
    conn.execute(
        text(
            "INSERT INTO organizations (id, name, claimed, features, created_at)"
            " VALUES ('o1', 'Org', :t, '[]', :at)"
        ),
        {"t": True, "at": datetime(2026, 1, 1, tzinfo=UTC)},
    )
    conn.execute(
        text(
            "INSERT INTO jobs (id, organization_id, status, title, slug, fields, created_at,"
            " updated_at) VALUES ('j1', 'o1', 'OPEN', 'Kannada audio', 'k', '{}', :at, :at)"
        ),
        {"at": datetime(2026, 1, 1, tzinfo=UTC)},
    )
    assert _search(conn, "kannada") == ["j1"]
    conn.execute(text("UPDATE jobs SET title = 'Telugu audio' WHERE id = 'j1'"))
    assert _search(conn, "telugu") == ["j1"]
    assert _search(conn, "kannada") == []
    conn.execute(text("DELETE FROM jobs WHERE id = 'j1'"))
    assert _search(conn, "telugu") == []
