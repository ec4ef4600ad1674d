"""Prism 5 (`@stoplight/prism-cli@5`), the stateless OpenAPI mock, installed from the npm
registry into a scratch folder and serving an OpenAPI document: the yardstick for what a
server that only validates the request and answers the documented example costs."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from _server import free_port

PACKAGE = "@stoplight/prism-cli@5"


class Prism:
    def __init__(self, document: Path) -> None:
        self.document = document
        self.port = free_port()
        self._scratch = tempfile.TemporaryDirectory(prefix="hirehall-prism-")
        self._log = Path(self._scratch.name) / "prism.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.version = "?"

    def install(self) -> None:
        subprocess.run(
            ["npm", "install", "--prefix", self._scratch.name, "--no-audit", "--no-fund",
             "--loglevel", "error", PACKAGE],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        meta = Path(self._scratch.name, "node_modules", "@stoplight", "prism-cli", "package.json")
        for line in meta.read_text().splitlines():
            if line.strip().startswith('"version"'):
                self.version = line.split('"')[3]
                break

    def start(self, timeout: float = 120.0) -> None:
        prism = Path(self._scratch.name, "node_modules", ".bin", "prism")
        cmd = [str(prism), "mock", "-h", "127.0.0.1", "-p", str(self.port), str(self.document)]
        with self._log.open("wb") as log:
            # Prism logs a line per request; to a file, as a server would.
            self.proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"prism exited early:\n{self.log()}")
            if b"listening" in self._log.read_bytes() and self._accepts():
                return
            time.sleep(0.2)
        raise RuntimeError(f"prism did not start within {timeout}s:\n{self.log()}")

    def _accepts(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 1):
            return True
        return False

    def log(self) -> str:
        try:
            return self._log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        self._scratch.cleanup()

    def __enter__(self) -> Prism:
        try:
            self.install()
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
