"""kill -9 of the server during a burst of confirmations loses nothing and doubles nothing
(issue 8, "Reliability"), on PostgreSQL: a running server with two worker processes confirms
many different hire approvals from several clients at once; its whole process group is
killed with SIGKILL mid-burst; a new server on the same database then finds the books clean
(`ledger/verify`), every approval answered 200 before the kill confirmed, each confirmed
approval executed exactly once (one contract, one funded milestone, one hold and one
initiation fee each) and nothing executed for an approval still pending (no contract, no
hold); and the pending ones confirm normally after the restart.

An approval's claim, its contract, milestone, hold and fee are one transaction: a
confirmation cut off anywhere leaves all of it or none of it."""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.hiring_helpers import Hiring, another_proposal, hire_ok, setup_hiring
from tests.conftest import admin_headers
from tests.integration.test_live_server import processes_in
from tests.live import live_server
from tests.money_helpers import all_entries

N = 60  # approvals in the burst
CLIENTS = 8  # threads sending them, one connection each
KILL_AFTER = 15  # answers received before the kill
HELD = 5000 + 500  # a $50 milestone + 10%
CHARGE = HELD + 995  # + the initiation fee of the hire's first funding


def _pending_hires(client: TestClient) -> tuple[Hiring, list[str]]:
    """One organization with credits for N hires, and N pending hire approvals (one
    proposal each, on its job)."""
    hiring = setup_hiring(client, credits_cents=N * CHARGE)
    approvals = [hire_ok(client, hiring, amount=50)["id"]]
    for _ in range(N - 1):
        approvals.append(hire_ok(client, another_proposal(client, hiring), amount=50)["id"])
    return hiring, approvals


def _burst_then_kill(base: str, state_dir: Path, approvals: list[str]) -> dict[str, int]:
    """Confirms the approvals from CLIENTS threads; SIGKILLs the server's process group once
    KILL_AFTER answers came back. Returns the status of each answer received."""
    queue = list(reversed(approvals))
    answered: dict[str, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS + 1)
    enough = threading.Event()

    def confirmer() -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            http.get("/readyz").raise_for_status()  # connection and server side warm
            start.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    approval = queue.pop()
                try:
                    answer = http.post(
                        f"/api/admin/v1/approvals/{approval}/confirm", headers=admin_headers()
                    )
                except httpx.HTTPError:
                    return  # the server died under us: this one's fate is the database's
                with lock:
                    answered[approval] = answer.status_code
                    if len(answered) >= KILL_AFTER:
                        enough.set()

    threads = [threading.Thread(target=confirmer) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start.wait()
    assert enough.wait(120), f"only {len(answered)} answers before the kill"
    leader = processes_in(state_dir)[0]
    os.killpg(os.getpgid(leader), signal.SIGKILL)  # kill -9 of the whole server, mid-burst
    for thread in threads:
        thread.join()
    return dict(answered)


def _state(http: httpx.Client, hiring: Hiring, approvals: list[str]) -> dict[str, Any]:
    """Each approval as the restarted server shows it."""
    shown = {}
    for approval_id in approvals:
        got = http.get(f"/api/public/v1/approvals/{approval_id}", headers=hiring.headers)
        assert got.status_code == 200, got.text
        shown[approval_id] = got.json()["approval"]
    return shown


def _books(http: httpx.Client, hiring: Hiring, shown: dict[str, Any]) -> None:
    """Clean books; each confirmed approval executed once, nothing for a pending one."""
    report = http.get("/api/admin/v1/ledger/verify", headers=admin_headers()).json()
    assert (report["ok"], report["problems"]) == (True, []), report
    confirmed = {a["contractId"] for a in shown.values() if a["status"] == "confirmed"}
    assert all(a["contractId"] is None for a in shown.values() if a["status"] == "pending")
    assert len(confirmed) == Counter(a["status"] for a in shown.values())["confirmed"]
    listed = http.get("/api/public/v1/contracts", headers=hiring.headers)
    assert listed.status_code == 200, listed.text
    contracts = listed.json()["contracts"]
    assert {c["id"] for c in contracts} == confirmed  # no contract without its approval
    assert len({c["proposalId"] for c in contracts}) == len(contracts)
    assert [len(c["milestones"]) for c in contracts] == [1] * len(contracts)
    assert {m["status"] for c in contracts for m in c["milestones"]} <= {"ACTIVE_FUNDED"}
    entries = [e for e in all_entries(http, hiring.headers) if e["type"] != "ADJUSTMENT"]
    money = Counter((e["type"], e["amountCents"], e["contractId"]) for e in entries)
    assert money == Counter(
        {
            (kind, cents, c): 1
            for c in confirmed
            for kind, cents in (("HOLD", -HELD), ("CAPTURE", -995))
        }
    )  # one hold and one fee per confirmed approval, none for anything else
    credits = http.get("/api/public/v1/credits", headers=hiring.headers).json()["credits"]
    n = len(confirmed)
    assert (credits["availableCents"], credits["reservedCents"]) == ((N - n) * CHARGE, n * HELD)


@pytest.mark.postgresql_only
def test_kill_9_during_a_burst_of_confirmations_loses_and_doubles_nothing(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    hiring, approvals = _pending_hires(client)
    with live_server(database_url, tmp_path, workers=2) as base:
        answered = _burst_then_kill(base, tmp_path, approvals)
    assert set(answered.values()) == {200}, answered  # each approval was sent once
    with (
        live_server(database_url, tmp_path, workers=2) as base,
        httpx.Client(base_url=base, timeout=30) as http,
    ):
        shown = _state(http, hiring, approvals)
        statuses = Counter(a["status"] for a in shown.values())
        assert set(statuses) == {"confirmed", "pending"}, statuses  # killed mid-burst
        assert all(shown[a]["status"] == "confirmed" for a in answered)  # nothing lost
        _books(http, hiring, shown)
        # The ones the kill cut off confirm normally now, once each.
        for approval_id, approval in shown.items():
            if approval["status"] == "pending":
                again = http.post(
                    f"/api/admin/v1/approvals/{approval_id}/confirm", headers=admin_headers()
                )
                assert again.status_code == 200, again.text
        shown = _state(http, hiring, approvals)
        assert Counter(a["status"] for a in shown.values()) == {"confirmed": N}
        _books(http, hiring, shown)
