"""Concurrent PATCHes of different fields of one draft are all applied (no lost update),
against a running server (two worker processes), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.api.jobs_helpers import agent, ready_draft
from tests.conftest import db_query
from tests.live import live_server

ROUNDS = 8


def _patch(
    base: str,
    url: str,
    body: dict[str, Any],
    headers: dict[str, str],
    barrier: threading.Barrier,
    statuses: list[int],
) -> None:
    with httpx.Client(timeout=60) as http:
        http.get(f"{base}/healthz")  # connected before the race
        barrier.wait()
        statuses.append(http.patch(url, json=body, headers=headers).status_code)


def test_concurrent_patches_of_different_fields_are_both_applied(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    account, headers = agent(client)
    job_id = ready_draft(client, account["id"])["id"]
    with live_server(database_url, tmp_path, workers=2) as base:
        url = f"{base}/api/public/v1/job-drafts/{job_id}"
        with httpx.Client(timeout=60) as http:
            assert http.patch(url, json={"headcount": 1}, headers=headers).status_code == 200
        for round_ in range(ROUNDS):
            bodies: list[dict[str, Any]] = [
                {"headcount": 10 + round_},
                {"dataVolume": 1000 + round_},
            ]
            barrier = threading.Barrier(len(bodies))
            statuses: list[int] = []
            threads = [
                threading.Thread(target=_patch, args=(base, url, b, headers, barrier, statuses))
                for b in bodies
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert statuses == [200, 200]
            stored = db_query(client, "SELECT fields FROM jobs WHERE id = :id", id=job_id)[0][0]
            fields = json.loads(stored) if isinstance(stored, str) else stored
            assert (fields["headcount"], fields["dataVolume"]) == (10 + round_, 1000 + round_)
