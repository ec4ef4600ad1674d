"""Concurrent identical requests produce what one request would, against a running server
(two worker processes), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import bearer, db_query
from tests.factories import make_employer, make_token, make_trainer, outbox
from tests.live import live_server

N = 32


def _fire(url: str, headers: dict[str, str], body: dict[str, Any], n: int) -> list[httpx.Response]:
    barrier = threading.Barrier(n)
    results: list[httpx.Response] = []
    lock = threading.Lock()

    def worker() -> None:
        with httpx.Client(timeout=60) as http:
            barrier.wait()
            response = http.post(url, json=body, headers=headers)
        with lock:
            results.append(response)

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Any:
    with live_server(database_url, tmp_path, workers=2) as base:
        yield base


def test_32_concurrent_identical_invites_make_one_proposal(client: TestClient, server: str) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    url = f"{server}/api/public/v1/jobs/{employer.job['id']}/invites"
    responses = _fire(url, employer.headers, {"freelancerId": trainer["id"]}, N)
    assert Counter(r.status_code for r in responses) == {201: 1, 200: N - 1}
    ids = {r.json()["proposalId"] for r in responses}
    assert len(ids) == 1
    assert [r.json()["alreadyInvited"] for r in responses].count(False) == 1
    assert db_query(client, "SELECT count(*) FROM proposals")[0][0] == 1
    assert len(outbox(client, to=trainer["id"])) == 1


def test_concurrent_closes_close_once(client: TestClient, server: str) -> None:
    employer = make_employer(client)
    url = f"{server}/api/public/v1/jobs/{employer.job['id']}/close"
    responses = _fire(url, employer.headers, {}, 8)
    assert {r.status_code for r in responses} == {200}
    assert [r.json()["alreadyClosed"] for r in responses].count(False) == 1


def test_first_reads_of_many_tokens_during_writes_never_fail(
    client: TestClient, server: str
) -> None:
    """A token's first use records lastUsedAt: a write. Read requests doing it while other
    requests write must not fail (SQLite refuses to upgrade a read transaction whose snapshot
    another writer has moved past)."""
    employer = make_employer(client)
    tokens = [make_token(client, employer.account["id"]) for _ in range(16)]
    trainers = [make_trainer(client)["id"] for _ in range(16)]
    invite_url = f"{server}/api/public/v1/jobs/{employer.job['id']}/invites"
    barrier = threading.Barrier(32)
    statuses: list[int] = []
    lock = threading.Lock()

    def call(method: str, url: str, headers: dict[str, str], body: Any = None) -> None:
        with httpx.Client(timeout=60) as http:
            barrier.wait()
            response = http.request(method, url, headers=headers, json=body)
        with lock:
            statuses.append(response.status_code)

    threads = [
        threading.Thread(target=call, args=("GET", f"{server}/api/public/v1/tokens", bearer(t)))
        for t in tokens
    ] + [
        threading.Thread(
            target=call, args=("POST", invite_url, employer.headers, {"freelancerId": trainer})
        )
        for trainer in trainers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(statuses) == {200: 16, 201: 16}
