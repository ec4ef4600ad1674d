"""GET /credits and GET /credits/ledger (sections 2.11.1, 2.11.2), the operator's credit
adjustments and ledger verification (admin-api.md), and the database's own guards."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from tests.conftest import admin_headers, bearer, db_execute, db_query
from tests.factories import make_account, make_token
from tests.money_helpers import (
    CREDITS,
    LEDGER,
    account,
    adjust,
    assert_books_clean,
    credits,
    give,
)

ENTRY_KEYS = {
    "id",
    "type",
    "amountCents",
    "createdAt",
    "holdEntryId",
    "jobofferId",
    "contractId",
    "milestoneId",
    "topUpId",
    "note",
}


def _owner(client: TestClient, **account_fields: object) -> tuple[str, dict[str, str]]:
    acct = make_account(client, **account_fields)
    return acct["id"], bearer(make_token(client, acct["id"]))


def test_a_never_used_account_reads_zero_and_an_empty_ledger(client: TestClient) -> None:
    _, headers = _owner(client)
    assert client.get(CREDITS, headers=headers).json() == {
        "credits": {"availableCents": 0, "reservedCents": 0, "currency": "usd", "recentEntries": []}
    }
    assert client.get(LEDGER, headers=headers).json() == {"entries": [], "nextCursor": None}


def test_an_adjustment_is_an_entry_and_moves_available_credits(client: TestClient) -> None:
    account_id, headers = _owner(client)
    response = adjust(client, account_id, 5000, note="welcome credit")
    assert response.status_code == 201, response.text
    entry = response.json()["entry"]
    assert set(entry) == ENTRY_KEYS
    assert entry["type"] == "ADJUSTMENT"
    assert entry["amountCents"] == 5000
    assert entry["note"] == "welcome credit"
    assert entry["createdAt"].endswith("Z")
    assert entry["topUpId"] is None
    assert entry["jobofferId"] is None
    overview = credits(client, headers)
    assert overview["availableCents"] == 5000
    assert overview["reservedCents"] == 0
    assert overview["recentEntries"] == [entry]
    assert account(client, account_id)["credits"] == {"availableCents": 5000, "reservedCents": 0}
    taken = adjust(client, account_id, -1200)
    assert taken.status_code == 201
    assert taken.json()["entry"]["amountCents"] == -1200
    assert credits(client, headers)["availableCents"] == 3800
    report = assert_books_clean(client)
    assert report["transactions"] == 2
    assert report["postings"] == 4


def test_an_adjustment_below_zero_is_refused_and_moves_nothing(client: TestClient) -> None:
    account_id, headers = _owner(client)
    give(client, account_id, 1000)
    response = adjust(client, account_id, -1001)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "CONFLICT"
    assert body["details"]["reason"] == "insufficient_credits"
    assert credits(client, headers)["availableCents"] == 1000
    # An account that never had credits cannot be taken below zero either.
    other_id, _ = _owner(client)
    assert adjust(client, other_id, -1).json()["details"]["reason"] == "insufficient_credits"
    assert assert_books_clean(client)["transactions"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"amountCents": 0},
        {"amountCents": 1.5},
        {"amountCents": "100"},
        {"amountCents": True},
        {},
        {"amountCents": 100, "extra": 1},
        {"amountCents": 10**12},
    ],
)
def test_a_bad_adjustment_is_a_400_with_issues(client: TestClient, body: dict[str, object]) -> None:
    account_id, _ = _owner(client)
    response = client.post(
        f"/api/admin/v1/accounts/{account_id}/credits", json=body, headers=admin_headers()
    )
    assert response.status_code == 400, response.text
    assert response.json()["details"]["issues"]
    assert assert_books_clean(client)["transactions"] == 0


def test_an_adjustment_of_an_unknown_account_is_a_404(client: TestClient) -> None:
    response = adjust(client, "01unknownaccount0000000000", 100)
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_the_ledger_is_newest_first_with_opaque_cursors(client: TestClient) -> None:
    account_id, headers = _owner(client)
    made = [give(client, account_id, 100 + i) for i in range(7)]
    seen, cursor = [], None
    for size in (3, 3, 1):
        params = {"limit": "3"} | ({"cursor": cursor} if cursor else {})
        page = client.get(LEDGER, params=params, headers=headers).json()
        assert len(page["entries"]) == size
        seen += page["entries"]
        cursor = page["nextCursor"]
    assert cursor is None
    assert seen == list(reversed(made))
    default = client.get(LEDGER, headers=headers).json()
    assert default["entries"] == seen
    assert default["nextCursor"] is None
    # recentEntries: the newest ten at most.
    assert credits(client, headers)["recentEntries"] == seen[:10]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": ""}, "cursor"),
    ],
)
def test_bad_ledger_queries_are_400_on_their_field(
    client: TestClient, params: dict[str, str], field: str
) -> None:
    _, headers = _owner(client)
    response = client.get(LEDGER, params=params, headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "BAD_REQUEST"
    assert response.json()["details"]["field"] == field


@pytest.mark.parametrize("path", [CREDITS, LEDGER])
def test_gates_in_the_order_of_d4(client: TestClient, path: str) -> None:
    acct = make_account(client, features=[])
    assert client.get(path).status_code == 401
    assert client.get(path, headers=bearer("ot_pat_nope")).status_code == 401
    # No scope and no feature: the scope answers first.
    no_scope = bearer(make_token(client, acct["id"], scopes=["jobs:read"]))
    response = client.get(path, headers=no_scope)
    assert response.status_code == 403
    assert response.json()["details"] == {
        "requiredScopes": ["payments:read"],
        "grantedScopes": ["jobs:read"],
    }
    # The scope (payments:write implies payments:read), then the feature flag.
    writer = bearer(make_token(client, acct["id"], scopes=["payments:write"]))
    response = client.get(path, headers=writer)
    assert response.status_code == 403
    assert response.json()["details"] == {"featureKey": "public_api_credits", "mode": "ALLOWLIST"}
    # Pre-claim accounts read their credits (no claim gate).
    unclaimed = make_account(client, claimed=False)
    reader = bearer(make_token(client, unclaimed["id"], scopes=["payments:read"]))
    assert client.get(path, headers=reader).status_code == 200


def test_an_organization_reads_only_its_own_credits(client: TestClient) -> None:
    mine, my_headers = _owner(client)
    theirs, their_headers = _owner(client)
    give(client, mine, 700)
    give(client, theirs, 300)
    assert credits(client, my_headers)["availableCents"] == 700
    assert credits(client, their_headers)["availableCents"] == 300
    their_page = client.get(LEDGER, headers=their_headers).json()
    assert [e["amountCents"] for e in their_page["entries"]] == [300]
    # My cursor continues nothing of theirs.
    my_entry = client.get(LEDGER, headers=my_headers).json()["entries"][0]
    cursor = client.get(LEDGER, params={"limit": "1"}, headers=my_headers).json()["nextCursor"]
    assert cursor is None
    assert my_entry["amountCents"] == 700


def test_twenty_concurrent_debits_against_credits_for_three_take_exactly_three(
    client: TestClient,
) -> None:
    """The balance's guard is the database's: concurrent debits never overdraw."""
    account_id, headers = _owner(client)
    give(client, account_id, 300)
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: adjust(client, account_id, -100), range(20)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] * 3 + [409] * 17, statuses
    assert credits(client, headers)["availableCents"] == 0
    assert assert_books_clean(client)["transactions"] == 4


def test_the_database_refuses_negative_credits_and_journal_edits(client: TestClient) -> None:
    """The CHECK constraint and the append-only triggers hold even for SQL that bypasses the
    service (kills: the guard living only in Python)."""
    account_id, _ = _owner(client)
    give(client, account_id, 100)
    key = f"credits_available:{account_id}"
    with pytest.raises(Exception, match=r"(?i)check|constraint"):
        db_execute(client, "UPDATE ledger_balances SET balance_cents = -1 WHERE key = :k", k=key)
    with pytest.raises(Exception, match="append-only"):
        db_execute(client, "UPDATE ledger_postings SET amount_cents = amount_cents + 1")
    with pytest.raises(Exception, match="append-only"):
        db_execute(client, "UPDATE ledger_transactions SET note = 'edited'")
    assert db_query(client, "SELECT balance_cents FROM ledger_balances WHERE key = :k", k=key) == [
        (100,)
    ]
    assert_books_clean(client)


def test_verify_reports_a_tampered_balance(client: TestClient) -> None:
    account_id, _ = _owner(client)
    give(client, account_id, 500)
    db_execute(
        client,
        "UPDATE ledger_balances SET balance_cents = 400 WHERE key = :k",
        k=f"credits_available:{account_id}",
    )
    report = client.get("/api/admin/v1/ledger/verify", headers=admin_headers()).json()
    assert report["ok"] is False
    assert report["problems"] == [
        f"account credits_available:{account_id} stores 400 but its postings sum to 500"
    ]
    assert report["transactions"] == 1
    assert report["postings"] == 2
