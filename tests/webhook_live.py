"""A world with events for webhook tests against a live server (over HTTP)."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

import httpx

from tests.conftest import ADMIN_TOKEN

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
_names = itertools.count(1)


@dataclass
class LiveEmployer:
    account_id: str
    headers: dict[str, str]
    proposal_id: str


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def live_employer(http: httpx.Client) -> LiveEmployer:
    """An account with an every-scope token, an hourly job and one submitted proposal."""
    n = next(_names)
    account = _ok(
        http.post("/api/admin/v1/accounts", json={"name": f"Live {n}"}, headers=ADMIN), 201
    )
    account_id = account["account"]["id"]
    token = _ok(
        http.post(f"/api/admin/v1/accounts/{account_id}/tokens", json={}, headers=ADMIN), 201
    )
    headers = {"Authorization": f"Bearer {token['token']}"}
    job = _ok(
        http.post(
            "/api/admin/v1/jobs",
            json={
                "accountId": account_id,
                "title": f"Live job {n}",
                "status": "OPEN",
                "paymentType": "PAY_PER_HOUR",
                "pricePerHour": 15,
            },
            headers=ADMIN,
        ),
        201,
    )["job"]
    trainer = _ok(
        http.post(
            "/api/admin/v1/freelancers",
            json={"firstName": "Lia", "lastName": f"Live{n}", "countryCode": "ES"},
            headers=ADMIN,
        ),
        201,
    )["freelancer"]
    invite = _ok(
        http.post(
            f"/api/public/v1/jobs/{job['id']}/invites",
            json={"freelancerId": trainer["id"]},
            headers=headers,
        ),
        201,
    )
    proposal_id = invite["proposalId"]
    _ok(
        http.post(
            f"/api/admin/v1/act/proposals/{proposal_id}/accept",
            json={"bid": {"amountUsd": 20}},
            headers=ADMIN,
        )
    )
    return LiveEmployer(account_id, headers, proposal_id)


def live_subscribe(http: httpx.Client, employer: LiveEmployer, url: str) -> str:
    body = {"url": url, "eventTypes": ["proposal.status_changed"]}
    return str(
        _ok(http.post("/api/public/v1/webhooks", json=body, headers=employer.headers), 201)[
            "webhook"
        ]["id"]
    )


def move(http: httpx.Client, employer: LiveEmployer, n: int) -> None:
    """One proposal.status_changed event: the n-th move of the proposal."""
    status = "SHORTLISTED" if n % 2 == 0 else "MAYBE"
    _ok(
        http.post(
            f"/api/admin/v1/proposals/{employer.proposal_id}/status",
            json={"status": status},
            headers=ADMIN,
        )
    )


def event_ids(received: list[Any]) -> set[str]:
    return {json.loads(r.body)["id"] for r in received}
