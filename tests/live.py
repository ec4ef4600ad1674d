"""A real `hirehall serve` process on a free port, for tests that need real concurrency."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import ADMIN_TOKEN

HIREHALL = Path(sys.executable).parent / "hirehall"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(
    database_url: str, state_dir: Path, workers: int = 1, *, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Yields the base URL of a running server; `env` adds or overrides settings."""
    port = free_port()
    server_env = {
        **os.environ,
        "HIREHALL_DATABASE_URL": database_url,
        "HIREHALL_ADMIN_TOKEN": ADMIN_TOKEN,
        "HIREHALL_SANDBOX": "1",
        "HIREHALL_SECRET_KEY": "test-secret-key",
        "HIREHALL_STATE_DIR": str(state_dir),
        "HIREHALL_LOG_LEVEL": "warning",
        **(env or {}),
    }
    process = subprocess.Popen(
        [str(HIREHALL), "serve", "--port", str(port), "--workers", str(workers), "--no-migrate"],
        env=server_env,
        cwd=state_dir,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Generous: on a loaded 2-core machine a 2-worker server took over 60 s to answer.
        deadline = time.monotonic() + 240
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("hirehall serve did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
