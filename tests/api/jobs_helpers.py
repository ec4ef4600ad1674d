"""Helpers shared by the jobs tests: publish-ready drafts and calls as an agent makes them."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import admin_headers, bearer
from tests.factories import make_account, make_job, make_token

API = "/api/public/v1"
READY: dict[str, Any] = {
    "jobDescription": "Label the sentiment of short product reviews in our tool.",
    "paymentType": "PAY_PER_HOUR",
    "pricePerHour": 18,
    "experienceLevel": "INTERMEDIATE",
    "headcount": 3,
    "languages": ["English"],
    "dataVolumeUnit": "NUMBER_OF_FILES",
    "dataVolume": 5000,
}


def agent(client: TestClient, **account: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """An account and the headers of an every-scope token for it."""
    acct = make_account(client, **account)
    return acct, bearer(make_token(client, acct["id"]))


def ready_draft(client: TestClient, account_id: str, **overrides: Any) -> dict[str, Any]:
    """A publish-ready draft made through the operator API."""
    return make_job(client, account_id, **{"status": "DRAFT", **READY, **overrides})


def publish(client: TestClient, job_id: str, headers: dict[str, str]) -> Any:
    return client.post(f"{API}/jobs/{job_id}/publish", headers=headers)


def move_clock(client: TestClient, seconds: int) -> None:
    body = {"advanceSeconds": seconds}
    response = client.post("/api/admin/v1/clock", json=body, headers=admin_headers())
    assert response.status_code == 200, response.text


def answer(prompt: dict[str, Any]) -> Any:
    """What an agent fills in from a prompt object alone: an enum value, or the example
    converted to the prompt's type."""
    if prompt["enumValues"]:
        assert prompt["example"] in prompt["enumValues"]
        return prompt["example"]
    kind, example = prompt["type"], prompt["example"]
    if kind == "number":
        return float(example)
    if kind == "integer":
        return int(example)
    if kind == "string[]":
        return json.loads(example)
    assert kind == "string"
    return example


def changes(client: TestClient, since: str = "2000-01-01T00:00:00Z") -> list[dict[str, Any]]:
    response = client.get(f"{API}/jobs/changes", params={"since": since})
    assert response.status_code == 200, response.text
    return list(response.json()["changes"])
