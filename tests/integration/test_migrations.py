"""Both engines are migrated by the same Alembic scripts, down and up again, and the scripts
match the models."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, make_url

import hirehall.db.models  # noqa: F401  (registers every table)
from hirehall.db import migrate
from hirehall.db.base import Base
from hirehall.db.engine import make_engine
from tests.conftest import _pg_admin_now

# The board's full-text objects are engine-specific and made by the migration alone: SQLite's
# FTS5 tables (jobs_fts*), PostgreSQL's generated tsvector column with its GIN index, and
# PostgreSQL's trigger-kept `board_facets` array with its GIN index.
_SEARCH_OBJECTS = (
    "jobs_fts",
    "search_vector",
    "ix_jobs_search_vector",
    "board_facets",
    "ix_jobs_board_facets",
)


def _not_search_index(name: str | None, type_: str, parent: object) -> bool:
    return not (name or "").startswith(_SEARCH_OBJECTS)


def _diff(database_url: str) -> list[object]:
    async def run() -> list[object]:
        engine = make_engine(database_url, pool_size=1)
        try:
            async with engine.connect() as conn:

                def compare(sync: Connection) -> list[object]:
                    opts = {"compare_type": False, "include_name": _not_search_index}
                    context = MigrationContext.configure(sync, opts=opts)
                    return list(compare_metadata(context, Base.metadata))

                return await conn.run_sync(compare)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_models_match_the_migrations(database_url: str) -> None:
    assert _diff(database_url) == []


@pytest.fixture
def own_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A database of this test's own on the session's engine, migrated to head: downgrading the
    session's database would drop tables under the connections the test app keeps open."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
        migrate.upgrade(url)
        yield url
        return
    name = f"hirehall_migrations_{secrets.token_hex(4)}"
    _pg_admin_now(database_url, f'CREATE DATABASE "{name}"')
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        _pg_admin_now(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_downgrade_to_base_and_up_again(own_database_url: str) -> None:
    migrate.downgrade(own_database_url, "base")
    migrate.upgrade(own_database_url)
    assert _diff(own_database_url) == []
