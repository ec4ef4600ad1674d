"""The real stack for every test: the ASGI app over HTTP (TestClient) on a real database
migrated by Alembic, once on SQLite and once on PostgreSQL when HIREHALL_TEST_DATABASE_URL
is set (`make test` sets it when 127.0.0.1:5432 answers; `.ci/run` requires it)."""

from __future__ import annotations

import asyncio
import os
import secrets
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from hirehall.app import create_app
from hirehall.core.clock import Clock
from hirehall.db import migrate
from hirehall.runtime import Runtime
from hirehall.settings import Settings

ADMIN_TOKEN = "test-admin-token"
PG_URL = os.environ.get("HIREHALL_TEST_DATABASE_URL")
REQUIRE_PG = os.environ.get("HIREHALL_REQUIRE_POSTGRES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    if REQUIRE_PG and not PG_URL:
        raise pytest.UsageError("HIREHALL_REQUIRE_POSTGRES=1 but HIREHALL_TEST_DATABASE_URL unset")
    config.addinivalue_line(
        "markers", "postgresql_only: the test is about PostgreSQL (several processes on one server)"
    )
    config.addinivalue_line("markers", "sqlite_only: the test is about SQLite (its writer thread)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A `postgresql_only` test is not collected for SQLite at all, rather than skipped there:
    CI reads any skip that names PostgreSQL as the PostgreSQL half missing (`sqlite_only`
    likewise the other way)."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        engine = callspec.params.get("database_url") if callspec else None
        only_pg = item.get_closest_marker("postgresql_only") is not None
        only_sqlite = item.get_closest_marker("sqlite_only") is not None
        other = (only_pg and engine == "sqlite") or (only_sqlite and engine == "postgresql")
        (dropped if other else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason="PostgreSQL not configured"),
    ),
]


async def _pg_admin(url: str, sql: str) -> None:
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


def _pg_admin_now(url: str, sql: str) -> None:
    """Runs `sql` on its own event loop in a fresh thread: the browser tests' Playwright holds a
    running loop in this thread, where `asyncio.run` refuses to start."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(_pg_admin(url, sql))
        except BaseException as exc:  # re-raised in the caller's thread
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh database per backend for the whole session, migrated to head."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'hirehall.db'}"
        migrate.upgrade(url)
        yield url
        return
    assert PG_URL is not None
    name = f"hirehall_test_{secrets.token_hex(4)}"
    _pg_admin_now(PG_URL, f'CREATE DATABASE "{name}"')
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        _pg_admin_now(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_settings(database_url: str, state_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "admin_token": ADMIN_TOKEN,
        "sandbox": True,
        "secret_key": "test-secret-key",
        "state_dir": state_dir,
        "public_url": "http://hirehall.test",
        # Decision: the test app runs no background worker, so every test is deterministic;
        # a test runs what is due with POST /api/admin/v1/worker/run (tests/worker_helpers.py).
        "worker": False,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def app_client(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = make_settings(database_url, tmp_path_factory.mktemp("state"))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def client(app_client: TestClient) -> TestClient:
    """The app with an empty database (reset through the operator API) and a browser-like
    cookie jar emptied of the previous test's session."""
    app_client.cookies.clear()
    response = app_client.post("/api/admin/v1/reset", headers=admin_headers())
    assert response.status_code == 200, response.text
    return app_client


# The instant a frozen clock reads until a test moves it (this session's start, whole seconds).
FROZEN_AT = datetime.now(UTC).replace(microsecond=0)


def frozen_clock() -> Clock:
    """A server clock that stands still: only the operator API moves it (its offset is kept in
    the database, and the source it is added to never changes)."""
    return Clock(lambda: FROZEN_AT)


def frozen_app(settings: Settings) -> FastAPI:
    """The app on a frozen clock, for tests whose answers depend on elapsed time."""
    return create_app(settings, Runtime(settings, frozen_clock()))


@pytest.fixture(scope="session")
def frozen_app_client(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    settings = make_settings(database_url, tmp_path_factory.mktemp("frozen-state"))
    with TestClient(frozen_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def frozen_client(frozen_app_client: TestClient) -> TestClient:
    """Like `client`, on a clock that moves only when the test moves it
    (`POST /api/admin/v1/clock`): no wall-clock time passes between the test's steps."""
    response = frozen_app_client.post("/api/admin/v1/reset", headers=admin_headers())
    assert response.status_code == 200, response.text
    return frozen_app_client


def admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def db_query(client: TestClient, sql: str, **params: object) -> list[tuple[object, ...]]:
    """Reads the real database through the app's own engine, on the app's event loop."""
    from sqlalchemy import text

    engine = client.app.state.runtime.engine  # type: ignore[attr-defined]

    async def run() -> list[tuple[object, ...]]:
        async with engine.connect() as conn:
            return [tuple(row) for row in (await conn.execute(text(sql), params)).all()]

    assert client.portal is not None
    return client.portal.call(run)


def db_execute(client: TestClient, sql: str, **params: object) -> None:
    """Writes a row the public API has no way to make yet (e.g. a trainer's own application)."""
    from sqlalchemy import text

    engine = client.app.state.runtime.engine  # type: ignore[attr-defined]

    async def run() -> None:
        async with engine.begin() as conn:
            await conn.execute(text(sql), params)

    assert client.portal is not None
    client.portal.call(run)
