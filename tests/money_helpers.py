"""Helpers of the money tests: credits through the operator, the public ledger, verification."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
from fastapi.testclient import TestClient

from hirehall.db.uow import Uow
from tests.conftest import admin_headers

CREDITS = "/api/public/v1/credits"
LEDGER = "/api/public/v1/credits/ledger"
TOP_UPS = "/api/public/v1/credits/top-ups"
PENDING = "/api/public/v1/payments/pending"
T = TypeVar("T")


def adjust(client: TestClient, account_id: str, cents: int, note: str | None = None) -> Any:
    body: dict[str, Any] = {"amountCents": cents}
    if note is not None:
        body["note"] = note
    return client.post(
        f"/api/admin/v1/accounts/{account_id}/credits", json=body, headers=admin_headers()
    )


def give(client: TestClient, account_id: str, cents: int) -> dict[str, Any]:
    response = adjust(client, account_id, cents)
    assert response.status_code == 201, response.text
    return dict(response.json()["entry"])


def credits(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(CREDITS, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json()["credits"])


def verify(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/admin/v1/ledger/verify", headers=admin_headers())
    assert response.status_code == 200, response.text
    return dict(response.json())


def assert_books_clean(client: TestClient) -> dict[str, Any]:
    report = verify(client)
    assert report["ok"] is True, report
    assert report["problems"] == [], report
    return report


def account(client: TestClient, account_id: str) -> dict[str, Any]:
    response = client.get(f"/api/admin/v1/accounts/{account_id}", headers=admin_headers())
    assert response.status_code == 200, response.text
    return dict(response.json()["account"])


def patch_account(client: TestClient, account_id: str, body: dict[str, Any]) -> Any:
    return client.patch(f"/api/admin/v1/accounts/{account_id}", json=body, headers=admin_headers())


def in_uow(client: TestClient, use_case: Callable[[Uow], Awaitable[T]]) -> T:
    """Runs a service use case in the app's own unit of work (committed), on its event loop:
    for money that only another domain's route can make yet (an invoice for a funding)."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]

    async def run() -> T:
        async with runtime.uow(write=True) as uow:
            return await use_case(uow)

    assert client.portal is not None
    return client.portal.call(run)


def make_invoice(client: TestClient, account_id: str, cents: int, *, paid: bool = False) -> Any:
    from hirehall.payments import service

    return in_uow(
        client,
        lambda uow: service.create_invoice(
            uow,
            organization_id=account_id,
            contract_id="01contract0000000000000000",
            milestone_id="01milestone000000000000000",
            job_id="01job000000000000000000000",
            job_title="Spanish audio transcription",
            milestone_name="First batch",
            amount_cents=cents,
            paid=paid,
        ),
    )


def all_entries(client: httpx.Client, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Every public ledger entry of the organization, newest first (page after page), through
    the test app or a live server's client."""
    entries: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 100}
    while True:
        response = client.get(LEDGER, params=params, headers=headers)
        assert response.status_code == 200, response.text
        entries += response.json()["entries"]
        cursor = response.json()["nextCursor"]
        if cursor is None:
            return entries
        params["cursor"] = cursor
