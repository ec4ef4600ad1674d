"""Driving the trainer simulation from a test: its operator settings, running what is due
(the worker's `simulation` task, through `POST /worker/run`), a fresh database of the same
engine, and the world a scenario leaves, described without ids (ids are random; the world
must not be)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from hirehall.db import migrate
from tests.conftest import _pg_admin, admin_headers

A = "/api/admin/v1"
API = "/api/public/v1"


def configure(client: TestClient, **settings: Any) -> dict[str, Any]:
    body = {"enabled": True, "seed": 7, **settings}
    response = client.put(f"{A}/simulation", json=body, headers=admin_headers())
    assert response.status_code == 200, response.text
    return dict(response.json()["simulation"])


def run_simulation(client: TestClient) -> int:
    """POST /api/admin/v1/worker/run (everything due now, the simulation's registry entry
    among it); returns how many simulated responses it gave."""
    response = client.post(f"{A}/worker/run", headers=admin_headers())
    assert response.status_code == 200, response.text
    return int(response.json()["ran"]["simulation"])


def advance(client: TestClient, seconds: int) -> None:
    moved = client.post(f"{A}/clock", json={"advanceSeconds": seconds}, headers=admin_headers())
    assert moved.status_code == 200, moved.text


@contextmanager
def fresh_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A new, empty database of the same engine, migrated by Alembic."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / f'fresh-{secrets.token_hex(4)}.db'}"
        migrate.upgrade(url)
        yield url
        return
    name = f"hirehall_sim_{secrets.token_hex(4)}"
    asyncio.run(_pg_admin(database_url, f'CREATE DATABASE "{name}"'))
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        asyncio.run(_pg_admin(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
