"""The invite endpoint beside its yardsticks, in one run on one machine (issue 10, Performance).

Run from the repository root: ``.venv/bin/python bench/compare.py`` (``make bench`` runs it,
then bench/invites.py for the cost-flat check); ``--help`` lists the options. Not a test.

Four systems take POST /api/public/v1/jobs/{id}/invites (or its database work), a fresh trainer
per request, 16 connections, 10 s after a 3 s warm-up:
  1. pgbench: the invite request's whole database work as one statement (token and gates,
     lookups, idempotent insert, notification) against hirehall's schema: the limit;
  2. hirehall on PostgreSQL (`hirehall serve --workers 2`);
  3. hirehall on SQLite (1 worker: one writer);
  4. Prism 5, the stateless OpenAPI mock (installed from npm into a scratch folder), serving
     the invite operation from hirehall's own OpenAPI document, fetched from the SQLite server.
The load generator is wrk (installed with apt-get when missing and possible), else an asyncio
client. It prints requests/s, p50, p99 and the ratios the issue sets targets for:
hirehall-PostgreSQL / pgbench (>= 0.4, p99 within 2x) and hirehall-SQLite / Prism (>= 1.0,
p99 no worse). Everything it creates (a PostgreSQL database, temporary files, Prism's folder,
processes) is removed at the end, also on Ctrl-C or an error.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "src"))

import _pgbench
import _setup as db
from _load import Invites, Result, have_wrk, http_load
from _prism import Prism
from _server import Server

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
OPENAPI = "/api/public/v1/openapi.json"


@dataclass
class Run:
    args: argparse.Namespace
    client: str = ""
    results: dict[str, Result] = field(default_factory=dict)
    fresh: dict[str, int] = field(default_factory=dict)  # key -> new proposals counted after
    versions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--duration", type=float, default=10, help="seconds per timed run (10)")
    p.add_argument("--warmup", type=float, default=3, help="seconds of warm-up before each (3)")
    p.add_argument("--connections", type=int, default=16, help="connections/clients (16)")
    p.add_argument("--threads", type=int, default=2, help="wrk and pgbench threads (2)")
    p.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    p.add_argument("--max-rate", type=int, default=8000, help="fresh trainers per second (8000)")
    p.add_argument("--pg-admin-url", default=os.environ.get("BENCH_PG_URL", PG_ADMIN_URL))
    p.add_argument("--pg-db", default="hirehall_bench_compare", help="created and dropped")
    p.add_argument("--pg-workers", type=int, default=2)
    p.add_argument("--sqlite-workers", type=int, default=1)
    return p.parse_args(argv)


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_client(choice: str) -> tuple[bool, str]:
    """(use wrk, its description): wrk, installed with apt-get when missing, else asyncio."""
    if choice == "python":
        return False, "asyncio client (--client python)"
    if not have_wrk() and shutil.which("apt-get"):
        _say("wrk missing: apt-get install -y wrk")
        done = subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"], capture_output=True, text=True
        )
        if done.returncode != 0:
            _say(f"apt-get failed ({done.stderr.strip().splitlines()[-1:]})")
    if have_wrk():
        out = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()
        return True, f"wrk {out[1] if len(out) > 1 else '?'}"
    if choice == "wrk":
        raise SystemExit("wrk is not installed and apt-get could not install it")
    return False, "asyncio client (wrk unavailable)"


def prepare(args: argparse.Namespace, target: db.Target, names: list[str]) -> dict[str, Invites]:
    """Migrates, seeds one OPEN job per measurement and enough fresh trainers for each."""
    db.migrate(target.url)
    db.seed(target, names)
    invites, first = {}, 0
    for name in names:
        seconds = args.warmup if name.endswith("warmup") else args.duration
        count = math.ceil(args.max_rate * max(seconds, 1))
        invites[name] = Invites(target.token, target.jobs[name], first, count)
        first += count
    t0 = time.perf_counter()
    db.add_trainers(target, first, filler=0)
    _say(f"{target.name}: {first:,} fresh trainers in {time.perf_counter() - t0:.1f}s")
    return invites


def _http(run: Run, key: str, label: str, port: int, invites: Invites) -> Result:
    a = run.args
    use_wrk = run.client.startswith("wrk")
    http_load(f"{label} warm-up", port, a.connections, a.warmup, invites, use_wrk=use_wrk)
    r = http_load(label, port, a.connections, a.duration, invites, threads=a.threads,
                  use_wrk=use_wrk)  # fmt: skip
    run.results[key] = r
    _say(f"{label}: {r.rate:,.0f}/s, p50 {r.p50_ms:.2f} ms, p99 {r.p99_ms:.2f} ms")
    return r


def _count(run: Run, key: str, target: db.Target, invites: Invites) -> None:
    r = run.results[key]
    run.fresh[key] = db.count_proposals(target, invites.job_id)
    if run.fresh[key] < r.requests - r.errors:
        run.notes.append(f"{r.label}: fewer new proposals than answers (raise --max-rate)")


def _warm_then_time(
    run: Run, key: str, label: str, port: int, inv: dict[str, Invites], target: db.Target | None
) -> None:
    """A system's warm-up (not reported), its database made `steady` (none for stateless
    Prism), then its timed run."""
    _http(run, f"{key}-warmup", f"{label} warm-up", port, inv["hirehall-warmup"])
    del run.results[f"{key}-warmup"]
    if target is not None:
        steady(target)
    _http(run, key, label, port, inv["hirehall"])


def steady(target: db.Target) -> None:
    """Between a warm-up and its timed run: statistics that know the rows the warm-up wrote,
    as a running marketplace's autovacuum keeps them. A prepared statement's generic plan is
    made once from the statistics of its moment; made on tables analyzed while still empty,
    PostgreSQL read a job's every proposal for each invite (an index on job_id alone), ever
    slower, until autovacuum's first ANALYZE a minute later replanned it. Which system met
    that minute depended on the timing (issue 10's note); ANALYZE here replans every cached
    statement, for pgbench and hirehall alike."""
    db.settle(target)


def postgresql(run: Run) -> None:
    a = run.args
    url = db.pg_bench_url(a.pg_admin_url, a.pg_db)
    target = db.Target("PostgreSQL", url, a.pg_workers)
    try:
        version = db.pg_create(a.pg_admin_url, a.pg_db)
        run.versions.append(f"PostgreSQL {version}, pgbench {_pgbench.version()}")
        _say(f"PostgreSQL {version}: created database {a.pg_db}")
        inv = prepare(a, target, ["pgbench-warmup", "pgbench", "hirehall-warmup", "hirehall"])
        clients, threads = a.connections, a.threads
        _pgbench.run("pgbench warm-up", url, inv["pgbench-warmup"], clients, threads, a.warmup)
        steady(target)
        r = _pgbench.run("pgbench", url, inv["pgbench"], clients, threads, a.duration)
        run.results["pgbench"] = r
        _say(f"pgbench: {r.rate:,.0f}/s, p50 {r.p50_ms:.2f} ms, p99 {r.p99_ms:.2f} ms")
        _count(run, "pgbench", target, inv["pgbench"])
        with Server(url, a.pg_workers) as server:
            _warm_then_time(run, "pg", "hirehall PostgreSQL", server.port, inv, target)
        _count(run, "pg", target, inv["hirehall"])
    finally:
        db.pg_drop(a.pg_admin_url, a.pg_db)
        _say(f"dropped database {a.pg_db}")


def sqlite_and_prism(run: Run, tmp: Path) -> None:
    a = run.args
    target = db.Target("SQLite", f"sqlite:///{tmp}/bench.db", a.sqlite_workers)
    run.versions.append(f"SQLite {db.sqlite_version()}")
    inv = prepare(a, target, ["hirehall-warmup", "hirehall"])
    document = tmp / "openapi.json"
    with Server(target.url, a.sqlite_workers) as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.request("GET", OPENAPI)
        document.write_bytes(conn.getresponse().read())
        conn.close()
        _warm_then_time(run, "sqlite", "hirehall SQLite", server.port, inv, target)
    _count(run, "sqlite", target, inv["hirehall"])
    _say(f"saved {OPENAPI} ({document.stat().st_size:,} bytes); installing Prism from npm")
    with Prism(document) as prism:
        run.versions.append(f"Prism {prism.version}, Node {_node_version()}")
        _say(f"Prism {prism.version} on :{prism.port}")
        # Prism keeps no state: the same job and trainers as hirehall's SQLite run.
        _warm_then_time(run, "prism", "Prism", prism.port, inv, None)


def _node_version() -> str:
    return subprocess.run(["node", "-v"], capture_output=True, text=True).stdout.strip()


_ROWS = [
    ("pgbench", "pgbench: the invite's database work, one statement (the limit)"),
    ("pg", "hirehall on PostgreSQL, `serve --workers {pg}`"),
    ("sqlite", "hirehall on SQLite, `serve --workers {sqlite}`"),
    ("prism", "Prism 5 mock of the invite operation (hirehall's OpenAPI document)"),
]


def _ratio(run: Run, mine: str, theirs: str, rate_target: float, p99_factor: float) -> str:
    a, b = run.results.get(mine), run.results.get(theirs)
    if not a or not b or not b.rate or not b.p99_ms:
        return "n/a"
    rate, p99 = a.rate / b.rate, a.p99_ms / b.p99_ms
    ok_rate, ok_p99 = rate >= rate_target, p99 <= p99_factor
    return (
        f"| {rate:.2f} (target >= {rate_target:.1f}: {'met' if ok_rate else 'NOT met'}) | "
        f"{p99:.2f} (target <= {p99_factor:.1f}: {'met' if ok_p99 else 'NOT met'}) |"
    )


def report(run: Run, command: str, load: str) -> str:
    a = run.args
    lines = [
        "## Invite benchmark: hirehall beside pgbench and Prism",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine: {os.cpu_count()} "
        f"cores (nproc), {platform.machine()}, Python {platform.python_version()}, "
        + ", ".join(run.versions)
        + f"; load generator: {run.client}; load average {load}.",
        f"Command: `{command}` ({a.connections} connections, {a.duration:g} s after a "
        f"{a.warmup:g} s warm-up, a fresh trainer per request)",
        "",
        "| system | requests/s | p50 ms | p99 ms | non-2xx / failed | new proposals |",
        "|---|---|---|---|---|---|",
    ]
    for key, name in _ROWS:
        r = run.results.get(key)
        if r is None:
            continue
        name = name.format(pg=a.pg_workers, sqlite=a.sqlite_workers)
        fresh = f"{run.fresh[key]:,}" if key in run.fresh else "(stateless)"
        lines.append(
            f"| {name} | {r.rate:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} | {fresh} |"
        )
    lines += [
        "",
        "| ratio | requests/s | p99 |",
        "|---|---|---|",
        "| hirehall-PostgreSQL / pgbench " + _ratio(run, "pg", "pgbench", 0.4, 2.0),
        "| hirehall-SQLite / Prism " + _ratio(run, "sqlite", "prism", 1.0, 1.0),
    ]
    lines += ["", *(f"Note: {n}" for n in run.notes)] if run.notes else []
    return "\n".join(lines)


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    command = shlex.join([".venv/bin/python", "bench/compare.py", *(argv or sys.argv[1:])])
    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    run = Run(args)
    _, run.client = load_client(args.client)
    _say(f"load generator: {run.client}; load average {load_before}")
    postgresql(run)
    with tempfile.TemporaryDirectory(prefix="hirehall-bench-") as tmp:
        sqlite_and_prism(run, Path(tmp))
    load_after = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print()
    print(report(run, command, f"{load_before} before, {load_after} after"))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted; cleaned up", file=sys.stderr)
        sys.exit(130)
