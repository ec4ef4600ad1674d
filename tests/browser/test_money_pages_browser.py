"""The checkout page (a top-up's `checkoutUrl`) and the billing page in a real browser against
a running `hirehall serve`: a screenshot of each state and the axe-core check on each."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from hirehall.payments import service
from hirehall.runtime import Runtime
from tests.browser.helpers import ADMIN, assert_accessible, local, shot, sign_in_page
from tests.conftest import make_settings


def _account(http: httpx.Client, **fields: Any) -> tuple[dict[str, Any], dict[str, str]]:
    acct = http.post("/api/admin/v1/accounts", json={"name": "Acme", **fields}, headers=ADMIN)
    account = acct.json()["account"]
    token = http.post(f"/api/admin/v1/accounts/{account['id']}/tokens", json={}, headers=ADMIN)
    return account, {"Authorization": f"Bearer {token.json()['token']}"}


def _credits(http: httpx.Client, headers: dict[str, str]) -> int:
    return int(
        http.get("/api/public/v1/credits", headers=headers).json()["credits"]["availableCents"]
    )


def test_checkout_pays_saves_the_card_and_shows_declines(server: httpx.Client, page: Any) -> None:
    _, headers = _account(server)
    created = server.post(
        "/api/public/v1/credits/top-ups", json={"amountUsd": 250}, headers=headers
    ).json()
    page.goto(local(server, created["checkoutUrl"]))
    assert page.get_by_role("heading", name="Add $250.00 in credits").is_visible()
    shot(page, "checkout-form")
    assert_accessible(page)
    page.get_by_label("Card number", exact=True).fill("4000 0000 0000 0002")
    page.get_by_role("button", name="Pay $250.00").click()
    assert "declined" in page.get_by_role("alert").inner_text()
    shot(page, "checkout-declined")
    assert_accessible(page)
    assert _credits(server, headers) == 0
    page.get_by_label("Card number", exact=True).fill("4242 4242 4242 4242")
    page.get_by_label("Save this card on file for future payments").check()
    page.get_by_role("button", name="Pay $250.00").click()
    assert page.get_by_role("heading", name="Payment received").is_visible()
    assert "saved on file" in page.get_by_role("status").inner_text()
    shot(page, "checkout-paid")
    assert_accessible(page)
    assert _credits(server, headers) == 25000
    top_up = server.get(f"/api/public/v1/credits/top-ups/{created['topUpId']}", headers=headers)
    assert top_up.json()["topUp"]["status"] == "COMPLETED"


def test_checkout_link_expired(server: httpx.Client, page: Any) -> None:
    _, headers = _account(server)
    created = server.post(
        "/api/public/v1/credits/top-ups", json={"amountUsd": 10}, headers=headers
    ).json()
    server.post("/api/admin/v1/clock", json={"advanceSeconds": 86400}, headers=ADMIN)
    page.goto(local(server, created["checkoutUrl"]))
    assert page.get_by_role("heading", name="This checkout link has expired").is_visible()
    shot(page, "checkout-expired")
    assert_accessible(page)


def _invoice(database_url: str, state: Path, account_id: str) -> service.Invoice:
    """An invoice as the contracts domain makes one for a card funding whose charge failed."""

    async def run() -> service.Invoice:
        runtime = Runtime(make_settings(database_url, state))
        try:
            async with runtime.uow(write=True) as uow:
                return await service.create_invoice(
                    uow,
                    organization_id=account_id,
                    contract_id=None,
                    milestone_id=None,
                    job_id=None,
                    job_title="Spanish audio transcription",
                    milestone_name="First batch",
                    amount_cents=33000,
                    paid=False,
                )
        finally:
            await runtime.dispose()

    # Playwright's sync API runs an event loop in this thread: the use case runs in another.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def test_billing_card_on_file_and_pending_invoices(
    server: httpx.Client, page: Any, database_url: str, tmp_path: Path
) -> None:
    account, _ = _account(server)
    invoice = _invoice(database_url, tmp_path, account["id"])
    sign_in_page(page, server, account["ownerEmail"], "/billing")
    assert page.locator("#card-on-file").inner_text() == "No card on file."
    shot(page, "billing-empty-card")
    assert_accessible(page)
    page.get_by_label("Card number", exact=True).fill("4242424242424242")
    page.get_by_role("button", name="Add card").click()
    assert page.locator("#card-on-file").inner_text() == "Visa ending in 4242"
    assert page.get_by_role("status").inner_text() == "The card is on file."
    pay = page.get_by_role(
        "button", name=f"Pay invoice {invoice.number} ($330.00) with the card on file"
    )
    assert pay.is_visible()
    shot(page, "billing-card-and-invoice")
    assert_accessible(page)
    page.get_by_label("Replace with card number", exact=True).fill("1234")
    page.get_by_role("button", name="Replace card").click()
    assert page.get_by_role("alert").is_visible()
    shot(page, "billing-bad-card")
    assert_accessible(page)
    page.get_by_role("button", name="Remove this card").click()
    assert page.locator("#card-on-file").inner_text() == "No card on file."
