"""With HIREHALL_REDIS_URL, the per-token limit is one budget for every worker process
(Redis at 127.0.0.1:6379, as on this machine and in CI)."""

from __future__ import annotations

from pathlib import Path

import httpx

from hirehall.db import migrate
from tests.conftest import admin_headers
from tests.live import live_server

LIMIT = 20
REDIS_URL = "redis://127.0.0.1:6379/0"


def test_two_workers_share_the_per_token_limit_through_redis(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'hirehall.db'}"
    migrate.upgrade(database_url)
    env = {"HIREHALL_REDIS_URL": REDIS_URL, "HIREHALL_TOKEN_RATE_LIMIT_PER_MINUTE": str(LIMIT)}
    with live_server(database_url, tmp_path, workers=2, env=env) as base:
        with httpx.Client(base_url=base, headers=admin_headers(), timeout=60) as admin:
            # A fresh minute on the server clock, so the burst stays in one window.
            moved = admin.post("/api/admin/v1/clock", json={"now": "2031-01-01T00:00:00Z"})
            assert moved.status_code == 200, moved.text
            account = admin.post("/api/admin/v1/accounts", json={"name": "Limits"}).json()
            token = admin.post(f"/api/admin/v1/accounts/{account['account']['id']}/tokens", json={})
            headers = {"Authorization": f"Bearer {token.json()['token']}"}
        # A new connection per call, so the calls land on both workers.
        limits = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(base_url=base, timeout=60, limits=limits) as http:
            statuses = [
                http.get("/api/public/v1/auth/me", headers=headers).status_code
                for _ in range(2 * LIMIT)
            ]
    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == LIMIT
