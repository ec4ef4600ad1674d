"""tests/live.py leaves no process behind on any way out, and a failed start says why."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from tests.live import ServerStartError, live_server


def processes_in(directory: Path) -> list[int]:
    """Pids of the processes working in `directory` (a live server and its workers run there)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if Path(os.readlink(f"/proc/{entry}/cwd")) == directory.resolve():
                with open(f"/proc/{entry}/stat") as stat:
                    state = stat.read().rsplit(")", 1)[1].split()[0]
                if state != "Z":  # a zombie waiting for its parent is gone already
                    found.append(int(entry))
        except OSError:  # ended meanwhile, or not ours
            continue
    return found


def test_the_server_and_its_workers_are_gone_after_the_block(
    database_url: str, tmp_path: Path
) -> None:
    with live_server(database_url, tmp_path, workers=2) as base:
        assert httpx.get(f"{base}/readyz").status_code == 200
        assert len(processes_in(tmp_path)) >= 3  # uvicorn's supervisor and two workers
    assert processes_in(tmp_path) == []


def test_a_failing_test_still_kills_the_group(database_url: str, tmp_path: Path) -> None:
    with pytest.raises(AssertionError), live_server(database_url, tmp_path, workers=2):
        raise AssertionError("the test failed")
    assert processes_in(tmp_path) == []


def test_a_start_that_runs_out_of_time_kills_the_group(database_url: str, tmp_path: Path) -> None:
    with pytest.raises(ServerStartError, match="not ready after"):  # noqa: SIM117
        with live_server(database_url, tmp_path, workers=2, start_seconds=0):
            pytest.fail("the server cannot be ready in no time")
    assert processes_in(tmp_path) == []


def test_a_server_that_cannot_start_shows_its_output(tmp_path: Path) -> None:
    with pytest.raises(ServerStartError, match="exited with 2") as failed:  # noqa: SIM117
        with live_server("mysql://nowhere/db", tmp_path):
            pytest.fail("a server with a bad setting must not start")
    assert "bad setting: HIREHALL_DATABASE_URL" in str(failed.value)
    assert processes_in(tmp_path) == []
