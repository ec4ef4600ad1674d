"""The hot reads over HTTP (issue 10): `GET /auth/me`, `GET /updates`, `GET /proposals/{id}`
and `GET /jobs/{id}/proposals` (25 proposals, the default page), on PostgreSQL
(`serve --workers 2`) and SQLite (`--workers 1`), 16 connections, wrk.

Run from the repository root: ``.venv/bin/python bench/reads.py`` (``--help`` for options).
Not a test: it prints requests/s, p50 and p99 for each read. The PostgreSQL database it uses
is created and dropped; SQLite's is a temporary file.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "src"))

import _setup as db
from _load import _from_wrk, _wrk, have_wrk
from _server import Server

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
API = "/api/public/v1"
PROPOSALS = 25


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--duration", type=float, default=8, help="seconds per timed run (8)")
    p.add_argument("--warmup", type=float, default=2, help="seconds of warm-up before each (2)")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    p.add_argument("--pg-db", default="hirehall_bench_reads", help="created and dropped")
    return p.parse_args()


def _invite_all(port: int, target: db.Target, job_id: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Authorization": f"Bearer {target.token}", "Content-Type": "application/json"}
    proposal_id = ""
    for n in range(PROPOSALS):
        body = json.dumps({"freelancerId": db.fresh_trainer_id(n)})
        conn.request("POST", f"{API}/jobs/{job_id}/invites", body, headers)
        answer = conn.getresponse()
        assert answer.status == 201, answer.read()
        proposal_id = json.loads(answer.read())["proposalId"]
    conn.close()
    return proposal_id


def _get_lua(path: str, token: str) -> str:
    return (
        f'wrk.method = "GET"\nwrk.path = "{path}"\n'
        f'wrk.headers["Authorization"] = "Bearer {token}"\n'
    )


def measure(args: argparse.Namespace, target: db.Target) -> None:
    db.migrate(target.url)
    db.seed(target, ["reads"])
    db.add_trainers(target, PROPOSALS, filler=0)
    job_id = target.jobs["reads"]
    with Server(target.url, target.workers) as server:
        proposal_id = _invite_all(server.port, target, job_id)
        reads = {
            "GET /auth/me": f"{API}/auth/me",
            "GET /updates": f"{API}/updates",
            "GET /proposals/{id}": f"{API}/proposals/{proposal_id}",
            f"GET /jobs/{{id}}/proposals ({PROPOSALS})": f"{API}/jobs/{job_id}/proposals",
        }
        for label, path in reads.items():
            lua = _get_lua(path, target.token)
            url = f"http://127.0.0.1:{server.port}{path}"
            _wrk(url, args.connections, args.warmup, 2, lua)
            r = _from_wrk(label, _wrk(url, args.connections, args.duration, 2, lua))
            print(
                f"| {target.name}, {target.workers} worker(s) | {label} | {r.rate:,.0f} "
                f"| {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} |",
                flush=True,
            )


def main() -> int:
    args = parse_args()
    if not have_wrk():
        print("wrk is missing (make bench installs it: apt-get install -y wrk)")
        return 1
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {args.connections} connections")
    print("| engine | read | requests/s | p50 ms | p99 ms | non-2xx / failed |")
    print("|---|---|---|---|---|---|")
    url = db.pg_bench_url(args.pg_admin_url, args.pg_db)
    db.pg_create(args.pg_admin_url, args.pg_db)
    try:
        measure(args, db.Target("PostgreSQL", url, 2))
    finally:
        db.pg_drop(args.pg_admin_url, args.pg_db)
    with tempfile.TemporaryDirectory(prefix="hirehall-bench-reads-") as tmp:
        measure(args, db.Target("SQLite", f"sqlite:///{tmp}/reads.db", 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
