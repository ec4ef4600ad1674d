"""Top-ups (sections 2.11.3, 2.11.4, decision D38): create (never charges), the checkout link,
completion by the sandbox's operator, lazy expiry at 24 hours, and every error row."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.conftest import admin_headers, bearer, db_query
from tests.factories import make_account, make_token
from tests.money_helpers import TOP_UPS, assert_books_clean, credits

A = "/api/admin/v1"
TOP_UP_KEYS = {"id", "status", "amountCents", "createdAt", "completedAt", "expiresAt"}
MESSAGE = (
    "Top-up created. Show checkoutUrl to your human so they can complete the payment; "
    "then poll the top-up until it is COMPLETED."
)


def _owner(client: TestClient, **fields: Any) -> tuple[str, dict[str, str]]:
    acct = make_account(client, **fields)
    return acct["id"], bearer(make_token(client, acct["id"]))


def create(client: TestClient, headers: dict[str, str], amount: Any = 100) -> Any:
    return client.post(TOP_UPS, json={"amountUsd": amount}, headers=headers)


def complete(client: TestClient, top_up_id: str, card: str = "4242424242424242") -> Any:
    return client.post(
        f"{A}/top-ups/{top_up_id}/complete", json={"card": card}, headers=admin_headers()
    )


def test_create_answers_the_contract_and_never_charges(client: TestClient) -> None:
    _, headers = _owner(client)
    response = create(client, headers, 100)
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"topUpId", "checkoutUrl", "expiresAt", "topUp", "message"}
    assert body["message"] == MESSAGE
    top_up = body["topUp"]
    assert set(top_up) == TOP_UP_KEYS
    assert top_up["id"] == body["topUpId"]
    assert top_up["status"] == "PENDING"
    assert top_up["amountCents"] == 10000
    assert top_up["completedAt"] is None
    assert top_up["expiresAt"] == body["expiresAt"]
    url = urlsplit(body["checkoutUrl"])
    assert f"{url.scheme}://{url.netloc}" == "http://hirehall.test"
    assert url.path == f"/checkout/{body['topUpId']}"
    secret = parse_qs(url.query)["s"][0]
    assert len(secret) >= 32
    # Only a keyed hash of the secret is stored.
    stored = db_query(client, "SELECT secret_hash FROM top_ups")
    assert stored
    assert secret not in str(stored)
    assert credits(client, headers)["availableCents"] == 0
    fetched = client.get(f"{TOP_UPS}/{body['topUpId']}", headers=headers)
    assert fetched.status_code == 200
    assert fetched.json() == {"topUp": top_up}


def test_expiry_is_24_hours_after_creation(frozen_client: TestClient) -> None:
    client = frozen_client
    _, headers = _owner(client)
    top_up = create(client, headers, 10).json()["topUp"]
    from datetime import datetime, timedelta

    created = datetime.fromisoformat(top_up["createdAt"].replace("Z", "+00:00"))
    expires = datetime.fromisoformat(top_up["expiresAt"].replace("Z", "+00:00"))
    assert expires - created == timedelta(hours=24)


@pytest.mark.parametrize(
    ("amount", "cents"), [(10, 1000), (10000, 1000000), (12.34, 1234), (99.9, 9990), (50.0, 5000)]
)
def test_amounts_in_range_with_whole_cents(client: TestClient, amount: float, cents: int) -> None:
    _, headers = _owner(client)
    response = create(client, headers, amount)
    assert response.status_code == 201, response.text
    assert response.json()["topUp"]["amountCents"] == cents


def test_amount_is_an_accepted_alias(client: TestClient) -> None:
    _, headers = _owner(client)
    response = client.post(TOP_UPS, json={"amount": 25}, headers=headers)
    assert response.status_code == 201
    assert response.json()["topUp"]["amountCents"] == 2500


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"amountUsd": None},
        {"amountUsd": "100"},
        {"amountUsd": True},
        {"amountUsd": 9.99},
        {"amountUsd": 0},
        {"amountUsd": -50},
        {"amountUsd": 10000.01},
        {"amountUsd": 1e20},
        {"amountUsd": 12.345},
        {"amountUsd": 10.001},
        {"amount": "ten"},
    ],
)
def test_bad_amounts_are_400_on_amount_usd_and_make_nothing(
    client: TestClient, body: dict[str, Any]
) -> None:
    _, headers = _owner(client)
    response = client.post(TOP_UPS, json=body, headers=headers)
    assert response.status_code == 400, response.text
    details = response.json()["details"]
    assert response.json()["code"] == "BAD_REQUEST"
    assert details["field"] == "amountUsd"
    assert details["issues"]
    assert db_query(client, "SELECT count(*) FROM top_ups") == [(0,)]


@pytest.mark.parametrize(
    "raw",
    [b"", b"not json", b"[100]", b'"100"', b'{"amountUsd": 1e400}', b'{"amountUsd": 100, "c": 1}'],
)
def test_bad_bodies_are_400_with_issues(client: TestClient, raw: bytes) -> None:
    _, headers = _owner(client)
    response = client.post(
        TOP_UPS, content=raw, headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.json()["details"]["issues"]


def test_create_gates_in_the_order_of_d4(client: TestClient) -> None:
    acct = make_account(client, features=[], claimed=False)
    assert client.post(TOP_UPS, json={"amountUsd": 100}).status_code == 401
    reader = bearer(make_token(client, acct["id"], scopes=["payments:read"]))
    response = client.post(TOP_UPS, json={"amountUsd": "bad"}, headers=reader)
    assert response.status_code == 403
    assert response.json()["details"]["requiredScopes"] == ["payments:write"]
    writer = bearer(make_token(client, acct["id"], scopes=["payments:write"]))
    response = client.post(TOP_UPS, json={"amountUsd": "bad"}, headers=writer)
    assert response.json()["details"] == {"featureKey": "public_api_credits", "mode": "ALLOWLIST"}
    client.patch(
        f"{A}/accounts/{acct['id']}",
        json={"features": ["public_api_credits"]},
        headers=admin_headers(),
    )
    response = client.post(TOP_UPS, json={"amountUsd": "bad"}, headers=writer)
    assert response.status_code == 403
    details = response.json()["details"]
    assert details["reason"] == "account_claim_required"
    assert details["action"] == "top up credits"
    client.patch(f"{A}/accounts/{acct['id']}", json={"claimed": True}, headers=admin_headers())
    response = client.post(TOP_UPS, json={"amountUsd": "bad"}, headers=writer)
    assert response.status_code == 400
    assert response.json()["details"]["field"] == "amountUsd"


def test_get_gates_and_404s(client: TestClient) -> None:
    mine_id, mine = _owner(client)
    _, theirs = _owner(client)
    top_up_id = create(client, mine, 20).json()["topUpId"]
    for missing in ("01unknowntopup000000000000", top_up_id):
        response = client.get(f"{TOP_UPS}/{missing}", headers=theirs)
        assert response.status_code == 404
        assert response.json()["details"] == {"resource": "credit-top-ups", "topUpId": missing}
    no_feature = make_account(client, features=[])
    token = bearer(make_token(client, no_feature["id"]))
    response = client.get(f"{TOP_UPS}/{top_up_id}", headers=token)
    assert response.status_code == 403
    assert response.json()["details"]["featureKey"]
    scoped = bearer(make_token(client, mine_id, scopes=["jobs:read"]))
    assert client.get(f"{TOP_UPS}/{top_up_id}", headers=scoped).status_code == 403
    # Pre-claim accounts read their top-ups.
    client.patch(f"{A}/accounts/{mine_id}", json={"claimed": False}, headers=admin_headers())
    assert client.get(f"{TOP_UPS}/{top_up_id}", headers=mine).status_code == 200


def test_completion_adds_credits_once_with_a_top_up_entry(client: TestClient) -> None:
    _, headers = _owner(client)
    top_up_id = create(client, headers, 100).json()["topUpId"]
    response = complete(client, top_up_id)
    assert response.status_code == 200, response.text
    top_up = response.json()["topUp"]
    assert top_up["status"] == "COMPLETED"
    assert top_up["completedAt"].endswith("Z")
    overview = credits(client, headers)
    assert overview["availableCents"] == 10000
    (entry,) = overview["recentEntries"]
    assert entry["type"] == "TOP_UP"
    assert entry["amountCents"] == 10000
    assert entry["topUpId"] == top_up_id
    assert client.get(f"{TOP_UPS}/{top_up_id}", headers=headers).json()["topUp"] == top_up
    again = complete(client, top_up_id)
    assert again.status_code == 409
    assert again.json()["details"] == {"reason": "top_up_already_completed"}
    assert credits(client, headers)["availableCents"] == 10000
    assert_books_clean(client)


@pytest.mark.parametrize(
    ("card", "reason"),
    [
        ("4000000000000002", "card_declined"),
        ("4000000000009995", "insufficient_funds"),
        ("4000000000000341", "card_declined"),
    ],
)
def test_failing_cards_are_409_with_their_reason(
    client: TestClient, card: str, reason: str
) -> None:
    _, headers = _owner(client)
    top_up_id = create(client, headers, 100).json()["topUpId"]
    response = complete(client, top_up_id, card)
    assert response.status_code == 409
    assert response.json()["details"] == {"reason": reason}
    assert client.get(f"{TOP_UPS}/{top_up_id}", headers=headers).json()["topUp"]["status"] == (
        "PENDING"
    )
    assert credits(client, headers)["availableCents"] == 0
    assert assert_books_clean(client)["transactions"] == 0


def test_completion_errors(client: TestClient) -> None:
    _, headers = _owner(client)
    top_up_id = create(client, headers, 100).json()["topUpId"]
    unknown = complete(client, top_up_id, "4111111111111111")
    assert unknown.status_code == 400
    assert unknown.json()["details"]["field"] == "card"
    assert complete(client, "01unknowntopup000000000000").status_code == 404
    bad = client.post(
        f"{A}/top-ups/{top_up_id}/complete", json={"card": 4242}, headers=admin_headers()
    )
    assert bad.status_code == 400


def test_lazy_expiry_after_24_hours(frozen_client: TestClient) -> None:
    client = frozen_client
    _, headers = _owner(client)
    top_up_id = create(client, headers, 100).json()["topUpId"]
    client.post(f"{A}/clock", json={"advanceSeconds": 24 * 3600 - 1}, headers=admin_headers())
    assert client.get(f"{TOP_UPS}/{top_up_id}", headers=headers).json()["topUp"]["status"] == (
        "PENDING"
    )
    client.post(f"{A}/clock", json={"advanceSeconds": 1}, headers=admin_headers())
    shown = client.get(f"{TOP_UPS}/{top_up_id}", headers=headers).json()["topUp"]
    assert shown["status"] == "EXPIRED"
    assert shown["completedAt"] is None
    # The read wrote the expiry down.
    assert db_query(client, "SELECT status FROM top_ups") == [("EXPIRED",)]
    response = complete(client, top_up_id)
    assert response.status_code == 409
    assert response.json()["details"] == {"reason": "top_up_expired"}
    assert credits(client, headers)["availableCents"] == 0


def test_concurrent_completions_credit_once(client: TestClient) -> None:
    _, headers = _owner(client)
    top_up_id = create(client, headers, 100).json()["topUpId"]
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda _: complete(client, top_up_id), range(10)))
    assert sorted(a.status_code for a in answers) == [200] + [409] * 9
    assert credits(client, headers)["availableCents"] == 10000
    assert assert_books_clean(client)["transactions"] == 1


def test_the_worker_expires_top_ups_past_24_hours_once(frozen_client: TestClient) -> None:
    client = frozen_client
    _, headers = _owner(client)
    top_up_id = create(client, headers, 100).json()["topUpId"]
    paid_id = create(client, headers, 50).json()["topUpId"]
    assert complete(client, paid_id).status_code == 200

    def run_worker() -> int:
        ran = client.post(f"{A}/worker/run", headers=admin_headers())
        assert ran.status_code == 200, ran.text
        return int(ran.json()["ran"]["expiries"])

    assert run_worker() == 0
    client.post(f"{A}/clock", json={"advanceSeconds": 24 * 3600}, headers=admin_headers())
    assert run_worker() == 1
    statuses = dict(db_query(client, "SELECT id, status FROM top_ups"))
    assert statuses == {top_up_id: "EXPIRED", paid_id: "COMPLETED"}
    assert run_worker() == 0
    assert client.get(f"{TOP_UPS}/{top_up_id}", headers=headers).json()["topUp"]["status"] == (
        "EXPIRED"
    )
