"""The job_board migration upgrades, downgrades and upgrades again on both engines, and
its search index follows writes made after the upgrade."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hirehall.db import migrate
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


def test_upgrade_downgrade_upgrade(fresh_url: str) -> None:
    migrate.upgrade(fresh_url, "0003_job_board")
    migrate.downgrade(fresh_url, "0001_initial")
    migrate.upgrade(fresh_url, "0003_job_board")
    if fresh_url.startswith("sqlite"):
        engine = create_engine(fresh_url)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO organizations VALUES"
                    " ('o1', 'Org', 1, '[]', NULL, NULL, '2026-01-01')"
                )
            )
            conn.execute(text(
                "INSERT INTO jobs (id, organization_id, status, title, slug, fields, created_at,"
                " updated_at) VALUES ('j1', 'o1', 'OPEN', 'Kannada audio', 'k', '{}',"
                " '2026-01-01', '2026-01-01')"
            ))  # fmt: skip
            conn.execute(text("UPDATE jobs SET title = 'Telugu audio' WHERE id = 'j1'"))
            found = conn.execute(text("SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH 'telugu'"))
            assert len(found.all()) == 1
            stale = conn.execute(text("SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH 'kannada'"))
            assert stale.all() == []
        engine.dispose()
