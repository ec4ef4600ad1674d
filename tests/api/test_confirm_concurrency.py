"""50 concurrent confirmations of one approval, and 20 concurrent identical hire requests,
against a running server (two worker processes) on SQLite and PostgreSQL: the approval
executes once, the requests make one approval. Kills the mutation "claim without
`status = 'pending'`" (every confirmer would execute the hire, and the unique contract per
proposal would turn the losers into 500s or double charges)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.hiring_helpers import (
    books_clean,
    count,
    credits,
    event_types,
    hire_ok,
    ledger,
    setup_hiring,
)
from tests.conftest import admin_headers
from tests.live import Call, burst, live_server

N = 50
CHARGE = 30000 + 3000 + 995


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    with live_server(database_url, tmp_path_factory.mktemp("serve"), workers=2) as base:
        yield base


def test_50_concurrent_confirmations_execute_once(client: TestClient, server: str) -> None:
    hiring = setup_hiring(client, credits_cents=2 * CHARGE)
    approval = hire_ok(client, hiring)
    path = f"/api/admin/v1/approvals/{approval['id']}/confirm"
    calls = [Call("POST", path, {"headers": admin_headers()}) for _ in range(N)]
    answers = burst(server, calls)
    assert Counter(a.status_code for a in answers) == {200: 1, 409: N - 1}, [
        a.text for a in answers if a.status_code not in (200, 409)
    ]
    refused = [a.json() for a in answers if a.status_code == 409]
    assert {(r["details"]["reason"], r["details"]["status"]) for r in refused} == {
        ("approval_not_pending", "confirmed")
    }
    assert count(client, "contracts") == 1
    assert count(client, "milestones") == 1
    assert credits(client, hiring) == (CHARGE, 33000)
    assert [(e["type"], e["amountCents"]) for e in ledger(client, hiring)] == [
        ("ADJUSTMENT", 2 * CHARGE),
        ("HOLD", -33000),
        ("CAPTURE", -995),
    ]
    assert event_types(client, hiring).count("approval.confirmed") == 1
    assert event_types(client, hiring).count("contract.created") == 1
    books_clean(client)


def test_20_concurrent_identical_hire_requests_make_one_approval(
    client: TestClient, server: str
) -> None:
    """Kills the mutation "no unique live_key" (each request would insert its own)."""
    hiring = setup_hiring(client, credits_cents=CHARGE)
    body = {"milestone": {"name": "First batch", "amount": 300}}
    path = f"/api/public/v1/proposals/{hiring.proposal_id}/hire"
    calls = [Call("POST", path, {"headers": hiring.headers, "json": body}) for _ in range(20)]
    answers = burst(server, calls)
    assert Counter(a.status_code for a in answers) == {202: 20}
    assert len({a.json()["approval"]["id"] for a in answers}) == 1
    assert count(client, "approvals") == 1
