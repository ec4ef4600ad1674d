"""`GET /credits/ledger` latency with 1,000,000 ledger entries, on SQLite and PostgreSQL.

Run from the repository root:
    .venv/bin/python bench/ledger.py [--entries 1000000] [--pg postgresql://postgres@127.0.0.1:5432/test]

For each engine it creates a fresh database (SQLite: a temporary file; PostgreSQL: the
database `hirehall_bench_ledger`, dropped afterwards), migrates it with Alembic, bulk-loads
journal transactions (each with its two postings) spread over 1,000 organizations (one busy
organization holds a tenth of them), sets every balance to the sum of its postings, and
checks the books with `ledger.service.verify`. Then it times:
- the use case (`hirehall.ledger.service.ledger_page`: the SQL and the answer) for the first,
  a middle and the last page of the busy organization, default size (50) and 100;
- the whole request `GET /api/public/v1/credits/ledger` through the ASGI app (token lookup,
  gates, unit of work, JSON), in process, no network;
- `GET /credits` (balances and the 10 newest entries).
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

import httpx
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from hirehall.app import create_app
from hirehall.core import cursors
from hirehall.core.ids import new_id
from hirehall.db.models import LedgerPosting, LedgerTransaction, Organization
from hirehall.ledger import service as ledger
from hirehall.runtime import Runtime
from hirehall.settings import Settings

PG_BENCH_DB = "hirehall_bench_ledger"
TYPES = ["TOP_UP", "HOLD", "CAPTURE", "HOLD_RELEASE", "ADJUSTMENT"]


async def load(runtime: Runtime, busy: str, count: int) -> tuple[list[str], float]:
    """Loads `count` transactions, a tenth of them the busy organization's (made through the
    operator API, with its owner); returns its entry ids (oldest first) and the load time."""
    rng = random.Random(11)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    orgs = [
        {"id": new_id(start + timedelta(seconds=n)), "name": f"Lab {n}", "claimed": True,
         "features": ["public_api_credits"], "created_at": start}
        for n in range(999)
    ]  # fmt: skip
    began = time.perf_counter()
    async with runtime.uow() as uow:
        await uow.conn.execute(insert(Organization), orgs)
        for offset in range(0, count, 10_000):
            transactions, postings = [], []
            for n in range(min(10_000, count - offset)):
                org = busy if rng.random() < 0.1 else str(rng.choice(orgs)["id"])
                when = start + timedelta(seconds=offset + n)
                tid = new_id(when)
                cents = rng.randint(100, 100_000)
                transactions.append(
                    {"id": tid, "entry_type": rng.choice(TYPES), "organization_id": org,
                     "amount_cents": cents, "proposal_id": None, "contract_id": None,
                     "milestone_id": None, "top_up_id": None, "hold_entry_id": None,
                     "note": None, "created_at": when}
                )  # fmt: skip
                postings += [
                    {"transaction_id": tid, "account_key": f"credits_available:{org}",
                     "account": "credits_available", "organization_id": org,
                     "amount_cents": cents},
                    {"transaction_id": tid, "account_key": "card_clearing",
                     "account": "card_clearing", "organization_id": None, "amount_cents": -cents},
                ]  # fmt: skip
            await uow.conn.execute(insert(LedgerTransaction), transactions)
            await uow.conn.execute(insert(LedgerPosting), postings)
        # Every balance is the sum of its postings (as post() would have left it).
        await uow.conn.execute(
            text(
                "INSERT INTO ledger_balances (key, account, organization_id, balance_cents) "
                "SELECT account_key, MIN(account), MIN(organization_id), SUM(amount_cents) "
                "FROM ledger_postings GROUP BY account_key"
            )
        )
    if runtime.settings.database_url.startswith("postgresql"):
        await pg_admin(runtime.settings.database_url, "VACUUM ANALYZE")
    else:
        async with runtime.uow() as uow:
            await uow.conn.execute(text("ANALYZE"))
    async with runtime.uow(write=False) as uow:
        result = await uow.conn.execute(
            text("SELECT id FROM ledger_transactions WHERE organization_id = :o ORDER BY id"),
            {"o": busy},
        )
        ids = [str(r[0]) for r in result]
        report = await ledger.verify(uow)
    assert report["ok"], report["problems"][:5]
    return ids, time.perf_counter() - began


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(
    runtime: Runtime, http: httpx.AsyncClient, token: str, busy: str, ids: list[str], rounds: int
) -> dict[str, list[float]]:
    # A cursor is the id of the last entry shown; the page continues below it.
    pages = {
        "first page": None,
        "middle page": cursors.encode(ids[len(ids) // 2]),
        "last page": cursors.encode(ids[20]),
    }
    headers = {"Authorization": f"Bearer {token}"}
    timings: dict[str, list[float]] = {}
    for _ in range(rounds):
        for name, cursor in pages.items():
            for limit in (None, "100"):
                began = time.perf_counter()
                async with runtime.uow(write=False) as uow:
                    page = await ledger.ledger_page(uow, busy, cursor=cursor, limit=limit)
                key = f"use case: {name}, limit {limit or 50}"
                timings.setdefault(key, []).append((time.perf_counter() - began) * 1000)
                assert page["entries"]
            params = {"cursor": cursor} if cursor else {}
            began = time.perf_counter()
            response = await http.get(
                "/api/public/v1/credits/ledger", params=params, headers=headers
            )
            timings.setdefault(f"HTTP GET /credits/ledger: {name}", []).append(
                (time.perf_counter() - began) * 1000
            )
            assert response.status_code == 200, response.text
        began = time.perf_counter()
        response = await http.get("/api/public/v1/credits", headers=headers)
        timings.setdefault("HTTP GET /credits", []).append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    return timings


def report(engine: str, seconds: float, count: int, timings: dict[str, list[float]]) -> None:
    print(f"\n{engine}: {count:,} ledger entries loaded in {seconds:.1f} s")
    print(f"  {'read':<44} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in timings.items():
        print(f"  {name:<44} {statistics.median(values):>8.2f} {pct(values, 0.95):>8.2f}")
    ledger_http = [
        v for k, vs in timings.items() if k.startswith("HTTP GET /credits/ledger") for v in vs
    ]
    print(
        f"  {'every HTTP GET /credits/ledger':<44} "
        f"{statistics.median(ledger_http):>8.2f} {pct(ledger_http, 0.95):>8.2f}"
    )


async def run(url: str, engine: str, count: int, rounds: int) -> None:
    from hirehall.db import migrate

    migrate.upgrade(url)
    settings = Settings(  # type: ignore[call-arg]
        database_url=url, public_url="http://bench.test", secret_key="bench", admin_token="bench"
    )
    runtime = Runtime(settings)
    app = create_app(settings, runtime)
    admin = {"Authorization": "Bearer bench"}
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.test") as http:
            made = await http.post("/api/admin/v1/accounts", json={"name": "Busy"}, headers=admin)
            busy = made.json()["account"]["id"]
            minted = await http.post(
                f"/api/admin/v1/accounts/{busy}/tokens", json={}, headers=admin
            )
            token = minted.json()["token"]
            ids, seconds = await load(runtime, busy, count)
            await measure(runtime, http, token, busy, ids, 2)  # warm caches and the pool
            report(engine, seconds, count, await measure(runtime, http, token, busy, ids, rounds))
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
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(run(f"sqlite:///{tmp}/bench.db", "SQLite", args.entries, args.rounds))
    if args.skip_pg:
        return
    bench_url = make_url(args.pg).set(database=PG_BENCH_DB).render_as_string(hide_password=False)
    asyncio.run(pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)'))
    asyncio.run(pg_admin(args.pg, f'CREATE DATABASE "{PG_BENCH_DB}"'))
    try:
        asyncio.run(run(bench_url, "PostgreSQL", args.entries, args.rounds))
    finally:
        asyncio.run(pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
