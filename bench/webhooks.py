"""Webhook deliveries per second with a receiver that answers in 1 ms, and the latency from
an event's commit to its receipt, on PostgreSQL (the worker's production engine).

Run from the repository root:
    .venv/bin/python bench/webhooks.py [--events 20000] [--pg postgresql://postgres@127.0.0.1:5432/test]

It creates the database `hirehall_bench_webhooks` (dropped afterwards), migrates it, and
starts a receiver in its own process (asyncio, HTTP/1.1 keep-alive, each answer after a
1 ms sleep, recording when each event arrived).
1. Throughput: it starts `hirehall worker` processes, waits until they are up and idle (a
   warm-up event delivered, then a pause), commits `--events` events of one account with one
   subscription in one transaction, and times from that commit until every delivery has been
   received (fan-out from the event log, claims, signed POSTs, results recorded); once with
   one worker process, once with two (a fresh backlog each time). It also reports the
   workers' CPU time per delivery. (A process's start is not in the figure: on this machine
   the sandbox sets PYTHONDONTWRITEBYTECODE, so each start compiles every module anew.)
2. Latency: with one worker running and idle, it commits events one transaction each at
   `--rate` a second and reports commit-to-receipt p50/p95/p99.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from hirehall.core.ids import new_id
from hirehall.db.models import Event, Organization, Webhook
from hirehall.events.service import record_event
from hirehall.runtime import Runtime
from hirehall.settings import Settings
from hirehall.webhooks.rules import new_secret
from hirehall.webhooks.sealing import seal

ROOT = Path(__file__).resolve().parents[1]
PG_BENCH_DB = "hirehall_bench_webhooks"
SECRET_KEY = "bench-secret-key-not-for-production-0123456789"
HIREHALL = ROOT / ".venv" / "bin" / "hirehall"
STATUSES = (
    "SELECT d.status, count(*) FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
    "WHERE e.resource_id <> :after GROUP BY d.status"
)
PROBLEMS = (
    "SELECT d.attempt_count, d.lease_token IS NULL, a.status_code, a.error, count(*) "
    "FROM webhook_deliveries d LEFT JOIN webhook_attempts a ON a.delivery_id = d.id "
    "WHERE d.status <> 'SUCCEEDED' GROUP BY 1, 2, 3, 4"
)


# The receiver (its own process).


def _receiver(port: int, ready: Any) -> None:
    arrived: dict[str, float] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                body = await reader.readexactly(length) if length else b""
                if lines[0].startswith("GET /stats"):
                    reply = json.dumps(arrived).encode()
                elif lines[0].startswith("GET /reset"):
                    arrived.clear()
                    reply = b"{}"
                else:
                    arrived.setdefault(json.loads(body)["id"], time.time())
                    await asyncio.sleep(0.001)
                    reply = b"ok"
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    + str(len(reply)).encode()
                    + b"\r\n\r\n"
                    + reply
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def serve() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
        ready.set()
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


def _get(port: int, path: str) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
        data: dict[str, float] = json.loads(answer.read())
        return data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# The database.


async def pg_admin(url: str, sql: str) -> None:
    import asyncpg

    parsed = make_url(url)
    conn = await asyncpg.connect(
        user=parsed.username,
        password=parsed.password,
        host=parsed.host,
        port=parsed.port or 5432,
        database=parsed.database,
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def seed(runtime: Runtime, receiver_url: str) -> str:
    """One account with one active subscription."""
    now = datetime.now(UTC)
    org = new_id(now)
    async with runtime.uow() as uow:
        await uow.conn.execute(
            insert(Organization),
            [{"id": org, "name": "Bench", "claimed": True, "features": [], "created_at": now}],
        )
        await uow.conn.execute(
            insert(Webhook),
            [
                {
                    "id": new_id(now),
                    "organization_id": org,
                    "url": receiver_url,
                    "event_types": ["proposal.status_changed"],
                    "status": "ACTIVE",
                    "secret_sealed": seal(SECRET_KEY.encode(), new_secret()),
                    "consecutive_failures": 0,
                    "after_event_id": 0,
                    "created_at": now,
                }
            ],
        )
    return org


async def backlog(runtime: Runtime, org: str, count: int) -> None:
    """`count` events committed in bulk (the backlog the workers then deliver)."""
    now = datetime.now(UTC)
    async with runtime.uow() as uow:
        for offset in range(0, count, 5000):
            rows = [
                {
                    "organization_id": org,
                    "event_type": "proposal.status_changed",
                    "resource_id": f"p{offset + n}",
                    "job_id": None,
                    "data": {"proposalId": f"p{offset + n}", "status": "SHORTLISTED"},
                    "created_at": now,
                }
                for n in range(min(5000, count - offset))
            ]
            await uow.conn.execute(insert(Event), rows)


def start_workers(url: str, count: int) -> list[subprocess.Popen[bytes]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIREHALL_")}
    env |= {
        "HIREHALL_DATABASE_URL": url,
        "HIREHALL_SECRET_KEY": SECRET_KEY,
        "HIREHALL_WEBHOOK_ALLOW_PRIVATE": "1",  # the receiver is on 127.0.0.1
        "HIREHALL_LOG_LEVEL": "warning",
    }
    return [
        subprocess.Popen([str(HIREHALL), "worker"], env=env, start_new_session=True)
        for _ in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def wait_for(port: int, count: int, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_get(port, "/stats")) >= count:
            return time.monotonic()
        time.sleep(0.05)
    raise RuntimeError(f"only {len(_get(port, '/stats'))} of {count} deliveries arrived")


def cpu_seconds(workers: list[subprocess.Popen[bytes]]) -> float:
    """User and system CPU time the worker processes have used so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for worker in workers:
        fields = Path(f"/proc/{worker.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


async def warm_up(runtime: Runtime, port: int, org: str) -> None:
    """Waits until a worker delivers one event, then a moment for the others to be idle."""
    async with runtime.uow() as uow:
        await record_event(
            uow,
            organization_id=org,
            event_type="proposal.status_changed",
            resource_id="warm-up",
            job_id=None,
            data={"proposalId": "warm-up", "status": "MAYBE"},
        )
    wait_for(port, 1, 120)
    await asyncio.sleep(3)
    _get(port, "/reset")


async def throughput(
    runtime: Runtime, url: str, port: int, org: str, count: int, procs: int
) -> tuple[float, float]:
    """Deliveries a second, and the workers' CPU milliseconds per delivery."""
    _get(port, "/reset")
    async with runtime.uow() as uow:  # a fresh backlog: deliveries and cursor from zero
        await uow.conn.execute(text("TRUNCATE webhook_deliveries, webhook_attempts, events"))
        await uow.conn.execute(text("DELETE FROM worker_cursors"))
    workers = start_workers(url, procs)
    try:
        await warm_up(runtime, port, org)
        cpu_before = cpu_seconds(workers)
        await backlog(runtime, org, count)
        started = time.monotonic()  # the backlog is committed
        done = wait_for(port, count, 900)
        cpu = cpu_seconds(workers) - cpu_before
    finally:
        stop_workers(workers)
    async with runtime.uow() as uow:  # every delivery recorded as received
        statuses = dict(
            tuple(row) for row in await uow.conn.execute(text(STATUSES), {"after": "warm-up"})
        )
    if statuses != {"SUCCEEDED": count}:
        async with runtime.uow() as uow:
            why = (await uow.conn.execute(text(PROBLEMS))).all()
        raise RuntimeError(f"deliveries not all recorded SUCCEEDED: {statuses}, {why}")
    return count / (done - started), cpu * 1000 / count


async def latency(
    runtime: Runtime, url: str, port: int, org: str, rate: float, seconds: float
) -> list[float]:
    _get(port, "/reset")
    workers = start_workers(url, 1)
    arrived: dict[str, float] = {}
    try:
        await asyncio.sleep(5)  # the worker is up and idle
        committed: dict[str, float] = {}
        next_at = time.monotonic()
        end = next_at + seconds
        while time.monotonic() < end:
            async with runtime.uow() as uow:
                event_id = await record_event(
                    uow,
                    organization_id=org,
                    event_type="proposal.status_changed",
                    resource_id="p",
                    job_id=None,
                    data={"proposalId": "p", "status": "MAYBE"},
                )
            committed[event_id] = time.time()  # after the commit
            next_at += 1 / rate
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            arrived = _get(port, "/stats")
            if all(event_id in arrived for event_id in committed):
                break
            await asyncio.sleep(0.1)
    finally:
        stop_workers(workers)
    return sorted((arrived[e] - t) * 1000 for e, t in committed.items() if e in arrived)


def pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(len(values) * p))]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--rate", type=float, default=100.0, help="events a second (latency)")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    from hirehall.db import migrate

    url = make_url(args.pg).set(database=PG_BENCH_DB).render_as_string(hide_password=False)
    await pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
    await pg_admin(args.pg, f'CREATE DATABASE "{PG_BENCH_DB}"')
    port = free_port()
    ready = multiprocessing.Event()
    receiver = multiprocessing.Process(target=_receiver, args=(port, ready), daemon=True)
    receiver.start()
    ready.wait(30)
    try:
        migrate.upgrade(url)
        runtime = Runtime(Settings(database_url=url, secret_key=SECRET_KEY))
        org = await seed(runtime, f"http://127.0.0.1:{port}/hook")
        print(f"PostgreSQL, receiver answering after 1 ms, {os.cpu_count()} cores")
        for procs in (1, 2):
            rate, cpu_ms = await throughput(runtime, url, port, org, args.events, procs)
            print(
                f"  throughput, {procs} worker process(es): {rate:,.0f} deliveries/s "
                f"({args.events:,} events, fan-out included; worker CPU {cpu_ms:.2f} ms each)"
            )
        lat = await latency(runtime, url, port, org, args.rate, args.seconds)
        print(
            f"  commit-to-receipt at {args.rate:g} events/s for {args.seconds:g} s "
            f"({len(lat)} events): p50 {pct(lat, 0.5):.0f} ms, p95 {pct(lat, 0.95):.0f} ms, "
            f"p99 {pct(lat, 0.99):.0f} ms, max {lat[-1]:.0f} ms"
        )
        await runtime.dispose()
    finally:
        receiver.terminate()
        await pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')


if __name__ == "__main__":
    asyncio.run(main())
