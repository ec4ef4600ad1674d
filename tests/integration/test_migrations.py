"""Both engines are migrated by the same Alembic scripts, down and up again, and the scripts
match the models."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

import hirehall.db.models  # noqa: F401  (registers every table)
from hirehall.db import migrate
from hirehall.db.base import Base
from hirehall.db.engine import make_engine

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


def test_downgrade_to_base_and_up_again(database_url: str) -> None:
    migrate.downgrade(database_url, "base")
    migrate.upgrade(database_url)
    assert _diff(database_url) == []
