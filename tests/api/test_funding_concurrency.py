"""20 concurrent fundings against credits that cover exactly 3 (issue 8, "Reliability"), on a
running server with two worker processes, on SQLite and PostgreSQL: 20 milestones on 20
contracts of one organization, each with a pending `milestone_fund` approval, confirmed all
at once. Exactly 3 are funded; the 17 others get 409 `insufficient_credits` (admin-api.md,
`paymentSource: "credits"`) or, with the default source and no card, 409
`payment_method_required` (D35) — and with a card on file, the card pays for them (D36:
"credits when they cover the charge, else the card on file"). Balances never go negative and
`ledger/verify` stays clean.

Kills the mutation "the conditional UPDATE's guard `balance_cents + delta >= 0` removed" (the
CHECK constraint then refuses the losers' debits as 500s; without the CHECK too, credits go
below zero and verify reports it), the one of a funding that picks credits by a read and
does not fall back when the guarded debit then finds them spent, and (hires and fundings
confirmed at once) money moves that lock balance rows before the event log's lock."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.hiring_helpers import (
    GOOD_CARD,
    Hiring,
    another_proposal,
    books_clean,
    confirm_ok,
    credits,
    give_credits,
    hire_ok,
    post,
    put_card,
    setup_hiring,
)
from tests.conftest import admin_headers
from tests.live import Call, burst, live_server
from tests.money_helpers import all_entries

N, COVERED = 20, 3
HIRE_CHARGE = 5000 + 500 + 995  # milestone 1 of each hire: $50 + 10% + the initiation fee
AMOUNT, CHARGE = 10000, 11000  # milestone 2: $100 + 10%


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    with live_server(database_url, tmp_path_factory.mktemp("serve"), workers=2) as base:
        yield base


def _pending_fundings(
    client: TestClient, n: int = N, covered: int = COVERED
) -> tuple[Hiring, list[str], list[str]]:
    """One organization, n contracts (one hire each, milestone 1 funded), and on each a
    second milestone whose funding waits for its approval; then credits for exactly
    `covered` of them. Returns (hiring, milestone ids, approval ids)."""
    hiring = setup_hiring(client, credits_cents=n * HIRE_CHARGE)
    milestones, approvals = [], []
    for made_before in range(n):
        if made_before:
            hiring = another_proposal(client, hiring)
        made = confirm_ok(client, hire_ok(client, hiring, amount=50)["id"])
        body = {"description": "Second batch", "amountUsd": AMOUNT / 100}
        created = post(client, hiring, f"/contracts/{made['contractId']}/milestones", body)
        assert created.status_code == 201, created.text
        milestones.append(created.json()["milestone"]["id"])
        give_credits(client, hiring.org, CHARGE)  # the request needs its charge covered (D35)
        requested = post(client, hiring, f"/milestones/{milestones[-1]}/fund")
        assert requested.status_code == 202, requested.text
        approvals.append(requested.json()["approval"]["id"])
        taken = client.post(
            f"/api/admin/v1/accounts/{hiring.org}/credits",
            json={"amountCents": -CHARGE},
            headers=admin_headers(),
        )
        assert taken.status_code == 201, taken.text
    assert credits(client, hiring) == (0, n * 5500)
    give_credits(client, hiring.org, covered * CHARGE)
    return hiring, milestones, approvals


def _burst_of_confirms(server: str, approvals: list[str], body: Any) -> list[httpx.Response]:
    # One request before the burst: the admin token and the server's connections are warm,
    # so the burst is not spread out by first-request costs and really races.
    warm = httpx.get(f"{server}/api/admin/v1/ledger/verify", headers=admin_headers(), timeout=60)
    assert warm.status_code == 200, warm.text
    kwargs = {"headers": admin_headers(), **({"json": body} if body is not None else {})}
    calls = [Call("POST", f"/api/admin/v1/approvals/{a}/confirm", kwargs) for a in approvals]
    return burst(server, calls)


def _funded(client: TestClient, hiring: Hiring, milestone_ids: list[str]) -> Counter[str]:
    """Statuses of the second milestones, as the contracts show them."""
    listed = client.get("/api/public/v1/contracts", headers=hiring.headers)
    assert listed.status_code == 200, listed.text
    contracts = listed.json()["contracts"]
    assert len(contracts) == N
    return Counter(
        m["status"] for c in contracts for m in c["milestones"] if m["id"] in milestone_ids
    )


def _holds(client: TestClient, hiring: Hiring, milestone_ids: list[str]) -> list[Any]:
    """(type, amountCents) of the public entries of the second milestones."""
    entries = all_entries(client, hiring.headers)
    return [(e["type"], e["amountCents"]) for e in entries if e["milestoneId"] in milestone_ids]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        pytest.param({"paymentSource": "credits"}, "insufficient_credits", id="credits"),
        pytest.param(None, "payment_method_required", id="default-source"),
    ],
)
def test_20_concurrent_fundings_against_credits_for_3_fund_exactly_3(
    client: TestClient, server: str, body: Any, reason: str
) -> None:
    hiring, milestone_ids, approvals = _pending_fundings(client)
    answers = _burst_of_confirms(server, approvals, body)
    assert Counter(a.status_code for a in answers) == {200: COVERED, 409: N - COVERED}, [
        a.text for a in answers if a.status_code not in (200, 409)
    ]
    refused = [a.json() for a in answers if a.status_code == 409]
    assert {(r["code"], r["details"]["reason"]) for r in refused} == {("CONFLICT", reason)}
    assert credits(client, hiring) == (0, N * 5500 + COVERED * CHARGE)
    assert _funded(client, hiring, milestone_ids) == {
        "ACTIVE_FUNDED": COVERED,
        "NOT_FUNDED": N - COVERED,
    }
    assert _holds(client, hiring, milestone_ids) == [("HOLD", -CHARGE)] * COVERED
    books_clean(client)
    # The refused approvals stay pending: with credits again, each of them goes through.
    give_credits(client, hiring.org, (N - COVERED) * CHARGE)
    for answer, approval in zip(answers, approvals, strict=True):
        if answer.status_code == 409:
            confirm_ok(client, approval, body)
    assert credits(client, hiring) == (0, N * (5500 + CHARGE))
    books_clean(client)


def test_with_a_card_on_file_the_card_pays_what_the_credits_no_longer_cover(
    client: TestClient, server: str
) -> None:
    hiring, milestone_ids, approvals = _pending_fundings(client)
    put_card(client, hiring.org, GOOD_CARD)
    answers = _burst_of_confirms(server, approvals, None)
    assert Counter(a.status_code for a in answers) == {200: N}, [
        a.text for a in answers if a.status_code != 200
    ]
    assert credits(client, hiring) == (0, N * 5500 + COVERED * CHARGE)
    assert _funded(client, hiring, milestone_ids) == {"ACTIVE_FUNDED": N}
    assert _holds(client, hiring, milestone_ids) == [("HOLD", -CHARGE)] * COVERED
    books_clean(client)


def test_hires_and_fundings_of_one_organization_confirmed_at_once_never_deadlock(
    client: TestClient, server: str
) -> None:
    """A hire confirmation records events before its hold, a funding its hold before its
    event; on PostgreSQL each held a lock the other waited for (deadlock: 500s) until every
    money move took the event log's lock before the balance rows."""
    hiring, _, fundings = _pending_fundings(client, 10, covered=10)
    hires = [hire_ok(client, another_proposal(client, hiring), amount=50)["id"] for _ in range(10)]
    give_credits(client, hiring.org, 10 * HIRE_CHARGE)
    interleaved = [a for pair in zip(fundings, hires, strict=True) for a in pair]
    answers = _burst_of_confirms(server, interleaved, None)
    assert [a.status_code for a in answers] == [200] * 20, [
        a.text for a in answers if a.status_code != 200
    ]
    assert credits(client, hiring) == (0, 20 * 5500 + 10 * CHARGE)
    books_clean(client)
