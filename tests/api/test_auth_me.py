"""`GET /auth/me` with the claim state of decision D18."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.factories import make_account, make_token


def test_claimed_account(client: TestClient) -> None:
    account = make_account(client, ownerName="Mira Chen")
    token = make_token(client, account["id"], name="ci-runner", scopes=["jobs:read"])
    response = client.get("/api/public/v1/auth/me", headers=bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["actor"] == {
        "userId": account["ownerUserId"],
        "email": account["ownerEmail"],
        "firstName": "Mira",
        "lastName": "Chen",
        "fullName": "Mira Chen",
        "userType": "EMPLOYER",
    }
    assert body["token"]["label"] == "ci-runner"
    assert body["token"]["scopes"] == ["jobs:read"]
    assert body["account"] == {
        "kind": "employer_organization",
        "organizationId": account["id"],
        "ownerUserId": account["ownerUserId"],
        "memberRole": "OWNER",
        "claimed": True,
    }


def test_unclaimed_account_shows_claim_url(client: TestClient) -> None:
    account = make_account(client, claimed=False)
    token = make_token(client, account["id"])
    account_view = client.get("/api/public/v1/auth/me", headers=bearer(token)).json()["account"]
    assert account_view["claimed"] is False
    assert account_view["claimUrl"] == "http://hirehall.test/claim"


def test_me_needs_no_scope_but_a_valid_token(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"], scopes=[])
    assert client.get("/api/public/v1/auth/me", headers=bearer(token)).status_code == 200
    assert client.get("/api/public/v1/auth/me").status_code == 401
