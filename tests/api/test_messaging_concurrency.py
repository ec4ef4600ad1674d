"""Messaging under real concurrency, against a running server (two worker processes), on
SQLite and PostgreSQL: the database keeps one thread per proposal and the exact per-sender
limit. Each client warms its connection and the token first, so the requests meet at the
barrier and race for real."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.messaging_helpers import Thread, submitted_proposal
from tests.conftest import db_query
from tests.factories import make_employer, make_trainer
from tests.live import live_server


def _race(
    server: str, headers: dict[str, str], path: str, bodies: list[Any]
) -> list[httpx.Response]:
    barrier = threading.Barrier(len(bodies))
    results: list[httpx.Response] = []
    lock = threading.Lock()

    def worker(body: Any) -> None:
        with httpx.Client(base_url=server, timeout=60, headers=headers) as http:
            warm = http.get("/api/public/v1/messages", params={"limit": 1})
            assert warm.status_code == 200, warm.text
            barrier.wait()
            response = http.post(path, json=body)
        with lock:
            results.append(response)

    threads = [threading.Thread(target=worker, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Any:
    with live_server(database_url, tmp_path, workers=2) as base:
        yield base


def test_20_concurrent_openings_make_one_conversation(client: TestClient, server: str) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    proposal_id = submitted_proposal(client, employer, trainer["id"])
    path = f"/api/public/v1/proposals/{proposal_id}/conversation"
    responses = _race(server, employer.headers, path, [None] * 20)
    assert Counter(r.status_code for r in responses) == {201: 1, 200: 19}
    assert len({r.json()["conversationId"] for r in responses}) == 1
    assert [r.json()["created"] for r in responses].count(True) == 1
    assert db_query(client, "SELECT count(*) FROM conversations")[0][0] == 1


def test_40_concurrent_sends_of_one_sender_take_exactly_30(client: TestClient, server: str) -> None:
    thread = Thread(client)
    bodies = [{"conversationId": thread.id, "content": f"message {n}"} for n in range(40)]
    responses = _race(server, thread.employer.headers, "/api/public/v1/messages", bodies)
    assert Counter(r.status_code for r in responses) == {201: 30, 429: 10}
    seqs = [row[0] for row in db_query(client, "SELECT seq FROM messages ORDER BY seq")]
    assert seqs == list(range(1, 31))
    counters = db_query(
        client, "SELECT message_count, employer_last_seq, trainer_unread FROM conversations"
    )
    assert counters == [(30, 30, 30)]
