"""Alembic environment: runs migrations on the async engine of either dialect."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

import hirehall.db.models  # noqa: F401  (registers every table on Base.metadata)
from hirehall.db.base import Base
from hirehall.db.engine import make_engine

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = make_engine(config.get_main_option("hirehall.database_url") or "", pool_size=1)
    try:
        async with engine.connect() as conn:
            await conn.run_sync(_run)
            await conn.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("hirehall migrations run online only")
asyncio.run(_run_async())
