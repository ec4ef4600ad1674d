"""The checkout page behind a top-up's `checkoutUrl` (D38) and the billing page, over HTTP:
the secret link, test cards, "save card", CSRF (missing, forged, replayed), the outcomes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.conftest import admin_headers, bearer
from tests.factories import make_account, make_token, make_trainer
from tests.money_helpers import TOP_UPS, account, assert_books_clean, credits, make_invoice
from tests.pages import csrf_of, sign_in


def _top_up(client: TestClient, amount: float = 100) -> tuple[str, dict[str, str], str, str]:
    acct = make_account(client)
    headers = bearer(make_token(client, acct["id"]))
    created = client.post(TOP_UPS, json={"amountUsd": amount}, headers=headers).json()
    url = urlsplit(created["checkoutUrl"])
    return acct["id"], headers, created["topUpId"], f"{url.path}?{url.query}"


def _secret(link: str) -> str:
    return link.split("?s=", 1)[1]


def _pay(client: TestClient, link: str, card: str, **extra: str) -> Any:
    form = client.get(link)
    assert form.status_code == 200, form.text
    data = {"csrf": csrf_of(form.text), "s": _secret(link), "card": card, **extra}
    return client.post(link.split("?")[0], data=data, follow_redirects=False)


def test_the_link_opens_a_test_card_form_without_sign_in(client: TestClient) -> None:
    _, _, _, link = _top_up(client, 123.45)
    page = client.get(link)
    assert page.status_code == 200
    assert "Add $123.45 in credits" in page.text
    assert 'name="card"' in page.text
    assert 'name="save_card"' in page.text
    assert "4242 4242 4242 4242" in page.text
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("mangle", ["wrong", "", None])
def test_a_wrong_or_missing_secret_is_the_404_page(client: TestClient, mangle: str | None) -> None:
    _, _, top_up_id, _ = _top_up(client)
    query = "" if mangle is None else f"?s={mangle}"
    page = client.get(f"/checkout/{top_up_id}{query}")
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert client.get("/checkout/01unknown00000000000000000?s=x").status_code == 404


def test_paying_adds_credits_and_shows_the_paid_top_up(client: TestClient) -> None:
    account_id, headers, top_up_id, link = _top_up(client, 100)
    done = _pay(client, link, "4242 4242 4242 4242")
    assert done.status_code == 303
    assert done.headers["location"] == link
    shown = client.get(done.headers["location"])
    assert shown.status_code == 200
    assert "Payment received" in shown.text
    assert credits(client, headers)["availableCents"] == 10000
    top_up = client.get(f"{TOP_UPS}/{top_up_id}", headers=headers).json()["topUp"]
    assert top_up["status"] == "COMPLETED"
    # Not saved unless asked.
    assert account(client, account_id)["paymentMethod"] is None
    assert_books_clean(client)


def test_save_card_puts_the_card_on_file(client: TestClient) -> None:
    account_id, _, _, link = _top_up(client)
    done = _pay(client, link, "4242424242424242", save_card="yes")
    assert done.status_code == 303
    assert done.headers["location"].endswith("&saved=1")
    assert "saved on file" in client.get(done.headers["location"]).text
    assert account(client, account_id)["paymentMethod"] == {"brand": "visa", "last4": "4242"}


@pytest.mark.parametrize(
    ("card", "save", "message", "saved"),
    [
        ("4000000000000002", "yes", "declined", None),
        ("4000000000009995", "yes", "insufficient funds", None),
        ("4000000000000341", "yes", "declined", {"brand": "visa", "last4": "0341"}),
        ("4000000000000341", "", "declined", None),
    ],
)
def test_failing_cards_charge_nothing(
    client: TestClient, card: str, save: str, message: str, saved: object
) -> None:
    account_id, headers, top_up_id, link = _top_up(client)
    answer = _pay(client, link, card, save_card=save)
    assert answer.status_code == 402
    assert message in answer.text
    assert 'role="alert"' in answer.text
    assert credits(client, headers)["availableCents"] == 0
    assert account(client, account_id)["paymentMethod"] == saved
    status = client.get(f"{TOP_UPS}/{top_up_id}", headers=headers).json()["topUp"]["status"]
    assert status == "PENDING"


def test_an_unknown_card_number_is_shown_again_with_400(client: TestClient) -> None:
    _, headers, _, link = _top_up(client)
    answer = _pay(client, link, "4111 1111 1111 1111")
    assert answer.status_code == 400
    assert 'aria-invalid="true"' in answer.text
    assert credits(client, headers)["availableCents"] == 0


def test_csrf_missing_forged_and_replayed_is_refused(client: TestClient) -> None:
    _, headers, _, link = _top_up(client)
    path, secret = link.split("?")[0], _secret(link)
    card = {"s": secret, "card": "4242424242424242"}
    assert client.post(path, data=card, follow_redirects=False).status_code == 403
    forged = client.post(path, data={**card, "csrf": "forged"}, follow_redirects=False)
    assert forged.status_code == 403
    assert "This form has expired" in forged.text
    # A token taken from another visitor's page does not work for this visitor.
    token = csrf_of(client.get(link).text)
    client.cookies.clear()
    replayed = client.post(path, data={**card, "csrf": token}, follow_redirects=False)
    assert replayed.status_code == 403
    assert credits(client, headers)["availableCents"] == 0


def test_a_paid_link_sent_again_credits_nothing_more(client: TestClient) -> None:
    _, headers, _, link = _top_up(client)
    form = client.get(link)
    data = {"csrf": csrf_of(form.text), "s": _secret(link), "card": "4242424242424242"}
    path = link.split("?")[0]
    assert client.post(path, data=data, follow_redirects=False).status_code == 303
    again = client.post(path, data=data, follow_redirects=False)
    assert again.status_code == 409
    assert "already paid" in again.text
    assert credits(client, headers)["availableCents"] == 10000


def test_an_expired_link_says_so(frozen_client: TestClient) -> None:
    client = frozen_client
    _, headers, _, link = _top_up(client)
    form = client.get(link)
    client.post("/api/admin/v1/clock", json={"advanceSeconds": 86400}, headers=admin_headers())
    page = client.get(link)
    assert page.status_code == 410
    assert "expired" in page.text
    data = {"csrf": csrf_of(form.text), "s": _secret(link), "card": "4242424242424242"}
    answer = client.post(link.split("?")[0], data=data, follow_redirects=False)
    assert answer.status_code == 409
    assert "expired" in answer.text
    assert credits(client, headers)["availableCents"] == 0


# ---- billing ------------------------------------------------------------------------------


def _employer(client: TestClient, **fields: Any) -> tuple[dict[str, Any], dict[str, str]]:
    acct = make_account(client, **fields)
    sign_in(client, acct["ownerEmail"], "/billing")
    return acct, bearer(make_token(client, acct["id"]))


def test_billing_needs_a_signed_in_employer(client: TestClient) -> None:
    answer = client.get("/billing", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?next=/billing"
    trainer = make_trainer(client, email="ana@example.com")
    assert trainer["id"]
    sign_in(client, "ana@example.com", "/billing")
    page = client.get("/billing")
    assert page.status_code == 403
    assert "Billing is for employers" in page.text


def test_billing_adds_replaces_and_removes_the_card(client: TestClient) -> None:
    acct, _ = _employer(client)
    page = client.get("/billing")
    assert page.status_code == 200
    assert "No card on file." in page.text
    added = client.post(
        "/billing/card",
        data={"csrf": csrf_of(page.text), "card": "4242 4242 4242 4242"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert added.headers["location"] == "/billing?done=saved"
    page = client.get("/billing?done=saved")
    assert "Visa ending in 4242" in page.text
    assert "The card is on file." in page.text
    client.post("/billing/card", data={"csrf": csrf_of(page.text), "card": "4000000000009995"})
    assert account(client, acct["id"])["paymentMethod"] == {"brand": "visa", "last4": "9995"}
    declined = client.post(
        "/billing/card", data={"csrf": csrf_of(page.text), "card": "4000000000000002"}
    )
    assert declined.status_code == 409
    assert "declined" in declined.text
    unknown = client.post("/billing/card", data={"csrf": csrf_of(page.text), "card": "1234"})
    assert unknown.status_code == 400
    assert account(client, acct["id"])["paymentMethod"] == {"brand": "visa", "last4": "9995"}
    removed = client.post(
        "/billing/card/remove", data={"csrf": csrf_of(page.text)}, follow_redirects=False
    )
    assert removed.status_code == 303
    assert account(client, acct["id"])["paymentMethod"] is None
    refused = client.post("/billing/card", data={"card": "4242424242424242"})
    assert refused.status_code == 403
    assert account(client, acct["id"])["paymentMethod"] is None


def test_billing_lists_pending_invoices_with_pay_forms(client: TestClient) -> None:
    acct, _ = _employer(client)
    other = make_account(client)
    invoice = make_invoice(client, acct["id"], 33000)
    make_invoice(client, acct["id"], 1100, paid=True)
    make_invoice(client, other["id"], 999)
    page = client.get("/billing").text
    assert f'action="/billing/invoices/{invoice.id}/pay"' in page
    assert page.count("/billing/invoices/") == 1
    assert f"Invoice {invoice.number}" in page
    assert "$330.00" in page
    assert "Spanish audio transcription" in page
