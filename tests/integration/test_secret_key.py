"""The generated secret key: made once, atomically, in the parent process before the workers
start, so every worker of `hirehall serve --workers 4` signs tokens with the same key."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path
from typing import Any

import httpx
import pytest

from hirehall.db import migrate
from hirehall.settings import Settings
from tests.conftest import admin_headers
from tests.integration.test_cli import run
from tests.live import live_server

# Issue 10's acceptance: 5 fresh starts of 4 workers, 200 authenticated calls each.
STARTS = 5
CALLS = 200


def _token(base: str) -> str:
    with httpx.Client(base_url=base, headers=admin_headers(), timeout=60) as admin:
        account = admin.post("/api/admin/v1/accounts", json={"name": "Keys"})
        assert account.status_code == 201, account.text
        account_id = account.json()["account"]["id"]
        token = admin.post(f"/api/admin/v1/accounts/{account_id}/tokens", json={})
        assert token.status_code == 201, token.text
        return str(token.json()["token"])


@pytest.mark.parametrize("start", range(STARTS))
def test_four_workers_on_a_fresh_state_dir_share_one_key(start: int, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'hirehall.db'}"
    migrate.upgrade(database_url)
    state = tmp_path / "state"
    state.mkdir()
    # A blank HIREHALL_SECRET_KEY counts as unset: the key is generated in the state dir.
    with live_server(database_url, state, workers=4, env={"HIREHALL_SECRET_KEY": ""}) as base:
        headers = {"Authorization": f"Bearer {_token(base)}"}
        # No keep-alive: every call is a new connection, so the calls spread over the workers.
        limits = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(base_url=base, timeout=60, limits=limits) as http:
            statuses = [
                http.get("/api/public/v1/auth/me", headers=headers).status_code
                for _ in range(CALLS)
            ]
    assert statuses == [200] * CALLS
    key_file = state / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) >= 32
    assert [p.name for p in state.iterdir() if p.name.startswith(".secret_key")] == []


def test_an_empty_key_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("  \n")
    env = {
        "HIREHALL_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "HIREHALL_SECRET_KEY": "",
        "HIREHALL_STATE_DIR": str(tmp_path),
    }
    result = run(["serve", "--port", "1"], env, tmp_path)
    assert result.returncode == 2
    assert "secret key file" in result.stderr
    assert "is empty" in result.stderr
    assert "Traceback" not in result.stderr


def _read_key(state_dir: str, barrier: Any, keys: Any) -> None:
    barrier.wait()
    keys.put(Settings(state_dir=Path(state_dir)).resolved_secret_key())


def test_processes_starting_at_the_same_instant_read_one_key(tmp_path: Path) -> None:
    """The race itself, without a server: 12 processes released together on fresh state dirs
    (worker processes used to create the key each, and ended up with different or empty keys)."""
    context = multiprocessing.get_context("fork")
    for round_ in range(10):
        state = tmp_path / f"state{round_}"
        barrier, keys = context.Barrier(12), context.Queue()
        processes = [
            context.Process(target=_read_key, args=(str(state), barrier, keys)) for _ in range(12)
        ]
        for process in processes:
            process.start()
        read = [keys.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(timeout=60)
        assert len(set(read)) == 1
        assert read[0] == (state / "secret_key").read_text().encode()
        assert len(read[0]) >= 32
