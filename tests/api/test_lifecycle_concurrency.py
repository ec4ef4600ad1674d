"""Concurrent trainer actions against a running server (two worker processes), on SQLite and
PostgreSQL: the database, not Python, decides the one winner."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.lifecycle_helpers import events, hourly_employer, invite
from tests.conftest import admin_headers, db_query
from tests.factories import make_trainer
from tests.live import live_server

N = 20


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Any:
    with live_server(database_url, tmp_path, workers=2) as base:
        yield base


def _race(server: str, n: int, request: Callable[[httpx.Client], httpx.Response]) -> list[int]:
    """n clients, each warmed with one request on its own connection (so both workers have
    live database connections and nothing but the race is measured), released together."""
    barrier = threading.Barrier(n)
    statuses: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        with httpx.Client(timeout=60, headers=admin_headers()) as http:
            assert http.get(f"{server}/api/admin/v1/clock").status_code == 200
            barrier.wait()
            response = request(http)
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_20_concurrent_acceptances_of_one_invite_submit_once(
    client: TestClient, server: str
) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    proposal_id = invite(client, employer, trainer["id"])
    url = f"{server}/api/admin/v1/act/proposals/{proposal_id}/accept"
    statuses = _race(server, N, lambda http: http.post(url, json={"bid": {"amountUsd": 12}}))
    assert Counter(statuses) == {200: 1, 409: N - 1}
    rows = db_query(client, "SELECT status FROM proposals")
    assert rows == [("UNREVIEWED",)]
    assert [e["type"] for e in events(client, employer)] == ["proposal.received"]


def test_20_concurrent_applications_of_one_trainer_make_one_proposal(
    client: TestClient, server: str
) -> None:
    employer, trainer = hourly_employer(client), make_trainer(client)
    url = f"{server}/api/admin/v1/act/jobs/{employer.job['id']}/apply"
    body = {"freelancerId": trainer["id"], "bid": {"amountUsd": 12}}
    statuses = _race(server, N, lambda http: http.post(url, json=body))
    assert Counter(statuses) == {201: 1, 409: N - 1}
    assert db_query(client, "SELECT count(*) FROM proposals") == [(1,)]
    assert [e["type"] for e in events(client, employer)] == ["proposal.received"]


def test_event_ids_follow_commit_order_under_concurrent_writers(
    client: TestClient, server: str
) -> None:
    """Many trainers applying at once: every event lands, ids are unique, and a reader
    following nextCursor sees each exactly once."""
    employer = hourly_employer(client)
    trainers = [make_trainer(client)["id"] for _ in range(N)]
    url = f"{server}/api/admin/v1/act/jobs/{employer.job['id']}/apply"
    pending = iter(trainers)
    pick = threading.Lock()

    def apply(http: httpx.Client) -> httpx.Response:
        with pick:
            trainer = next(pending)
        return http.post(url, json={"freelancerId": trainer, "bid": {"amountUsd": 12}})

    assert Counter(_race(server, N, apply)) == {201: N}
    seen = events(client, employer)
    assert len(seen) == N
    assert len({e["id"] for e in seen}) == N
    assert [int(e["id"]) for e in seen] == sorted(int(e["id"]) for e in seen)
