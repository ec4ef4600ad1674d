"""A real `hirehall serve` process on a free port, for tests that need real concurrency.

The server runs in its own process group (uvicorn's workers are its children), and the whole
group is killed on every way out: a normal exit, a failed test, a start that runs out of time,
an interrupt. A server that does not become ready prints its own output, so a failed start
says why. The readiness deadline is generous on purpose: on a loaded 2-core machine a 2-worker
PostgreSQL server took 62 s to answer."""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import ADMIN_TOKEN

HIREHALL = Path(sys.executable).parent / "hirehall"
# Seconds a server may take to answer /readyz; HIREHALL_TEST_SERVER_START_SECONDS overrides.
START_SECONDS = float(os.environ.get("HIREHALL_TEST_SERVER_START_SECONDS", "240"))
# Seconds a server gets to stop after SIGTERM before the group is killed.
STOP_SECONDS = 10.0
_START_ATTEMPTS = 3  # a free port can be taken between free_port() and the server's bind

# Process groups still running, killed at interpreter exit if a test run is cut short.
_running_groups: set[int] = set()


class ServerStartError(RuntimeError):
    """The server did not become ready; the message carries its output."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs (a zombie does not: it has ended, and
    whoever adopted it reaps it when it likes)."""
    if not Path("/proc/self/stat").exists():  # no procfs: ask the kernel, zombies count
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def kill_group(process: subprocess.Popen[bytes], stop_seconds: float = STOP_SECONDS) -> None:
    """SIGTERM to the server's whole group, then SIGKILL to whatever is left of it."""
    pgid = process.pid  # start_new_session: the leader's pid is the group id
    with suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + stop_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None and not _group_alive(pgid):
            break
        time.sleep(0.05)
    with suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    process.wait()
    # Workers re-parented to init after the leader died are reaped by it; wait until the
    # group is gone, so that no test leaves a process behind.
    deadline = time.monotonic() + stop_seconds
    while _group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    _running_groups.discard(pgid)


@atexit.register
def _kill_leftovers() -> None:
    for pgid in list(_running_groups):
        with suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)


def _output(log_path: Path) -> str:
    try:
        return log_path.read_text(errors="replace")
    except OSError:
        return ""


def _wait_ready(
    process: subprocess.Popen[bytes], base: str, log_path: Path, start_seconds: float
) -> None:
    started = time.monotonic()
    deadline = started + start_seconds
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise ServerStartError(
                f"hirehall serve exited with {process.returncode} before it was ready; "
                f"its output:\n{_output(log_path)}"
            )
        if time.monotonic() > deadline:
            raise ServerStartError(
                f"hirehall serve was not ready after {time.monotonic() - started:.0f} s; "
                f"its output:\n{_output(log_path)}"
            )
        time.sleep(0.2)


def _raise_exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def _finally_on_sigterm() -> Iterator[None]:
    """A test run stopped with SIGTERM still runs the `finally` that kills the servers (by
    default SIGTERM ends Python at once, and the servers would outlive it)."""
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _raise_exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def live_server(
    database_url: str,
    state_dir: Path,
    workers: int = 1,
    *,
    env: dict[str, str] | None = None,
    start_seconds: float = START_SECONDS,
    args: Sequence[str] = (),
) -> Iterator[str]:
    """Yields the base URL of a running server; `env` adds or overrides settings, `args` are
    more options of `hirehall serve` (e.g. `--no-worker`)."""
    with _finally_on_sigterm():
        yield from _serve(database_url, state_dir, workers, env, start_seconds, args)


def _serve(
    database_url: str,
    state_dir: Path,
    workers: int,
    env: dict[str, str] | None,
    start_seconds: float,
    args: Sequence[str] = (),
) -> Iterator[str]:
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
    for attempt in range(1, _START_ATTEMPTS + 1):
        port = free_port()
        log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in the finally below
            prefix="hirehall-serve-", suffix=".log", dir=state_dir, delete=False
        )
        log_path = Path(log.name)
        process = subprocess.Popen(
            [
                str(HIREHALL),
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--no-migrate",
                *args,
            ],
            env=server_env,
            cwd=state_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as one
        )
        _running_groups.add(process.pid)
        base = f"http://127.0.0.1:{port}"
        ready = False
        try:
            try:
                _wait_ready(process, base, log_path, start_seconds)
                ready = True
            except ServerStartError as error:
                in_use = "address already in use" in str(error).lower()
                if in_use and attempt < _START_ATTEMPTS:
                    continue  # the finally kills this one; try another port
                print(str(error), file=sys.stderr)
                raise
            try:
                yield base
            except BaseException:
                # The server's side of a failed test (a traceback behind a 500) is shown by
                # pytest with the failure.
                print(f"hirehall serve output:\n{_output(log_path)}", file=sys.stderr)
                raise
        finally:
            kill_group(process)
            log.close()
            if ready:
                log_path.unlink(missing_ok=True)
        return


@dataclass(frozen=True)
class Call:
    """One request of a burst: method, path (under the server's base URL) and httpx kwargs."""

    method: str
    path: str
    kwargs: dict[str, Any] = field(default_factory=dict)


def burst(base: str, calls: Sequence[Call], *, timeout: float = 120) -> list[httpx.Response]:
    """Sends every call at once, one thread and one connection each; answers in `calls` order.

    Everything a first request pays once is paid before the burst, so that it does not
    spread the burst out and hide a race: each thread opens its HTTP connection and, with all
    threads at once, makes the server open as many database connections (GET /readyz), then
    all wait at a barrier and fire together."""
    warmed = threading.Barrier(len(calls))
    ready = threading.Barrier(len(calls))
    responses: list[httpx.Response | None] = [None] * len(calls)
    errors: list[BaseException] = []

    def worker(index: int, call: Call) -> None:
        try:
            with httpx.Client(base_url=base, timeout=timeout) as http:
                warmed.wait(timeout)
                http.get("/readyz").raise_for_status()
                ready.wait(timeout)
                responses[index] = http.request(call.method, call.path, **call.kwargs)
        except BaseException as error:  # reported to the test below, not lost in a thread
            warmed.abort()
            ready.abort()
            errors.append(error)

    threads = [threading.Thread(target=worker, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return [response for response in responses if response is not None]
