"""GET /payments/pending (section 2.11.5) and the invoices service the contracts domain calls
(`create_invoice`, `pay_invoice`, `pending_invoices`): numbers, exactly-once payment, the
card's reasons, another organization's invoice."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from hirehall.core.errors import Conflict, NotFound
from hirehall.payments import service
from tests.conftest import bearer
from tests.factories import make_account, make_token
from tests.money_helpers import PENDING, in_uow, make_invoice, patch_account


def _owner(client: TestClient, **fields: object) -> tuple[str, dict[str, str]]:
    acct = make_account(client, **fields)
    return acct["id"], bearer(make_token(client, acct["id"]))


def _pay(client: TestClient, account_id: str, invoice_id: str) -> service.Invoice:
    return in_uow(
        client,
        lambda uow: service.pay_invoice(uow, organization_id=account_id, invoice_id=invoice_id),
    )


def test_pending_invoices_newest_first_in_the_contract_shape(client: TestClient) -> None:
    account_id, headers = _owner(client)
    assert client.get(PENDING, headers=headers).json() == {"payments": []}
    first = make_invoice(client, account_id, 33000)
    make_invoice(client, account_id, 1100, paid=True)
    second = make_invoice(client, account_id, 12345)
    assert (first.number, second.number) == (1001, 1003)
    payments = client.get(PENDING, headers=headers).json()["payments"]
    assert [p["id"] for p in payments] == [second.id, first.id]
    assert payments[1] == {
        "id": first.id,
        "status": "PENDING_FUNDING",
        "invoiceKind": "FUNDING",
        "viewerRole": "EMPLOYER",
        "amountUsd": 330,
        "createdAt": payments[1]["createdAt"],
        "invoiceNumber": 1001,
        "job": {"id": "01job000000000000000000000", "title": "Spanish audio transcription"},
        "milestone": {"id": "01milestone000000000000000", "name": "First batch"},
    }
    assert payments[0]["amountUsd"] == 123.45


def test_gates_scope_only_and_pre_claim(client: TestClient) -> None:
    acct = make_account(client, features=[], claimed=False)
    assert client.get(PENDING).status_code == 401
    no_scope = bearer(make_token(client, acct["id"], scopes=["jobs:read"]))
    response = client.get(PENDING, headers=no_scope)
    assert response.status_code == 403
    assert response.json()["details"]["requiredScopes"] == ["payments:read"]
    # Not feature-gated, not claim-gated.
    reader = bearer(make_token(client, acct["id"], scopes=["payments:read"]))
    assert client.get(PENDING, headers=reader).status_code == 200


def test_an_organization_sees_only_its_invoices(client: TestClient) -> None:
    mine, my_headers = _owner(client)
    theirs, _ = _owner(client)
    make_invoice(client, theirs, 5000)
    assert client.get(PENDING, headers=my_headers).json() == {"payments": []}
    invoice = make_invoice(client, theirs, 5000)
    with pytest.raises(NotFound):
        _pay(client, mine, invoice.id)


def test_pay_invoice_charges_the_card_once(client: TestClient) -> None:
    account_id, headers = _owner(client, paymentMethod={"card": "4242424242424242"})
    invoice = make_invoice(client, account_id, 2000)
    paid = _pay(client, account_id, invoice.id)
    assert paid.status == "PAID"
    assert paid.payment_intent_id
    assert paid.payment_intent_id.startswith("pi_")
    assert client.get(PENDING, headers=headers).json() == {"payments": []}
    with pytest.raises(Conflict) as again:
        _pay(client, account_id, invoice.id)
    assert again.value.details == {"reason": "invoice_not_pending", "status": "PAID"}


@pytest.mark.parametrize(
    ("card", "reason"),
    [
        (None, "no_card"),
        ("4000000000009995", "insufficient_funds"),
        ("4000000000000341", "card_declined"),
    ],
)
def test_a_failing_charge_leaves_the_invoice_pending(
    client: TestClient, card: str | None, reason: str
) -> None:
    account_id, headers = _owner(client)
    if card:
        patch_account(client, account_id, {"paymentMethod": {"card": card}})
    invoice = make_invoice(client, account_id, 2000)
    with pytest.raises(Conflict) as failed:
        _pay(client, account_id, invoice.id)
    assert failed.value.details == {"reason": reason}
    assert [p["id"] for p in client.get(PENDING, headers=headers).json()["payments"]] == [
        invoice.id
    ]


def test_concurrent_payments_of_one_invoice_pay_it_once(client: TestClient) -> None:
    account_id, _ = _owner(client, paymentMethod={"card": "4242424242424242"})
    invoice = make_invoice(client, account_id, 2000)

    def attempt(_: int) -> str:
        try:
            return _pay(client, account_id, invoice.id).status
        except Conflict as exc:
            return str((exc.details or {})["reason"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = sorted(pool.map(attempt, range(8)))
    assert outcomes == ["PAID"] + ["invoice_not_pending"] * 7


def test_charge_card_on_file_reports_without_raising(client: TestClient) -> None:
    account_id, _ = _owner(client)

    def charge() -> service.Charge:
        return in_uow(
            client,
            lambda uow: service.charge_card_on_file(
                uow, organization_id=account_id, amount_cents=500
            ),
        )

    assert charge().reason == "no_card"
    patch_account(client, account_id, {"paymentMethod": {"card": "4242424242424242"}})
    ok = charge()
    assert ok.ok
    assert ok.reason is None
    assert ok.payment_intent_id.startswith("pi_")
    card = in_uow(client, lambda uow: service.card_on_file(uow, account_id))
    assert card is not None
    assert (card.brand, card.last4) == ("visa", "4242")
