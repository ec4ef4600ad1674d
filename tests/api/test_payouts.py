"""Payouts (D37, D40): after a release the worker pays the trainer's amount out
(trainer_payable -> payouts) exactly once; the 10% fee stays with the platform. Kills the
mutations "no `paid_out_at IS NULL` in the claim" (a second run pays again) and "payout
posted with the charge instead of the amount" (trainer_payable goes negative)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from tests.api.hiring_helpers import (
    Hiring,
    books_clean,
    confirm_ok,
    count,
    hired,
    ledger,
    post,
    setup_hiring,
)
from tests.conftest import admin_headers, db_query


def _platform(client: TestClient) -> dict[str, int]:
    rows = db_query(
        client,
        "SELECT key, balance_cents FROM ledger_balances "
        "WHERE key IN ('trainer_payable', 'payouts', 'fees')",
    )
    return {str(key): int(cents) for key, cents in rows}


def _run_worker(client: TestClient) -> dict[str, int]:
    response = client.post("/api/admin/v1/worker/run", headers=admin_headers())
    assert response.status_code == 200, response.text
    ran: dict[str, int] = response.json()["ran"]
    return ran


def _release(client: TestClient, hiring: Hiring, milestone_id: str) -> None:
    response = post(client, hiring, f"/milestones/{milestone_id}/approve")
    assert response.status_code == 202, response.text
    confirm_ok(client, response.json()["approval"]["id"])


def test_a_released_milestone_is_paid_out_once(client: TestClient) -> None:
    hiring = setup_hiring(client, credits_cents=33995)
    first = hired(client, hiring)["milestones"][0]
    assert _run_worker(client)["payouts"] == 0  # funded, not released: nothing to pay out
    _release(client, hiring, first["id"])
    before = _platform(client)
    assert before.get("trainer_payable") == 30000
    assert before.get("payouts", 0) == 0
    assert _run_worker(client)["payouts"] == 1
    after = _platform(client)
    assert after["trainer_payable"] == 0
    assert after["payouts"] == 30000
    assert after["fees"] == before["fees"] == 3000 + 995
    [(paid_out_at, transfer)] = db_query(
        client, "SELECT paid_out_at, payout_transfer_id FROM milestones WHERE id = :id",
        id=first["id"],
    )  # fmt: skip
    assert paid_out_at is not None
    assert transfer
    # The transfer is a journal transaction of its own, not in the organization's ledger.
    assert count(client, "ledger_transactions") == 5
    assert transfer not in {e["id"] for e in ledger(client, hiring)}
    assert len(ledger(client, hiring)) == 4  # adjustment, hold, initiation fee, release
    assert _run_worker(client)["payouts"] == 0
    assert _platform(client) == after
    books_clean(client)


def test_concurrent_worker_runs_pay_out_once(client: TestClient) -> None:
    hiring = setup_hiring(client, credits_cents=33995)
    first = hired(client, hiring)["milestones"][0]
    _release(client, hiring, first["id"])
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: _run_worker(client)["payouts"], range(4)))
    assert sum(runs) == 1
    assert _platform(client)["payouts"] == 30000
    assert _platform(client)["trainer_payable"] == 0
    books_clean(client)
