"""Concurrent polls after the human confirmed deliver the post-claim token once, against a
running server with two worker processes, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from hirehall.agents.rules import GRANT_TYPE
from tests.agent_flow import register, start_claim, submit_code
from tests.conftest import db_query
from tests.live import live_server

N = 16


def test_concurrent_polls_deliver_one_token(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    reg = register(client)
    started = start_claim(client, reg["claim_token"], "owner@example.com")
    submit_code(client, started["verification_uri"], "owner@example.com", started["user_code"])
    form = {"grant_type": GRANT_TYPE, "claim_token": reg["claim_token"]}
    results: list[Any] = []
    lock = threading.Lock()
    with live_server(database_url, tmp_path, workers=2) as base:
        barrier = threading.Barrier(N)

        def worker() -> None:
            with httpx.Client(timeout=60) as http:
                barrier.wait()
                response = http.post(f"{base}/api/agent/oauth/token", data=form)
            with lock:
                results.append((response.status_code, response.json()))

        threads = [threading.Thread(target=worker) for _ in range(N)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert Counter(status for status, _ in results)[200] == 1
    refused = {body["error"] for status, body in results if status != 200}
    assert refused <= {"invalid_grant", "slow_down"}
    minted = db_query(client, "SELECT count(*) FROM api_tokens WHERE pre_claim = :f", f=False)
    assert minted[0][0] == 1
