"""The operator's account additions of the hiring loop (admin-api.md): `approvalPolicy`,
`paymentMethod` (a test card on file, never the number), `credits`; the sandbox's top-up
completion; `hirehall admin` takes the same bodies."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import admin_headers, db_query
from tests.factories import make_account
from tests.money_helpers import account, give, patch_account

A = "/api/admin/v1"


def test_create_takes_approval_policy_and_a_test_card(client: TestClient) -> None:
    response = client.post(
        f"{A}/accounts",
        json={
            "name": "Acme",
            "approvalPolicy": "auto_confirm",
            "paymentMethod": {"card": "4242 4242 4242 4242"},
        },
        headers=admin_headers(),
    )
    assert response.status_code == 201, response.text
    created = response.json()["account"]
    assert created["approvalPolicy"] == "auto_confirm"
    assert created["paymentMethod"] == {"brand": "visa", "last4": "4242"}
    assert created["credits"] == {"availableCents": 0, "reservedCents": 0}
    assert account(client, created["id"]) == created
    # Only brand, last four digits and behaviour are stored.
    stored = db_query(client, "SELECT * FROM payment_cards")
    assert len(stored) == 1
    assert not any("4242424242424242" in str(v) for v in stored[0])


def test_patch_replaces_and_removes_the_card_and_sets_the_policy(client: TestClient) -> None:
    acct = make_account(client)
    response = patch_account(
        client,
        acct["id"],
        {"paymentMethod": {"card": "4000000000000341"}, "approvalPolicy": "auto_decline"},
    )
    assert response.status_code == 200, response.text
    patched = response.json()["account"]
    assert patched["paymentMethod"] == {"brand": "visa", "last4": "0341"}
    assert patched["approvalPolicy"] == "auto_decline"
    replaced = patch_account(client, acct["id"], {"paymentMethod": {"card": "4000000000009995"}})
    assert replaced.json()["account"]["paymentMethod"] == {"brand": "visa", "last4": "9995"}
    # A PATCH that does not name paymentMethod keeps the card.
    renamed = patch_account(client, acct["id"], {"name": "Renamed"}).json()["account"]
    assert renamed["paymentMethod"] == {"brand": "visa", "last4": "9995"}
    removed = patch_account(client, acct["id"], {"paymentMethod": None}).json()["account"]
    assert removed["paymentMethod"] is None
    assert removed["approvalPolicy"] == "auto_decline"
    assert db_query(client, "SELECT count(*) FROM payment_cards") == [(0,)]


def test_the_declined_test_card_cannot_go_on_file(client: TestClient) -> None:
    acct = make_account(client)
    response = patch_account(client, acct["id"], {"paymentMethod": {"card": "4000000000000002"}})
    assert response.status_code == 409
    assert response.json()["details"] == {"reason": "card_declined"}
    assert account(client, acct["id"])["paymentMethod"] is None
    # On create, nothing is made at all.
    before = db_query(client, "SELECT count(*) FROM organizations")
    response = client.post(
        f"{A}/accounts",
        json={"name": "X", "paymentMethod": {"card": "4000000000000002"}},
        headers=admin_headers(),
    )
    assert response.status_code == 409
    assert db_query(client, "SELECT count(*) FROM organizations") == before


@pytest.mark.parametrize(
    "body",
    [
        {"paymentMethod": {"card": "4111111111111111"}},
        {"paymentMethod": {"card": "not a card"}},
        {"paymentMethod": {"card": ""}},
        {"paymentMethod": {"number": "4242424242424242"}},
        {"paymentMethod": "4242424242424242"},
        {"approvalPolicy": "sometimes"},
    ],
)
def test_bad_money_fields_are_a_400(client: TestClient, body: dict[str, object]) -> None:
    acct = make_account(client)
    response = patch_account(client, acct["id"], body)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "BAD_REQUEST"
    assert account(client, acct["id"]) == acct


def test_unknown_card_numbers_name_the_test_cards(client: TestClient) -> None:
    acct = make_account(client)
    response = patch_account(client, acct["id"], {"paymentMethod": {"card": "4111111111111111"}})
    details = response.json()["details"]
    assert details["field"] == "card"
    assert "4242424242424242" in details["supportedCards"]


def test_the_account_shows_its_credits(client: TestClient) -> None:
    acct = make_account(client)
    give(client, acct["id"], 2500)
    assert account(client, acct["id"])["credits"] == {"availableCents": 2500, "reservedCents": 0}
    listed = client.get(f"{A}/accounts", headers=admin_headers()).json()["accounts"]
    assert next(a for a in listed if a["id"] == acct["id"])["credits"]["availableCents"] == 2500
