"""Helpers for the proposal lifecycle: invite over the public API, act over the operator API,
read the event feed."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests.conftest import admin_headers, db_query
from tests.factories import Employer, make_employer, make_job

HOURLY = {"paymentType": "PAY_PER_HOUR", "pricePerHour": 15}


def hourly_employer(client: TestClient, **job: Any) -> Employer:
    """A claimed every-scope account whose job pays per hour."""
    employer = make_employer(client)
    employer.job = make_job(client, employer.account["id"], **{**HOURLY, **job})
    return employer


def invite(client: TestClient, employer: Employer, trainer_id: str) -> str:
    response = client.post(
        f"/api/public/v1/jobs/{employer.job['id']}/invites",
        json={"freelancerId": trainer_id},
        headers=employer.headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["proposalId"])


def act(client: TestClient, path: str, body: Any = None) -> Response:
    return client.post(f"/api/admin/v1{path}", json=body, headers=admin_headers())


def accept(client: TestClient, proposal_id: str, amount: float = 20, **extra: Any) -> Response:
    bid = {"amountUsd": amount, **extra.pop("bid", {})}
    return act(client, f"/act/proposals/{proposal_id}/accept", {"bid": bid, **extra})


def events(client: TestClient, employer: Employer, cursor: str | None = None) -> list[Any]:
    params = {"limit": "200", **({"cursor": cursor} if cursor else {})}
    response = client.get("/api/public/v1/updates", params=params, headers=employer.headers)
    assert response.status_code == 200, response.text
    return list(response.json()["events"])


def stored(client: TestClient, proposal_id: str) -> tuple[Any, ...]:
    """(status, bid, cover_letter, submitted_at) as the database holds them."""
    sql = "SELECT status, bid, cover_letter, submitted_at FROM proposals WHERE id = :id"
    return db_query(client, sql, id=proposal_id)[0]


def event_count(client: TestClient) -> int:
    return int(db_query(client, "SELECT count(*) FROM events")[0][0])  # type: ignore[call-overload]
