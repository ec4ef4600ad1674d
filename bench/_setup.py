"""The benchmark's databases: create/drop, migrate, seed through the services, bulk-load rows.

Fresh trainers are `bt%024d` users (26 characters of the id alphabet, as the edge requires of
a caller's id: any other is answered 404 without a query), filler trainers (only for pre-loaded
proposals) `bf%06d`, filler jobs `bj%06d`, filler proposals `bp%010d`; every id fits the
26-character columns.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from hirehall.accounts import service as accounts
from hirehall.auth.service import mint
from hirehall.core.scopes import ALL_SCOPES
from hirehall.db.engine import async_url
from hirehall.db.migrate import upgrade
from hirehall.jobs import service as jobs
from hirehall.jobs.schemas import AdminJobCreate
from hirehall.runtime import Runtime
from hirehall.settings import Settings

SECRET_KEY = "bench-secret-key-not-for-production-0123456789"
ADMIN_TOKEN = "bench-admin-token"
FILLER_JOBS = 1000  # filler proposals spread over 1,000 jobs x up to 1,000 trainers


def fresh_trainer_id(n: int) -> str:
    return f"bt{n:024d}"


@dataclass
class Target:
    """One engine under test: its URL, its server's worker count, and the seeded world."""

    name: str
    url: str
    workers: int
    token: str = ""
    org_id: str = ""
    jobs: dict[str, str] = field(default_factory=dict)
    trainers: int = 0  # fresh trainers fresh_trainer_id(0 .. trainers-1)

    @property
    def dialect(self) -> str:
        return "sqlite" if self.url.startswith("sqlite") else "postgresql"


def bench_settings(url: str) -> Settings:
    return Settings(
        _env_file=None,
        database_url=url,
        secret_key=SECRET_KEY,
        admin_token=ADMIN_TOKEN,
        sandbox=False,
        token_rate_limit_per_minute=1_000_000_000,
        log_level="warning",
    )


# --- PostgreSQL database lifecycle -------------------------------------------------------


def pg_bench_url(admin_url: str, dbname: str) -> str:
    url = make_url(admin_url).set(drivername="postgresql", database=dbname)
    return url.render_as_string(hide_password=False)


async def _pg_admin(admin_url: str, *statements: str) -> str:
    engine = create_async_engine(async_url(admin_url), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for statement in statements:
                await conn.execute(text(statement))
            version = (await conn.execute(text("SHOW server_version"))).scalar()
            return str(version)
    finally:
        await engine.dispose()


def pg_create(admin_url: str, dbname: str) -> str:
    """Creates the bench database afresh (dropping a leftover one); returns the server version."""
    return asyncio.run(
        _pg_admin(
            admin_url,
            f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)',
            f'CREATE DATABASE "{dbname}"',
        )
    )


def pg_drop(admin_url: str, dbname: str) -> None:
    asyncio.run(_pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))


# --- schema and the world ------------------------------------------------------------------


def migrate(url: str) -> None:
    upgrade(url)


async def _seed(target: Target, job_names: list[str]) -> None:
    runtime = Runtime(bench_settings(target.url))
    try:
        async with runtime.uow(write=True) as uow:
            org = await accounts.create(uow, name="Bench Co", owner_name="Bench Owner")
            target.org_id = org["id"]
            target.token, _ = await mint(
                uow,
                organization_id=org["id"],
                user_id=org["ownerUserId"],
                scopes=ALL_SCOPES,
                name="bench (every scope)",
            )
            for name in job_names:
                body = AdminJobCreate(accountId=org["id"], title=f"Bench {name}", status="OPEN")
                target.jobs[name] = (await jobs.admin_create(uow, body))["id"]
    finally:
        await runtime.dispose()


def seed(target: Target, job_names: list[str]) -> None:
    """A claimed account with an every-scope token and one OPEN job per measurement."""
    asyncio.run(_seed(target, job_names))


def _series(dialect: str, lo: int, hi: int) -> tuple[str, str]:
    """(WITH prefix, FROM clause) yielding g = lo .. hi-1."""
    if dialect == "postgresql":
        return "", f"FROM generate_series({lo}, {hi - 1}) AS s(g)"
    cte = f"WITH RECURSIVE s(g) AS (SELECT {lo} UNION ALL SELECT g + 1 FROM s WHERE g < {hi - 1}) "
    return cte, "FROM s"


def _fmt(dialect: str, prefix: str, width: int, expr: str = "g") -> str:
    if dialect == "postgresql":
        return f"'{prefix}' || lpad(({expr})::text, {width}, '0')"
    return f"printf('{prefix}%0{width}d', {expr})"


def _now(dialect: str) -> str:
    if dialect == "postgresql":
        return "now()"
    return "'" + datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") + "'"


def _trainer_sql(dialect: str, prefix: str, width: int, lo: int, hi: int) -> list[str]:
    with_, from_ = _series(dialect, lo, hi)
    uid, now = _fmt(dialect, prefix, width), _now(dialect)
    false = "false" if dialect == "postgresql" else "0"
    return [
        f"{with_}INSERT INTO users (id, user_type, first_name, last_name, status, created_at) "
        f"SELECT {uid}, 'FREELANCER', 'Bench', 'Trainer', 'ACTIVE', {now} {from_}",
        f"{with_}INSERT INTO freelancer_profiles (user_id, profile_slug, availability, "
        "talent_type, identity_verified, skills, languages, stats, label_experience, "
        "work_experience, education, reviews, member_since, updated_at) "
        f"SELECT {uid}, {_fmt(dialect, prefix + '-', width)}, 'FULL_TIME', 'Individual', "
        f"{false}, '{{}}', '[]', '{{}}', '[]', '[]', '[]', '[]', {now}, {now} {from_}",
    ]


def _filler_jobs_sql(dialect: str, org_id: str) -> list[str]:
    with_, from_ = _series(dialect, 0, FILLER_JOBS)
    jid, now = _fmt(dialect, "bj", 6), _now(dialect)
    return [
        f"{with_}INSERT INTO jobs (id, organization_id, status, title, slug, fields, "
        "published_at, created_at, updated_at) "
        f"SELECT {jid}, '{org_id}', 'OPEN', 'Filler job', 'filler-job', '{{}}', "
        f"{now}, {now}, {now} {from_}"
    ]


async def _run_sql(url: str, statements: list[str], *, analyze: bool = False) -> None:
    runtime = Runtime(bench_settings(url))
    try:
        async with runtime.uow(write=True) as uow:
            for statement in [*statements, *(["ANALYZE"] if analyze else [])]:
                await uow.conn.execute(text(statement))
    finally:
        await runtime.dispose()


def add_trainers(target: Target, count: int, filler: int) -> None:
    """`count` fresh trainers for the invites, `filler` trainers + filler jobs for the
    pre-loaded proposals."""
    d = target.dialect
    statements = _trainer_sql(d, "bt", 24, 0, count) + _trainer_sql(d, "bf", 6, 0, filler)
    statements += _filler_jobs_sql(d, target.org_id)
    asyncio.run(_run_sql(target.url, statements, analyze=True))
    target.trainers = count


def clear_proposals(target: Target) -> None:
    """Empties proposals and the outbox between the throughput and the table-size phases."""
    if target.dialect == "postgresql":
        statements = ["TRUNCATE proposals, outbox_messages CASCADE"]  # interviews refer to them
    else:
        statements = ["DELETE FROM proposals", "DELETE FROM outbox_messages"]
    asyncio.run(_run_sql(target.url, statements, analyze=True))


def load_proposals(target: Target, lo: int, hi: int, batch: int = 250_000) -> None:
    """Filler proposals g = lo .. hi-1 on filler job g % 1000 and filler trainer g / 1000, so
    every (job, trainer) pair is distinct; ANALYZE afterwards."""
    d = target.dialect
    statements: list[str] = []
    for start in range(lo, hi, batch):
        with_, from_ = _series(d, start, min(hi, start + batch))
        now = _now(d)
        statements.append(
            f"{with_}INSERT INTO proposals (id, job_id, freelancer_user_id, status, origin, "
            f"created_at, updated_at) SELECT {_fmt(d, 'bp', 10)}, "
            f"{_fmt(d, 'bj', 6, f'g % {FILLER_JOBS}')}, "
            f"{_fmt(d, 'bf', 6, f'g / {FILLER_JOBS}')}, 'INVITED', 'INVITED', {now}, {now} "
            f"{from_}"
        )
    asyncio.run(_run_sql(target.url, statements, analyze=True))
    settle(target)


def settle(target: Target) -> None:
    """After a bulk load, do now what would otherwise land on the first measured invites:
    PostgreSQL's vacuum of the new rows and a checkpoint; SQLite's checkpoint of a large WAL."""
    if target.dialect == "postgresql":
        asyncio.run(_pg_admin(target.url, "VACUUM (ANALYZE) proposals", "CHECKPOINT"))
        return
    path = make_url(target.url).database
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


async def _scalar(url: str, sql: str, params: dict[str, Any] | None = None) -> Any:
    runtime = Runtime(bench_settings(url))
    try:
        async with runtime.uow(write=False) as uow:
            return (await uow.conn.execute(text(sql), params or {})).scalar()
    finally:
        await runtime.dispose()


def count_proposals(target: Target, job_id: str | None = None) -> int:
    if job_id is None:
        return int(asyncio.run(_scalar(target.url, "SELECT count(*) FROM proposals")))
    sql = "SELECT count(*) FROM proposals WHERE job_id = :j"
    return int(asyncio.run(_scalar(target.url, sql, {"j": job_id})))


def sqlite_version() -> str:
    return sqlite3.sqlite_version
