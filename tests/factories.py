"""Small factories, one per object, going through the operator API like a sandbox user."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import admin_headers, bearer

_names = itertools.count(1)


def _post(client: TestClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/api/admin/v1{path}", json=body, headers=admin_headers())
    assert response.status_code == 201, response.text
    return dict(response.json())


def make_account(client: TestClient, **overrides: Any) -> dict[str, Any]:
    body = {"name": f"Account {next(_names)}", **overrides}
    return dict(_post(client, "/accounts", body)["account"])


def make_token(client: TestClient, account_id: str, **overrides: Any) -> str:
    return str(_post(client, f"/accounts/{account_id}/tokens", overrides)["token"])


def make_trainer(client: TestClient, **overrides: Any) -> dict[str, Any]:
    n = next(_names)
    body = {"firstName": "Maria", "lastName": f"Garcia{n}", "countryCode": "ES", **overrides}
    return dict(_post(client, "/freelancers", body)["freelancer"])


def make_job(client: TestClient, account_id: str, **overrides: Any) -> dict[str, Any]:
    body = {"accountId": account_id, "title": f"Job {next(_names)}", **overrides}
    return dict(_post(client, "/jobs", body)["job"])


@dataclass
class Employer:
    """A claimed account with an every-scope token and an open job."""

    account: dict[str, Any]
    token: str
    job: dict[str, Any]

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


def make_employer(client: TestClient, **account: Any) -> Employer:
    acct = make_account(client, **account)
    return Employer(acct, make_token(client, acct["id"]), make_job(client, acct["id"]))


def outbox(client: TestClient, **query: str) -> list[dict[str, Any]]:
    response = client.get("/api/admin/v1/outbox", params=query, headers=admin_headers())
    assert response.status_code == 200
    return list(response.json()["messages"])
