"""Driving the durable worker from a test: the test app runs no background worker
(tests/conftest.py), so a test says when due work runs."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import admin_headers


def run_worker(client: TestClient) -> dict[str, int]:
    """POST /api/admin/v1/worker/run: everything due now, done before it answers."""
    response = client.post("/api/admin/v1/worker/run", headers=admin_headers())
    assert response.status_code == 200, response.text
    ran: dict[str, int] = response.json()["ran"]
    return ran


def advance(client: TestClient, seconds: int) -> dict[str, Any]:
    response = client.post(
        "/api/admin/v1/clock", json={"advanceSeconds": seconds}, headers=admin_headers()
    )
    assert response.status_code == 200, response.text
    return dict(response.json())
