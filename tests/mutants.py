"""A short mutation check: each named mutation, applied to a scratch copy of src/, must make
the tests that guard it fail ("killed"), on each engine where it applies.

    .venv/bin/python tests/mutants.py [--only NAME ...] [--no-baseline]     (or `make mutants`)

The copy is put first on PYTHONPATH, so the test run, and the `hirehall serve` processes of
its live-server tests, import the mutant instead of src/. A mutation whose text no longer
matches the source is reported as an error (update it with the code it guards). Not a test
module: pytest does not collect it. Exit status 0 when every mutation was killed."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
PYTEST = Path(sys.executable).parent / "pytest"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Mutation:
    name: str
    # (file under src/hirehall, text to find, replacement); every edit must apply.
    edits: tuple[tuple[str, str, str], ...]
    tests: tuple[str, ...]
    engines: tuple[str, ...]
    why_not: str = ""  # why the other engine is not run


MUTATIONS = [
    Mutation(
        "SQLite's writer keeps a failed unit's writes",
        (("db/sqlite_writer.py", '        conn.execute("ROLLBACK TO unit")\n', ""),),
        ("tests/unit/test_sqlite_writer.py",),
        ("sqlite",),
        "the writer thread is SQLite's",
    ),
    Mutation(
        "hot reads without their scope gate",
        (("api/deps.py", "    _gates(uow, principal, scope, None, None)\n", ""),),
        ("tests/api/test_proposals.py", "tests/api/test_updates.py"),
        ("sqlite", "postgresql"),
    ),
    Mutation(
        "invite without ON CONFLICT",
        (
            (
                "proposals/invite_pg.py",
                "    ON CONFLICT (job_id, freelancer_user_id) DO NOTHING\n",
                "",
            ),
            (
                "proposals/repository.py",
                '    "sqlite": sqlite.insert(Proposal)\n'
                '    .on_conflict_do_nothing(index_elements=["job_id", "freelancer_user_id"])\n',
                '    "sqlite": sqlite.insert(Proposal)\n',
            ),
            (
                "proposals/invite_sqlite.py",
                "ON CONFLICT (job_id, freelancer_user_id) DO NOTHING\nRETURNING id\n",
                "RETURNING id\n",
            ),
        ),
        ("tests/api/test_invites.py",),
        ("sqlite", "postgresql"),
    ),
    Mutation(
        "no PostgreSQL snapshot-race fallback",
        (
            (
                # The hot path answers with what its statement saw, instead of handing a
                # repeat that saw neither id to the ordinary path.
                "proposals/service.py",
                "    if proposal_id is None:  # a concurrent first invite committed after the "
                "snapshot\n        return None\n",
                "",
            ),
            (
                "proposals/service.py",
                "    proposal_id = new_id or existing or await proposals.existing_id("
                "uow.conn, job_id, freelancer_id)\n",
                # SQLite's repeats need the read (its path never returns `existing`), so
                # only PostgreSQL loses it: the fresh read of a winner its snapshot missed.
                "    proposal_id = new_id or existing\n"
                '    if proposal_id is None and uow.dialect != "postgresql":\n'
                "        proposal_id = await proposals.existing_id("
                "uow.conn, job_id, freelancer_id)\n",
            ),
        ),
        ("tests/api/test_concurrency.py::test_32_concurrent_identical_invites_make_one_proposal",),
        ("postgresql",),
        "the mutation only changes the PostgreSQL path",
    ),
    Mutation(
        "plain BEGIN instead of BEGIN IMMEDIATE",
        (
            (
                "db/engine.py",
                'connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")',
                'connection.exec_driver_sql("BEGIN")',
            ),
        ),
        ("tests/api/test_concurrency.py",),
        ("sqlite",),
        "SQLite's transaction mode; PostgreSQL never runs this code",
    ),
    Mutation(
        "claim delivery without delivered_at IS NULL",
        (("agents/repository.py", "            AgentClaim.delivered_at.is_(None),\n", ""),),
        ("tests/api/test_agent_concurrency.py",),
        ("postgresql",),
        "equivalent on SQLite: BEGIN IMMEDIATE runs the polls one at a time, and each sees "
        "the delivery before it",
    ),
    Mutation(
        "one-statement invite without the feature gate",
        (
            (
                "proposals/invite_pg.py",
                "      AND CAST(organizations.features AS jsonb) @> CAST(:feature AS jsonb)\n",
                "",
            ),
        ),
        ("tests/api/test_invite_round_trips.py",),
        ("postgresql",),
        "SQLite's hot path checks its gates in Python (the next mutation)",
    ),
    Mutation(
        "SQLite's hot invite without the feature gate",
        (
            (
                "proposals/service.py",
                "covers(token.scopes, Scope.PROPOSALS_WRITE) and Feature.HIRING.value in "
                "token.features",
                "covers(token.scopes, Scope.PROPOSALS_WRITE)",
            ),
        ),
        ("tests/api/test_invite_round_trips.py",),
        ("sqlite",),
        "PostgreSQL's gates are in its statement (the mutation before)",
    ),
    Mutation(
        "payouts claimed without paid_out_at IS NULL",
        (
            (
                "contracts/repository.py",
                '        .where(M.id.in_(ids), M.status == "PAID", M.paid_out_at.is_(None))\n',
                '        .where(M.id.in_(ids), M.status == "PAID")\n',
            ),
            (
                "contracts/repository.py",
                '        .where(M.status == "PAID", M.paid_out_at.is_(None), M.paid_at <= now)\n',
                '        .where(M.status == "PAID", M.paid_at <= now)\n',
            ),
        ),
        ("tests/api/test_payouts.py::test_a_released_milestone_is_paid_out_once",),
        ("sqlite", "postgresql"),
    ),
    Mutation(
        "credits debit without its guard",
        (
            (
                "ledger/repository.py",
                'LedgerBalance.key == bindparam("k"), LedgerBalance.balance_cents + _DELTA >= 0)',
                'LedgerBalance.key == bindparam("k"))',
            ),
        ),
        ("tests/api/test_funding_concurrency.py",),
        ("sqlite", "postgresql"),
    ),
    Mutation(
        "default-source funding without the fallback to the card",
        (
            (
                "contracts/money.py",
                'if chosen is not None or reason != "insufficient_credits":',
                "if True:",
            ),
        ),
        ("tests/api/test_funding_concurrency.py",),
        ("postgresql",),
        "SQLite runs the confirmations one at a time: the read that picks credits is current",
    ),
    Mutation(
        "money moves without the event log's lock first",
        (("ledger/service.py", "    await take_event_order(uow)\n", ""),),
        ("tests/api/test_funding_concurrency.py",),
        ("postgresql",),
        "the lock is PostgreSQL's (SQLite has one writer at a time)",
    ),
]


def postgres_url() -> str | None:
    url = os.environ.get("HIREHALL_TEST_DATABASE_URL", DEFAULT_PG)
    parsed = make_url(url)
    try:
        socket.create_connection((parsed.host or "127.0.0.1", parsed.port or 5432), 2).close()
    except OSError:
        return None
    return url


def mutant_copy(mutation: Mutation | None, scratch: Path) -> Path:
    """A copy of src/ with the mutation applied; returns the directory to put on PYTHONPATH."""
    target = scratch / "src"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "src", target, ignore=shutil.ignore_patterns("__pycache__"))
    for relative, old, new in mutation.edits if mutation else ():
        path = target / "hirehall" / relative
        text = path.read_text()
        if text.count(old) != 1:
            raise LookupError(f"{relative}: the text to mutate is not there (once): {old!r}")
        path.write_text(text.replace(old, new))
    return target


def run_tests(
    pythonpath: Path, tests: tuple[str, ...], engine: str, pg: str | None
) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("HIREHALL_TEST_DATABASE_URL", None)
    if engine == "postgresql":
        assert pg is not None
        env["HIREHALL_TEST_DATABASE_URL"] = pg
    command = [str(PYTEST), *tests, "-q", "-x", "-p", "no:cacheprovider", "-k", engine]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    failed = [
        line.split(" - ")[0].removeprefix("FAILED ")
        for line in result.stdout.splitlines()
        if line.startswith("FAILED")
    ]
    return result.returncode, ", ".join(failed) or result.stdout.strip().splitlines()[-1:][0]


def verdict(mutated: bool, returncode: int) -> str:
    if returncode == 1:
        return "KILLED" if mutated else "BASELINE FAILS"
    if returncode == 0:
        return "survived" if mutated else "passes"
    return f"error (pytest exit {returncode})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="names (or parts of names) of mutations")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.only or any(part in m.name for part in args.only)]
    pg = postgres_url()
    rows: list[tuple[str, str, str, str, str]] = []
    ok = True
    with tempfile.TemporaryDirectory(prefix="hirehall-mutants-") as scratch_dir:
        scratch = Path(scratch_dir)
        plan: list[tuple[Mutation | None, Mutation]] = []
        baselines: set[tuple[str, ...]] = set()
        for mutation in chosen:
            if not args.no_baseline and mutation.tests not in baselines:
                baselines.add(mutation.tests)  # the same tests pass unmutated, once each
                plan.append((None, mutation))
            plan.append((mutation, mutation))
        for applied, mutation in plan:
            label = mutation.name if applied else "(no mutation)"
            for engine in ("sqlite", "postgresql"):
                if engine not in mutation.engines:
                    if applied:
                        rows.append((label, engine, "n/a", "-", mutation.why_not))
                    continue
                if engine == "postgresql" and pg is None:
                    rows.append((label, engine, "not run", "-", "PostgreSQL not reachable"))
                    ok = False
                    continue
                try:
                    path = mutant_copy(applied, scratch)
                except LookupError as error:
                    rows.append((label, engine, "error", "-", str(error)))
                    ok = False
                    continue
                started = time.monotonic()
                code, detail = run_tests(path, mutation.tests, engine, pg)
                seconds = f"{time.monotonic() - started:.0f}"
                result = verdict(applied is not None, code)
                if code == 0:
                    detail = " ".join(mutation.tests)
                ok = ok and result in ("KILLED", "passes")
                rows.append((label, engine, result, seconds, detail))
                print(f"{label} [{engine}]: {result} in {seconds} s", file=sys.stderr, flush=True)
    print_table(rows)
    return 0 if ok else 1


def print_table(rows: list[tuple[str, str, str, str, str]]) -> None:
    header = ("mutation", "engine", "result", "s", "failing tests / note")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, (*tuple("-" * w for w in widths), "-" * 20), *rows]:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:4])]
        print(" | ".join([*cells, row[4]]))


if __name__ == "__main__":
    raise SystemExit(main())
