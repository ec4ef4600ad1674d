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

from tests.conftest import db_query
from tests.factories import make_employer, make_trainer, outbox
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
