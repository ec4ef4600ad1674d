"""`/api/public/v1/tokens` (section 2.13, decision D20): listing, minting without
escalation and within the cap, expiry, revocation, secrets shown once, lastUsedAt."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from hirehall.core.scopes import ALL_SCOPES, PRE_CLAIM_SCOPES
from tests.agent_flow import advance, register
from tests.conftest import FROZEN_AT, bearer
from tests.factories import make_account, make_token

TOKENS = "/api/public/v1/tokens"
PREVIEW = re.compile(r"^ot_pat_[A-Za-z0-9_-]{4}\*{8}[A-Za-z0-9_-]{4}$")


def mint(client: TestClient, token: str, **body: object) -> object:
    return client.post(TOKENS, json=body, headers=bearer(token))


def test_empty_body_clones_the_callers_scopes_without_expiry(client: TestClient) -> None:
    reg = register(client)
    response = mint(client, reg["access_token"])
    assert response.status_code == 201
    body = response.json()
    assert body["tokenType"] == "bearer"
    meta = body["metadata"]
    assert meta["name"] == "API token"
    assert meta["scopes"] == PRE_CLAIM_SCOPES
    assert meta["expiresAt"] is None
    assert meta["status"] == "active"
    assert meta["lastUsedAt"] is None
    assert client.get("/api/public/v1/auth/me", headers=bearer(body["token"])).status_code == 200


def test_secret_is_shown_exactly_once_and_preview_has_the_contract_format(
    client: TestClient,
) -> None:
    account = make_account(client)
    token = make_token(client, account["id"])
    secret = mint(client, token, name="reporting").json()["token"]
    listed = client.get(TOKENS, headers=bearer(token)).json()["tokens"]
    assert secret not in str(listed)
    new = next(t for t in listed if t["name"] == "reporting")
    assert PREVIEW.match(new["preview"])
    body = secret.removeprefix("ot_pat_")
    assert new["preview"] == f"ot_pat_{body[:4]}********{body[-4:]}"
    assert set(new) == {
        "id", "name", "preview", "scopes", "status", "organizationId",
        "createdAt", "lastUsedAt", "expiresAt", "revokedAt",
    }  # fmt: skip


def test_no_escalation_but_write_covers_read(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"], scopes=["jobs:write"])
    assert mint(client, token, scopes=["jobs:read"]).status_code == 201
    refused = mint(client, token, scopes=["jobs:read", "proposals:write"])
    assert refused.status_code == 403
    details = refused.json()["details"]
    assert details["requiredScopes"] == ["proposals:write"]
    assert details["grantedScopes"] == ["jobs:write"]


def test_a_pre_claim_token_cannot_mint_post_claim_scopes(client: TestClient) -> None:
    reg = register(client)
    refused = mint(client, reg["access_token"], scopes=["proposals:write"])
    assert refused.status_code == 403  # type: ignore[attr-defined]
    body = refused.json()  # type: ignore[attr-defined]
    assert body["code"] == "FORBIDDEN"
    assert body["details"] == {
        "requiredScopes": ["proposals:write"],
        "grantedScopes": list(PRE_CLAIM_SCOPES),
    }
    assert len(client.get(TOKENS, headers=bearer(reg["access_token"])).json()["tokens"]) == 1


def test_unknown_scopes_list_the_supported_ones(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"])
    refused = mint(client, token, scopes=["jobs:read", "jobs:delete", "admin"])
    assert refused.status_code == 400
    details = refused.json()["details"]
    assert details["unknownScopes"] == ["jobs:delete", "admin"]
    assert details["supportedScopes"] == ALL_SCOPES


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"name": ""}, id="empty-name"),
        pytest.param({"name": "x" * 121}, id="long-name"),
        pytest.param({"scopes": "jobs:read"}, id="scopes-not-a-list"),
        pytest.param({"expiresAt": "soon"}, id="expiry-not-a-date"),
    ],
)
def test_invalid_bodies_are_400(client: TestClient, body: dict[str, object]) -> None:
    account = make_account(client)
    token = make_token(client, account["id"])
    response = mint(client, token, **body)
    assert response.status_code == 400
    assert response.json()["details"]["issues"]


def test_expiry_must_be_in_the_future_on_the_server_clock(frozen_client: TestClient) -> None:
    client = frozen_client  # the server clock reads FROZEN_AT until the test moves it
    account = make_account(client)
    token = make_token(client, account["id"])
    advance(client, 3600)  # the server's clock is now an hour ahead of this machine's
    soon = FROZEN_AT + timedelta(minutes=30)
    refused = mint(client, token, expiresAt=soon.isoformat())
    assert refused.status_code == 400
    assert refused.json()["code"] == "BAD_REQUEST"
    assert refused.json()["details"]["field"] == "expiresAt"
    later = FROZEN_AT + timedelta(hours=2)
    made = mint(client, token, expiresAt=later.isoformat())
    assert made.status_code == 201
    secret = made.json()["token"]
    advance(client, 3600 + 1)  # past its expiry: the token stops working and lists as expired
    assert client.get("/api/public/v1/auth/me", headers=bearer(secret)).status_code == 401
    statuses = {
        t["id"]: t["status"] for t in client.get(TOKENS, headers=bearer(token)).json()["tokens"]
    }
    assert statuses[made.json()["metadata"]["id"]] == "expired"


def test_the_26th_active_token_is_409_token_limit_reached(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"])  # active token 1
    made = [mint(client, token, name=f"t{n}") for n in range(24)]
    assert {r.status_code for r in made} == {201}
    refused = mint(client, token)
    assert refused.status_code == 409
    assert refused.json()["details"] == {"reason": "token_limit_reached", "limit": 25}
    # A revoked token frees a place.
    victim = made[0].json()["metadata"]["id"]
    assert client.delete(f"{TOKENS}/{victim}", headers=bearer(token)).status_code == 200
    assert mint(client, token).status_code == 201


def test_revoking_the_calling_token_works_and_it_stops_at_once(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"])
    me = client.get("/api/public/v1/auth/me", headers=bearer(token)).json()
    response = client.delete(f"{TOKENS}/{me['token']['id']}", headers=bearer(token))
    assert response.status_code == 200
    record = response.json()["token"]
    assert record["status"] == "revoked"
    assert record["revokedAt"] is not None
    assert client.get(TOKENS, headers=bearer(token)).status_code == 401


def test_another_accounts_token_is_404_and_untouched(client: TestClient) -> None:
    mine, theirs = make_account(client), make_account(client)
    my_token, their_token = make_token(client, mine["id"]), make_token(client, theirs["id"])
    their_id = client.get("/api/public/v1/auth/me", headers=bearer(their_token)).json()["token"][
        "id"
    ]
    refused = client.delete(f"{TOKENS}/{their_id}", headers=bearer(my_token))
    assert refused.status_code == 404
    assert refused.json()["details"] == {"tokenId": their_id}
    assert client.get("/api/public/v1/auth/me", headers=bearer(their_token)).status_code == 200
    listed = client.get(TOKENS, headers=bearer(my_token)).json()["tokens"]
    assert their_id not in {t["id"] for t in listed}


def test_revoking_twice_returns_the_record(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"])
    other = mint(client, token).json()["metadata"]["id"]
    first = client.delete(f"{TOKENS}/{other}", headers=bearer(token)).json()["token"]
    second = client.delete(f"{TOKENS}/{other}", headers=bearer(token))
    assert second.status_code == 200
    assert second.json()["token"]["revokedAt"] == first["revokedAt"]


def test_last_used_at_is_set_on_use_and_refreshed_at_most_once_a_minute(
    client: TestClient,
) -> None:
    account = make_account(client)
    token = make_token(client, account["id"])

    def last_used() -> str | None:
        tokens = client.get(TOKENS, headers=bearer(token)).json()["tokens"]
        value = tokens[0]["lastUsedAt"]
        return None if value is None else str(value)

    first = last_used()  # this call itself authenticated the token
    assert first is not None
    advance(client, 30)
    assert last_used() == first  # within 60 s: no write
    advance(client, 31)
    later = last_used()
    assert later is not None
    assert later > first
