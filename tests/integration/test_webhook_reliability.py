"""Webhook deliveries against real processes (decisions D39, D40): a server killed with
kill -9 during a burst of events loses no delivery once restarted (at least once), two
workers on one PostgreSQL database never attempt one delivery at the same time, and a
receiver that hangs does not slow deliveries to another subscription."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import threading
import time
from collections import defaultdict
from contextlib import suppress
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import db_query
from tests.integration.test_live_server import processes_in
from tests.live import HIREHALL, kill_group, live_server
from tests.receiver import receiver
from tests.webhook_live import ADMIN, event_ids, live_employer, live_subscribe, move


def _account_events(client: TestClient, account_id: str) -> set[str]:
    """The account's proposal.status_changed events (what its subscriptions hear)."""
    sql = (
        "SELECT id FROM events WHERE organization_id = :o "
        "AND event_type = 'proposal.status_changed'"
    )
    rows = db_query(client, sql, o=account_id)
    return {str(row[0]) for row in rows}


def _wait_for(received: object, wanted: set[str], seconds: float) -> set[str]:
    deadline = time.monotonic() + seconds
    got: set[str] = set()
    while time.monotonic() < deadline:
        got = event_ids(list(received))  # type: ignore[call-overload]
        if wanted <= got:
            break
        time.sleep(0.1)
    return got


def test_kill_9_during_a_burst_loses_no_delivery(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    with receiver() as hooks:
        with (
            live_server(database_url, tmp_path) as base,
            httpx.Client(base_url=base, timeout=30) as http,
        ):
            employer = live_employer(http)
            live_subscribe(http, employer, hooks.url())
            stop = threading.Event()

            def burst() -> None:
                with httpx.Client(base_url=base, timeout=30) as events_http:
                    for n in range(1000):
                        if stop.is_set():
                            return
                        try:
                            move(events_http, employer, n)
                        except (httpx.HTTPError, AssertionError):
                            return  # the server died under us

            thread = threading.Thread(target=burst)
            thread.start()
            hooks.wait(30, timeout=120)  # deliveries are flowing
            for pid in processes_in(tmp_path):  # kill -9, mid-burst
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            stop.set()
            thread.join()
        before_restart = len(hooks.received)
        expected = _account_events(client, employer.account_id)
        assert len(expected) >= 30
        with (
            live_server(database_url, tmp_path) as base,
            httpx.Client(base_url=base, timeout=30) as http,
        ):
            # Deliveries the dead worker held come back when their 60-second lease ends.
            moved = http.post("/api/admin/v1/clock", json={"advanceSeconds": 120}, headers=ADMIN)
            assert moved.status_code == 200
            got = _wait_for(hooks.received, expected, 120)
    assert expected - got == set(), f"{len(expected - got)} events never delivered"
    assert len(hooks.received) >= before_restart


@pytest.mark.postgresql_only
def test_two_workers_never_attempt_one_delivery_at_the_same_time(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    with receiver() as first, receiver() as second:
        first.delay = second.delay = 0.005
        with (
            live_server(database_url, tmp_path, args=["--no-worker"]) as base,
            httpx.Client(base_url=base, timeout=30) as http,
        ):
            employers = [live_employer(http) for _ in range(2)]
            for employer in employers:
                live_subscribe(http, employer, first.url())
                live_subscribe(http, employer, second.url())
            for employer in employers:
                for n in range(100):
                    move(http, employer, n)
            expected = set().union(*(_account_events(client, e.account_id) for e in employers))
            # The backlog is waiting; two workers start on it at once.
            env = {
                **os.environ,
                "HIREHALL_DATABASE_URL": database_url,
                "HIREHALL_SECRET_KEY": "test-secret-key",
                "HIREHALL_SANDBOX": "1",
                "HIREHALL_STATE_DIR": str(tmp_path),
            }
            workers = [
                subprocess.Popen(
                    [str(HIREHALL), "worker"], env=env, cwd=tmp_path, start_new_session=True
                )
                for _ in range(2)
            ]
            try:
                for hooks in (first, second):
                    assert _wait_for(hooks.received, expected, 180) == expected
            finally:
                for worker in workers:
                    kill_group(worker)
    for hooks in (first, second):
        spans: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for delivery, start, end in hooks.spans:
            spans[delivery].append((start, end))
        assert len(spans) == len(expected)
        for delivery, times in spans.items():
            times.sort()
            for (_, end), (start, _) in itertools.pairwise(times):
                assert start >= end, f"delivery {delivery} attempted twice at once"
            assert len(times) == 1, f"delivery {delivery} attempted {len(times)} times"


def test_a_hanging_receiver_does_not_slow_another_subscription(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    with receiver() as hanging, receiver() as fast:
        hanging.hang = True
        with (
            live_server(database_url, tmp_path) as base,
            httpx.Client(base_url=base, timeout=30) as http,
        ):
            employer = live_employer(http)
            live_subscribe(http, employer, hanging.url())
            live_subscribe(http, employer, fast.url())
            started = time.monotonic()
            for n in range(20):
                move(http, employer, n)
            expected = _account_events(client, employer.account_id)
            got = _wait_for(fast.received, expected, 30)
            elapsed = time.monotonic() - started
            assert got == expected
            assert hanging.received  # it holds its attempts ...
            assert elapsed < 8, f"the fast receiver waited {elapsed:.1f} s"  # ... alone
            hanging.release()
