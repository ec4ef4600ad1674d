"""Throughput and latency of the founding endpoint, POST /api/public/v1/jobs/{id}/invites.

Run from the repository root: ``.venv/bin/python bench/invites.py`` (or ``make bench``);
``--help`` lists the options. Not a test: it prints figures.

For PostgreSQL (a fresh database, dropped afterwards; the server with 2 workers) and SQLite (a
temporary file; 1 worker) it migrates, seeds an account, a token and OPEN jobs through the
services, bulk-inserts fresh trainers, starts ``hirehall serve``, then measures:
  1. at each concurrency: GET /healthz, then invites of fresh trainers (wrk, or an asyncio
     client without wrk), and the same transaction without HTTP (authenticate + invite in one
     unit of work, 16 asyncio tasks in this process) -> invites/s, p50, p99, errors, ratios;
  2. sequential invites on one connection with small and large proposals tables (bulk-loaded
     by SQL, then ANALYZE) -> p50/p99, to show the cost does not grow with the table.
Everything it starts or creates is removed at the end, also on Ctrl-C or an error.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shlex
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

import _setup as db
from _load import Invites, Result, have_wrk, http_load, no_http, sequential
from _server import Server

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass
class EngineRun:
    target: db.Target
    version: str
    results: list[Result] = field(default_factory=list)
    fresh: dict[str, int] = field(default_factory=dict)  # label -> new proposals
    sizes: dict[str, int] = field(default_factory=dict)  # label -> proposals before the run
    notes: list[str] = field(default_factory=list)


def _ints(value: str) -> list[int]:
    return [int(v.replace("_", "")) for v in value.split(",") if v.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--engines", default="postgresql,sqlite", help="postgresql,sqlite (default)")
    p.add_argument("--duration", type=float, default=10, help="seconds per timed run (10)")
    p.add_argument("--warmup", type=float, default=2, help="seconds of invites first (2)")
    p.add_argument("--concurrency", type=_ints, default=[16, 64], help="connections (16,64)")
    p.add_argument("--tasks", type=int, default=16, help="no-HTTP concurrent tasks (16)")
    p.add_argument("--sequential", type=int, default=2000, help="invites per size run (2000)")
    p.add_argument("--sizes", type=_ints, default=[1000, 1_000_000], help="PostgreSQL tables")
    p.add_argument("--sqlite-sizes", type=_ints, default=None, help="SQLite (= --sizes)")
    p.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    p.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    p.add_argument("--max-rate", type=int, default=8000, help="fresh trainers per second (8000)")
    p.add_argument("--pg-admin-url", default=os.environ.get("BENCH_PG_URL", PG_ADMIN_URL))
    p.add_argument("--pg-db", default="hirehall_bench", help="database created and dropped")
    p.add_argument("--pg-workers", type=int, default=2)
    p.add_argument("--sqlite-workers", type=int, default=1)
    args = p.parse_args(argv)
    if args.client == "wrk" and not have_wrk():
        p.error("wrk is not installed (apt-get install -y wrk), or use --client python")
    args.use_wrk = args.client == "wrk" or (args.client == "auto" and have_wrk())
    args.sqlite_sizes = args.sqlite_sizes or args.sizes
    return args


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _plan(args: argparse.Namespace, sizes: list[int]) -> tuple[list[str], dict[str, int]]:
    """Job names and how many fresh trainers each measurement may use."""
    timed = math.ceil(args.max_rate * args.duration)
    need = {"warmup": math.ceil(args.max_rate * max(args.warmup, 0.5))}
    need |= {f"invites-c{c}": timed for c in args.concurrency}
    need["no-http"] = timed
    need |= {f"sequential-{n}": args.sequential for n in sizes}
    return list(need), need


def run_engine(args: argparse.Namespace, target: db.Target, sizes: list[int]) -> EngineRun:
    db.migrate(target.url)
    names, need = _plan(args, sizes)
    db.seed(target, names)
    offsets, total = {}, 0
    for name in names:
        offsets[name], total = total, total + need[name]
    t0 = time.perf_counter()
    db.add_trainers(target, total, filler=math.ceil(max(sizes, default=0) / db.FILLER_JOBS))
    _say(f"{target.name}: {total:,} fresh trainers in {time.perf_counter() - t0:.1f}s")
    run = EngineRun(target, "")

    def invites(name: str) -> Invites:
        return Invites(target.token, target.jobs[name], offsets[name], need[name])

    with Server(target.url, target.workers) as server:
        _say(f"{target.name}: server on :{server.port} with {target.workers} worker(s)")
        http_load("warmup", server.port, 16, args.warmup, invites("warmup"), use_wrk=args.use_wrk)
        # Statistics that know the warm-up's rows, as autovacuum keeps them on a running
        # server (compare.py's `steady` says why: plans made on empty tables scan a job's
        # every proposal).
        db.settle(target)
        for c in args.concurrency:
            r = http_load(
                f"GET /healthz c{c}", server.port, c, args.duration, None, use_wrk=args.use_wrk
            )
            run.results.append(r)
            name = f"invites-c{c}"
            r = http_load(
                f"POST invites c{c}",
                server.port,
                c,
                args.duration,
                invites(name),
                threads=args.threads,
                use_wrk=args.use_wrk,
            )
            run.results.append(r)
            run.fresh[r.label] = db.count_proposals(target, target.jobs[name])
            if run.fresh[r.label] < r.requests - r.errors:
                run.notes.append(f"{r.label}: ran out of fresh trainers (raise --max-rate)")
            _say(f"{target.name}: {r.label}: {r.rate:,.0f}/s")
        r = no_http(f"invite txn, no HTTP, {args.tasks} tasks", target, invites("no-http"),
                    args.tasks, args.duration)  # fmt: skip
        run.results.append(r)
        _say(f"{target.name}: {r.label}: {r.rate:,.0f}/s")
        db.clear_proposals(target)
        loaded = 0
        for size in sizes:
            t0 = time.perf_counter()
            db.load_proposals(target, loaded, size)
            loaded = size
            label = f"sequential, {size:,} proposals"
            run.sizes[label] = db.count_proposals(target)
            _say(f"{target.name}: table at {run.sizes[label]:,} proposals "
                 f"(+{time.perf_counter() - t0:.1f}s)")  # fmt: skip
            r = sequential(label, server.port, invites(f"sequential-{size}"))
            run.results.append(r)
            _say(f"{target.name}: {label}: p50 {r.p50_ms:.2f} ms, p99 {r.p99_ms:.2f} ms")
    return run


def _find(run: EngineRun, prefix: str) -> Result | None:
    return next((r for r in run.results if r.label.startswith(prefix)), None)


def report(runs: list[EngineRun], args: argparse.Namespace, command: str, load: str) -> str:
    wrk = "wrk " + _wrk_version() if args.use_wrk else "asyncio client (no wrk)"
    lines = [
        "## Invite benchmark",
        "",
        f"Machine: {os.cpu_count()} cores (nproc), {platform.machine()}, "
        f"Python {platform.python_version()}, "
        + ", ".join(f"{r.target.name} {r.version}" for r in runs)
        + f"; load generator: {wrk}; load average {load}.",
        f"Command: `{command}`",
        "",
        "| engine | workers | measurement | conns | per second | p50 ms | p99 ms | non-2xx |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        t = run.target
        for r in run.results:
            conns = r.label.rsplit("c", 1)[-1] if r.label.startswith(("GET", "POST")) else "1"
            if r.label.startswith("invite txn"):
                conns = str(args.tasks)
            label = r.label.rsplit(" c", 1)[0] if r.label.startswith(("GET", "POST")) else r.label
            if r.label in run.fresh:
                label += f" ({run.fresh[r.label]:,} new)"
            if r.label in run.sizes:
                label = f"sequential invites, {run.sizes[r.label]:,} rows in proposals"
            rate = f"{r.rate:,.0f}"
            lines.append(
                f"| {t.name} | {t.workers} | {label} | {conns} | {rate} | "
                f"{r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} |"
            )
    lines += ["", "| engine | conns | invites / healthz | invites HTTP / no-HTTP transaction |"]
    lines.append("|---|---|---|---|")
    for run in runs:
        txn = _find(run, "invite txn")
        for c in args.concurrency:
            inv, hz = _find(run, f"POST invites c{c}"), _find(run, f"GET /healthz c{c}")
            if inv and hz and txn:
                lines.append(
                    f"| {run.target.name} | {c} | {inv.rate / hz.rate:.2f} | "
                    f"{inv.rate / txn.rate:.2f} |"
                )
    notes = [n for run in runs for n in run.notes]
    lines += ["", *(f"Note: {n}" for n in notes)] if notes else []
    return "\n".join(lines)


def _wrk_version() -> str:
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    return out.split()[1] if len(out.split()) > 1 else "?"


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    command = shlex.join([".venv/bin/python", "bench/invites.py", *(argv or sys.argv[1:])])
    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    runs: list[EngineRun] = []
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for engine in engines:
        if engine in ("postgresql", "pg", "postgres"):
            url = db.pg_bench_url(args.pg_admin_url, args.pg_db)
            target = db.Target("PostgreSQL", url, args.pg_workers)
            try:
                version = db.pg_create(args.pg_admin_url, args.pg_db)
                _say(f"PostgreSQL {version}: created database {args.pg_db}")
                run = run_engine(args, target, args.sizes)
                run.version = version
                runs.append(run)
            finally:
                db.pg_drop(args.pg_admin_url, args.pg_db)
                _say(f"dropped database {args.pg_db}")
        elif engine == "sqlite":
            with tempfile.TemporaryDirectory(prefix="hirehall-bench-") as tmp:
                target = db.Target("SQLite", f"sqlite:///{tmp}/bench.db", args.sqlite_workers)
                run = run_engine(args, target, args.sqlite_sizes)
                run.version = db.sqlite_version()
                runs.append(run)
        else:
            raise SystemExit(f"unknown engine {engine!r} (postgresql, sqlite)")
    load_after = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print()
    print(report(runs, args, command, f"{load_before} before, {load_after} after"))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted; cleaned up", file=sys.stderr)
        sys.exit(130)
