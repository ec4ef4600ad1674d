"""`GET /messages` latency with 100,000 messages in the database, on SQLite and PostgreSQL.

Run from the repository root:
    .venv/bin/python bench/messages_list.py [--messages 100000] [--pg postgresql://postgres@127.0.0.1:5432/test]

For each engine it creates a fresh database (SQLite: a temporary file; PostgreSQL: the
database `hirehall_bench_messages`, dropped afterwards), migrates it with Alembic, bulk-loads
51 employer accounts, 100 trainers, 10,000 proposal threads (5,000 of them the measured
account's) and the messages (one thread of the measured account holds 20,000 of them; the
rest are spread at random over all threads), with each thread's
markers and counters as the sends would have left them. It then times two layers:
  - the use case (`hirehall.messaging`: query parsing, the SQL, the views) in one process;
  - the whole app in process over ASGI (token authentication, gates, JSON), no network;
and prints p50/p95 in milliseconds for list mode (default page, 100 per page, a later page,
unreadOnly, filter) and message mode (newest page of the 20,000-message thread, a page from
its middle).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from hirehall.app import create_app
from hirehall.auth.service import mint
from hirehall.core.ids import new_id
from hirehall.core.scopes import ALL_SCOPES
from hirehall.db import migrate
from hirehall.db.models import (
    Conversation,
    FreelancerProfile,
    Job,
    Message,
    Organization,
    Proposal,
    User,
)
from hirehall.messaging import query, service
from hirehall.runtime import Runtime
from hirehall.settings import Settings

PG_BENCH_DB = "hirehall_bench_messages"
ACCOUNTS, TRAINERS = 51, 100  # 100 jobs x 100 trainers = 10,000 threads
MEASURED_JOBS = 50  # the measured account owns 50 jobs (5,000 threads); 50 others one each
BIG_THREAD = 20_000
WORDS = ["thanks", "label", "batch", "the", "guidelines", "we", "can", "start", "monday"]


def _ts(start: datetime, n: int) -> datetime:
    return start + timedelta(milliseconds=n)


class World:
    """What the loader made, and what the measurements need."""

    org_id = ""
    owner_id = ""
    big_thread = ""
    token = ""
    list_cursor_key = ""  # where the second list page starts


def _conversation(
    cid: str, org: str, trainer: str, proposal: str, job: str, at: datetime
) -> dict[str, Any]:
    return {
        "id": cid, "type": "DIRECT_MESSAGE", "bucket": "proposal", "organization_id": org,
        "freelancer_user_id": trainer, "proposal_id": proposal, "job_id": job,
        "read_only": False, "activity_key": cid, "message_count": 0, "last_message_id": None,
        "employer_read_seq": 0, "trainer_read_seq": 0, "employer_last_seq": 0,
        "trainer_last_seq": 0, "employer_unread": 0, "trainer_unread": 0,
        "employer_needs_reply": 0, "trainer_needs_reply": 0, "created_at": at, "updated_at": at,
    }  # fmt: skip


def _send(conv: dict[str, Any], side: str, message_id: str, at: datetime) -> int:
    """What `repository.number_message` does to the row, in Python."""
    other = "trainer" if side == "employer" else "employer"
    seq = conv["message_count"] + 1
    conv.update(
        {
            "message_count": seq, f"{side}_read_seq": seq, f"{side}_last_seq": seq,
            f"{side}_unread": 0, f"{side}_needs_reply": 0,
            f"{other}_unread": conv[f"{other}_unread"] + 1,
            f"{other}_needs_reply": conv[f"{other}_needs_reply"] + 1,
            "last_message_id": message_id, "activity_key": message_id, "updated_at": at,
        }
    )  # fmt: skip
    return seq


async def load(runtime: Runtime, total: int, world: World) -> float:
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    tick = iter(range(10**9))
    began = time.perf_counter()
    orgs, owners, jobs = [], [], []
    for n in range(ACCOUNTS):
        at = _ts(start, next(tick))
        org, owner = new_id(at), new_id(at)
        orgs.append({"id": org, "name": f"Lab {n}", "claimed": True, "features": [],
                     "owner_user_id": owner, "created_at": at})  # fmt: skip
        owners.append({"id": owner, "user_type": "EMPLOYER", "organization_id": org,
                       "member_role": "OWNER", "first_name": "Owner", "last_name": str(n),
                       "status": "ACTIVE", "created_at": at})  # fmt: skip
    for n in range(MEASURED_JOBS + ACCOUNTS - 1):
        at = _ts(start, next(tick))
        org = orgs[max(0, n - MEASURED_JOBS + 1)]["id"]
        jobs.append({"id": new_id(at), "organization_id": org, "status": "OPEN",
                     "title": f"Job {n}", "slug": f"job-{n}", "fields": {}, "created_at": at,
                     "updated_at": at})  # fmt: skip
    trainers, profiles = [], []
    for n in range(TRAINERS):
        at = _ts(start, next(tick))
        tid = new_id(at)
        trainers.append({"id": tid, "user_type": "FREELANCER", "organization_id": None,
                         "member_role": None, "first_name": "Trainer",
                         "last_name": str(n), "status": "ACTIVE", "created_at": at})  # fmt: skip
        profiles.append({"user_id": tid, "profile_slug": f"trainer-{n}", "member_since": at,
                         "updated_at": at})  # fmt: skip
    proposals, convs = [], []
    for job in jobs:
        for trainer in trainers:
            at = _ts(start, next(tick))
            pid, cid = new_id(at), new_id(at)
            proposals.append({"id": pid, "job_id": job["id"], "freelancer_user_id": trainer["id"],
                              "status": "UNREVIEWED", "origin": "APPLIED", "created_at": at,
                              "updated_at": at})  # fmt: skip
            org = job["organization_id"]
            convs.append(_conversation(cid, org, trainer["id"], pid, job["id"], at))
    world.org_id, world.owner_id = orgs[0]["id"], owners[0]["id"]
    big = convs[0]
    world.big_thread = big["id"]
    owner_of = {o["organization_id"]: o["id"] for o in owners}
    messages = []
    for n in range(total):
        at = _ts(start, next(tick))
        conv = big if n < BIG_THREAD else rng.choice(convs)
        mid = new_id(at)
        side = "employer" if conv["employer_last_seq"] == 0 or rng.random() < 0.5 else "trainer"
        sender = (
            owner_of[conv["organization_id"]] if side == "employer" else conv["freelancer_user_id"]
        )
        seq = _send(conv, side, mid, at)
        content = " ".join(rng.choices(WORDS, k=12))
        messages.append({"id": mid, "conversation_id": conv["id"], "seq": seq,
                         "sender_user_id": sender, "sender_side": side,
                         "content": content, "created_at": at})  # fmt: skip
    async with runtime.uow() as uow:
        for table, rows in (
            (Organization, orgs), (User, owners + trainers), (FreelancerProfile, profiles),
            (Job, jobs), (Proposal, proposals), (Conversation, convs), (Message, messages),
        ):  # fmt: skip
            for i in range(0, len(rows), 5000):
                await uow.conn.execute(insert(table), rows[i : i + 5000])
        token, _ = await mint(
            uow, organization_id=world.org_id, user_id=world.owner_id, scopes=list(ALL_SCOPES)
        )
        world.token = token
    if runtime.settings.database_url.startswith("postgresql"):
        await pg_admin(runtime.settings.database_url, "VACUUM ANALYZE")
    else:
        async with runtime.uow() as uow:
            await uow.conn.execute(text("ANALYZE"))
    return time.perf_counter() - began


CASES: list[tuple[str, dict[str, str]]] = [
    ("list: default (20)", {}),
    ("list: limit=100", {"limit": "100"}),
    ("list: page 2 (cursor)", {"cursor": "<list>"}),
    ("list: unreadOnly=true", {"unreadOnly": "true"}),
    ("list: filter=proposal", {"filter": "proposal"}),
    ("message: newest 20", {"conversationId": "<big>"}),
    ("message: from middle", {"conversationId": "<big>", "cursor": "<middle>"}),
]


def _params(case: dict[str, str], world: World) -> dict[str, str]:
    values = {
        "<big>": world.big_thread,
        "<list>": query.list_cursor(world.list_cursor_key),
        "<middle>": query.message_cursor(world.big_thread, BIG_THREAD // 2),
    }
    return {k: values.get(v, v) for k, v in case.items()}


async def _use_case(runtime: Runtime, params: dict[str, str], world: World) -> int:
    viewer = service.Viewer(world.owner_id, "employer", world.org_id)
    async with runtime.uow(write=False) as uow:
        parsed = query.parse(params)
        if isinstance(parsed, query.ReadQuery):
            page = await service.read_messages(uow, viewer, parsed)
            return len(page["messages"])
        listed = await service.list_conversations(uow, viewer, parsed)
        return len(listed["conversations"])


async def measure(
    call: Callable[[dict[str, str]], Awaitable[int]], world: World, rounds: int
) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name, _ in CASES}
    for _ in range(rounds):
        for name, case in CASES:
            params = _params(case, world)
            began = time.perf_counter()
            count = await call(params)
            timings[name].append((time.perf_counter() - began) * 1000)
            timings[name + " n"] = [float(count)]
    return timings


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(title: str, timings: dict[str, list[float]]) -> None:
    print(f"  {title}")
    print(f"    {'case':<24} {'items':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for name, _ in CASES:
        values = timings[name]
        items = int(timings[name + " n"][0])
        p50, p95 = statistics.median(values), pct(values, 0.95)
        print(f"    {name:<24} {items:>5} {p50:>8.2f} {p95:>8.2f}")


async def run(url: str, engine: str, total: int, rounds: int) -> None:
    migrate.upgrade(url)
    settings = Settings(  # type: ignore[call-arg]
        database_url=url, public_url="http://bench.test", secret_key="bench",
        token_rate_limit_per_minute=1_000_000_000, log_level="warning",
    )  # fmt: skip
    runtime = Runtime(settings)
    world = World()
    try:
        seconds = await load(runtime, total, world)
        async with runtime.uow(write=False) as uow:
            viewer = service.Viewer(world.owner_id, "employer", world.org_id)
            first = await service.list_conversations(uow, viewer, query.ListQuery(limit=20))
        world.list_cursor_key = query.cursors.decode(first["nextCursor"], 2)[1]
        print(f"\n{engine}: {total:,} messages in 10,000 threads loaded in {seconds:.1f} s")

        async def use_case(params: dict[str, str]) -> int:
            return await _use_case(runtime, params, world)

        await measure(use_case, world, 3)  # warm the caches and the pool
        report("use case (SQL + views), one process", await measure(use_case, world, rounds))
        app = create_app(settings, runtime)
        headers = {"Authorization": f"Bearer {world.token}"}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.test") as http:

            async def over_http(params: dict[str, str]) -> int:
                response = await http.get("/api/public/v1/messages", params=params, headers=headers)
                assert response.status_code == 200, response.text
                body = response.json()
                return len(body.get("conversations", body.get("messages", [])))

            await measure(over_http, world, 3)
            timings = await measure(over_http, world, rounds)
            report("whole app over ASGI (auth, gates, JSON), no network", timings)
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
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(run(f"sqlite:///{tmp}/bench.db", "SQLite", args.messages, args.rounds))
    if args.skip_pg:
        return
    bench_url = make_url(args.pg).set(database=PG_BENCH_DB).render_as_string(hide_password=False)
    asyncio.run(pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)'))
    asyncio.run(pg_admin(args.pg, f'CREATE DATABASE "{PG_BENCH_DB}"'))
    try:
        asyncio.run(run(bench_url, "PostgreSQL", args.messages, args.rounds))
    finally:
        asyncio.run(pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
