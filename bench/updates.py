"""`GET /updates` latency with 1,000,000 events, on SQLite and PostgreSQL.

Run from the repository root:
    .venv/bin/python bench/updates.py [--events 1000000] [--pg postgresql://postgres@127.0.0.1:5432/test]

For each engine it creates a fresh database (SQLite: a temporary file; PostgreSQL: the
database `hirehall_bench_updates`, dropped afterwards), migrates it with Alembic, bulk-loads
events spread over 1,000 accounts (one busy account holds a tenth of them), then times the
real use case (`hirehall.events.service.updates`: the SQL and the Pydantic answer) for
pages at the start, middle and end of the busy account's history, with every scope and with
one scope (type filter), and the webhook worker's "every event after id N" read.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from hirehall.core.ids import new_id
from hirehall.core.principal import Principal
from hirehall.core.scopes import POST_CLAIM_SCOPES
from hirehall.db.models import Event, Organization
from hirehall.events import repository as events
from hirehall.events.service import updates
from hirehall.runtime import Runtime
from hirehall.settings import Settings

PG_BENCH_DB = "hirehall_bench_updates"
TYPES = ["proposal.received", "proposal.status_changed", "message.received", "message.received"]


async def load(runtime: Runtime, count: int) -> tuple[str, list[int], float]:
    """Loads `count` events; returns the busy account, its event ids, and the load time."""
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    orgs = [
        {"id": new_id(start + timedelta(seconds=n)), "name": f"Lab {n}", "claimed": True,
         "features": [], "created_at": start}
        for n in range(1000)
    ]  # fmt: skip
    busy = orgs[0]["id"]
    began = time.perf_counter()
    async with runtime.uow() as uow:
        await uow.conn.execute(insert(Organization), orgs)
        for offset in range(0, count, 10_000):
            rows = []
            for n in range(min(10_000, count - offset)):
                org = busy if rng.random() < 0.1 else rng.choice(orgs)["id"]
                kind = rng.choice(TYPES)
                rid = new_id(start + timedelta(seconds=offset + n))
                rows.append(
                    {"organization_id": org, "event_type": kind, "resource_id": rid,
                     "job_id": rid, "data": {"proposalId": rid, "jobId": rid},
                     "created_at": start + timedelta(seconds=offset + n)}
                )  # fmt: skip
            await uow.conn.execute(insert(Event), rows)
    if runtime.settings.database_url.startswith("postgresql"):
        await pg_admin(runtime.settings.database_url, "VACUUM ANALYZE")
    else:
        async with runtime.uow() as uow:
            await uow.conn.execute(text("ANALYZE"))
    async with runtime.uow(write=False) as uow:
        result = await uow.conn.execute(
            text("SELECT id FROM events WHERE organization_id = :o ORDER BY id"), {"o": busy}
        )
        ids = [int(r[0]) for r in result]
    return busy, ids, time.perf_counter() - began


def principal(org: str, scopes: list[str]) -> Principal:
    return Principal("tok", "bench", org, "user", tuple(scopes), True, frozenset(), None)


async def measure(
    runtime: Runtime, busy: str, ids: list[int], rounds: int
) -> dict[str, list[float]]:
    cursors = {
        "first page": None,
        "middle page": str(ids[len(ids) // 2]),
        "last page": str(ids[-10]),
    }
    who = {
        "all scopes": principal(busy, POST_CLAIM_SCOPES),
        "proposals:read": principal(busy, ["proposals:read"]),
    }
    timings: dict[str, list[float]] = {}
    for _ in range(rounds):
        for scope_name, caller in who.items():
            for cursor_name, cursor in cursors.items():
                began = time.perf_counter()
                async with runtime.uow(write=False) as uow:
                    page = await updates(uow, caller, cursor=cursor, limit=None)
                key = f"{cursor_name}, {scope_name}"
                timings.setdefault(key, []).append((time.perf_counter() - began) * 1000)
                assert page.events or cursor_name == "last page"
        began = time.perf_counter()
        async with runtime.uow(write=False) as uow:
            await events.all_after(uow.conn, ids[len(ids) // 2], 200)
        timings.setdefault("worker: all after N (200)", []).append(
            (time.perf_counter() - began) * 1000
        )
    return timings


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(engine: str, seconds: float, count: int, timings: dict[str, list[float]]) -> None:
    print(f"\n{engine}: {count:,} events loaded in {seconds:.1f} s")
    print(f"  {'read':<36} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in timings.items():
        print(f"  {name:<36} {statistics.median(values):>8.2f} {pct(values, 0.95):>8.2f}")
    every: list[float] = [v for k, vs in timings.items() if not k.startswith("worker") for v in vs]
    print(f"  {'all feed reads':<36} {statistics.median(every):>8.2f} {pct(every, 0.95):>8.2f}")


async def run(url: str, engine: str, count: int, rounds: int) -> None:
    from hirehall.db import migrate

    migrate.upgrade(url)
    settings = Settings(database_url=url, public_url="http://bench.test", secret_key="bench")  # type: ignore[call-arg]
    runtime = Runtime(settings)
    try:
        busy, ids, seconds = await load(runtime, count)
        await measure(runtime, busy, ids, 2)  # warm the caches and the connection pool
        report(engine, seconds, count, await measure(runtime, busy, ids, rounds))
    finally:
        await runtime.dispose()


async def pg_admin(url: str, sql: str) -> None:
    import asyncpg

    parsed = make_url(url)
    conn = await asyncpg.connect(
        user=parsed.username, password=parsed.password, host=parsed.host,
        port=parsed.port or 5432, database=parsed.database,
    )  # fmt: skip
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(run(f"sqlite:///{tmp}/bench.db", "SQLite", args.events, args.rounds))
    if args.skip_pg:
        return
    bench_url = make_url(args.pg).set(database=PG_BENCH_DB).render_as_string(hide_password=False)
    asyncio.run(pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)'))
    asyncio.run(pg_admin(args.pg, f'CREATE DATABASE "{PG_BENCH_DB}"'))
    try:
        asyncio.run(run(bench_url, "PostgreSQL", args.events, args.rounds))
    finally:
        asyncio.run(pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
