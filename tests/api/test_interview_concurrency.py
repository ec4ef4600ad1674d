"""Concurrent submissions of one proposal's interview make one interview, against a running
server (two worker processes), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import admin_headers, db_query
from tests.interview_helpers import ANSWERS, act_url, employer_with_job, submitted
from tests.live import live_server

N = 16


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Any:
    with live_server(database_url, tmp_path, workers=2) as base:
        yield base


def test_concurrent_interviews_of_one_proposal_make_one(client: TestClient, server: str) -> None:
    employer = employer_with_job(client)
    proposal_id = submitted(client, employer)
    barrier = threading.Barrier(N)
    results: list[httpx.Response] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        answers = [f"{answer} (attempt {n})" for answer in ANSWERS]
        with httpx.Client(timeout=60) as http:
            barrier.wait()
            response = http.post(
                f"{server}{act_url(proposal_id)}",
                json={"answers": answers},
                headers=admin_headers(),
            )
        with lock:
            results.append(response)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(r.status_code for r in results) == {201: 1, 409: N - 1}
    assert {r.json()["details"]["reason"] for r in results if r.status_code == 409} == {
        "interview_already_taken"
    }
    [winner] = [r.json()["interview"] for r in results if r.status_code == 201]
    assert db_query(client, "SELECT id FROM interviews") == [(winner["interviewId"],)]
    read = client.get(f"/api/public/v1/proposals/{proposal_id}/interview", headers=employer.headers)
    assert read.json()["interview"] == winner
