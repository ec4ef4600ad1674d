"""The worker runs inside `hirehall serve` by default and picks new work up within about a
second; `--no-worker` turns it off; `hirehall worker` runs it alone (decision D40)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.test_smtp import Inbox
from tests.conftest import ADMIN_TOKEN
from tests.live import HIREHALL, free_port, kill_group, live_server

EMAIL = "owner@example.com"


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, Inbox]]:
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()


def _claim(base: str) -> float:
    """Registers an agent and starts its claim (an email); returns when it was answered."""
    with httpx.Client(base_url=base, timeout=30) as http:
        http.post("/api/admin/v1/reset", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        reg = http.post("/api/agent/identity", json={}).json()
        answer = http.post(
            "/api/agent/identity/claim", json={"claim_token": reg["claim_token"], "email": EMAIL}
        )
        assert answer.status_code == 200, answer.text
    return time.monotonic()


def test_serve_runs_the_worker_in_process(
    database_url: str, tmp_path: Path, smtp_server: tuple[str, Inbox]
) -> None:
    url, inbox = smtp_server
    with live_server(database_url, tmp_path, env={"HIREHALL_SMTP_URL": url}) as base:
        committed = _claim(base)
        received = inbox.wait(1, timeout=10)
        elapsed = time.monotonic() - committed
    assert [mail["To"] for mail in received] == [EMAIL]
    assert elapsed < 2.0, f"the email took {elapsed:.2f} s"


def test_no_worker_then_the_worker_command(
    database_url: str, tmp_path: Path, smtp_server: tuple[str, Inbox]
) -> None:
    url, inbox = smtp_server
    env = {"HIREHALL_SMTP_URL": url}
    with live_server(database_url, tmp_path, env=env, args=["--no-worker"]) as base:
        _claim(base)
        assert inbox.wait(1, timeout=1.5) == []  # nobody works
        worker = subprocess.Popen(
            [str(HIREHALL), "worker"],
            env={
                **os.environ,
                "HIREHALL_DATABASE_URL": database_url,
                "HIREHALL_SECRET_KEY": "test-secret-key",
                "HIREHALL_SANDBOX": "1",
                "HIREHALL_STATE_DIR": str(tmp_path),
                **env,
            },
            cwd=tmp_path,
            start_new_session=True,
        )
        try:
            received = inbox.wait(1, timeout=60)
        finally:
            kill_group(worker)
    assert [mail["To"] for mail in received] == [EMAIL]
