"""Subscribing, making events and reading the operator's delivery log in webhook tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_updates import record
from tests.conftest import admin_headers
from tests.factories import Employer

ALL_TYPES = [
    "proposal.received",
    "proposal.status_changed",
    "message.received",
    "contract.created",
    "milestone.status_changed",
    "payment.pending",
    "approval.confirmed",
    "contract.budget_state_changed",
]


def subscribe(
    client: TestClient, employer: Employer, url: str, types: list[str] | None = None
) -> tuple[dict[str, Any], str]:
    """A new subscription and its secret."""
    response = client.post(
        "/api/public/v1/webhooks",
        json={"url": url, "eventTypes": types or ALL_TYPES},
        headers=employer.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()["webhook"], response.json()["secret"]


def emit(client: TestClient, employer: Employer, count: int = 1) -> list[str]:
    """`count` proposal.status_changed events of the employer's account (event ids)."""
    return [
        record(
            client,
            employer.account["id"],
            "proposal.status_changed",
            resource=f"prop_{n}",
            job=employer.job["id"],
            proposalId=f"prop_{n}",
            status="SHORTLISTED",
        )
        for n in range(count)
    ]


def log(client: TestClient, webhook_id: str) -> list[dict[str, Any]]:
    """The operator's delivery log, newest first."""
    response = client.get(
        f"/api/admin/v1/webhooks/{webhook_id}/deliveries", headers=admin_headers()
    )
    assert response.status_code == 200, response.text
    return list(response.json()["deliveries"])


def operator_view(client: TestClient, webhook_id: str) -> dict[str, Any]:
    response = client.get("/api/admin/v1/webhooks", headers=admin_headers())
    assert response.status_code == 200
    return next(hook for hook in response.json()["webhooks"] if hook["id"] == webhook_id)


def redeliver(client: TestClient, delivery_id: str) -> Any:
    return client.post(f"/api/admin/v1/deliveries/{delivery_id}/redeliver", headers=admin_headers())


def enable(client: TestClient, webhook_id: str) -> Any:
    return client.post(f"/api/admin/v1/webhooks/{webhook_id}/enable", headers=admin_headers())
