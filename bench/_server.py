"""A real `hirehall serve` in a subprocess (its own process group, so its workers go with it)."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from _setup import ADMIN_TOKEN, SECRET_KEY

ROOT = Path(__file__).resolve().parents[1]
HIREHALL = ROOT / ".venv" / "bin" / "hirehall"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    def __init__(self, url: str, workers: int) -> None:
        self.url, self.workers = url, workers
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = Path(tempfile.mkstemp(prefix="hirehall-bench-", suffix=".log")[1])
        self._cwd = tempfile.TemporaryDirectory(prefix="hirehall-bench-cwd-")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HIREHALL_")}
        env |= {
            "HIREHALL_DATABASE_URL": self.url,
            "HIREHALL_SECRET_KEY": SECRET_KEY,
            "HIREHALL_ADMIN_TOKEN": ADMIN_TOKEN,
            # The default 600/min per token (D17) would answer 429 within a second.
            "HIREHALL_TOKEN_RATE_LIMIT_PER_MINUTE": "1000000000",
            "HIREHALL_LOG_LEVEL": "warning",
        }
        hirehall = str(HIREHALL) if HIREHALL.exists() else "hirehall"
        cmd = [hirehall, "serve", "--port", str(self.port), "--workers", str(self.workers)]
        cmd.append("--no-migrate")
        with self.log_path.open("wb") as log:
            # cwd: an empty directory, so no stray .env file changes the settings.
            self.proc = subprocess.Popen(
                cmd,
                env=env,
                cwd=self._cwd.name,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            if self._healthy():
                return
            time.sleep(0.1)
        raise RuntimeError(f"server did not answer /healthz within {timeout}s:\n{self.log()}")

    def _healthy(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            conn.request("GET", "/healthz")
            ok = conn.getresponse().status == 200
            conn.close()
            return ok
        except OSError:
            return False

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM to the server's process group, SIGKILL after 10 s; removes its files."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if proc is not None:
            # Workers may outlive the uvicorn supervisor; clear the whole group.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            self.log_path.unlink()
        self._cwd.cleanup()

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
