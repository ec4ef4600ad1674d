"""Every OAuth error value of section 2.1, each where it is documented, in the OAuth shape
(`{"error", "error_description"?}`), with expiry and slow_down on the operator clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hirehall.core.scopes import POST_CLAIM_SCOPES, PRE_CLAIM_SCOPES
from tests.agent_flow import (
    advance,
    app_with,
    assert_oauth,
    poll,
    register,
    start_claim,
    submit_code,
)
from tests.conftest import bearer
from tests.factories import make_account, make_token

EMAIL = "owner@example.com"
IDENTITY = "/api/agent/identity"
CLAIM = "/api/agent/identity/claim"
TOKEN = "/api/agent/oauth/token"


# --- register -----------------------------------------------------------------------


def test_register_answers_201_with_the_documented_fields(client: TestClient) -> None:
    response = client.post(IDENTITY, json={})
    assert response.status_code == 201
    body = response.json()
    assert body["identity_type"] == "anonymous"
    assert body["access_token"].startswith("ot_pat_")
    assert body["claim_token"].startswith("ot_clm_")
    assert body["claim_endpoint"] == "http://hirehall.test/api/agent/identity/claim"
    assert body["token_endpoint"] == "http://hirehall.test/api/agent/oauth/token"
    assert body["grant_type"] == "urn:opentrain:agent-auth:grant-type:claim"
    # The claim token is never a bearer.
    assert (
        client.get("/api/public/v1/auth/me", headers=bearer(body["claim_token"])).status_code == 401
    )


def test_register_with_an_empty_body_works(client: TestClient) -> None:
    response = client.post(IDENTITY)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["identity_type"] == "anonymous"
    assert body["access_token"].startswith("ot_pat_")
    assert body["claim_token"].startswith("ot_clm_")
    assert body["token_type"] == "bearer"
    assert body["scopes"] == list(PRE_CLAIM_SCOPES)
    me = client.get("/api/public/v1/auth/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["account"]["claimed"] is False


def test_unsupported_identity_type(client: TestClient) -> None:
    response = client.post(IDENTITY, json={"identity_type": "verified"})
    assert_oauth(response, 400, "unsupported_identity_type")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(b"{not json", "application/json", id="invalid-json"),
        pytest.param(b"[1, 2]", "application/json", id="not-an-object"),
        pytest.param(b'{"agent_name": 7}', "application/json", id="wrong-type"),
        pytest.param(
            b"agent_name=a&agent_name=b", "application/x-www-form-urlencoded", id="repeat"
        ),
        pytest.param(b"\xff\xfe=1", "application/x-www-form-urlencoded", id="not-utf8"),
    ],
)
def test_unreadable_register_bodies_are_invalid_request(
    client: TestClient, body: bytes, content_type: str
) -> None:
    response = client.post(IDENTITY, content=body, headers={"Content-Type": content_type})
    assert_oauth(response, 400, "invalid_request")


def test_anonymous_not_enabled(client: TestClient, database_url: str, tmp_path: Path) -> None:
    reg = register(client)
    with app_with(database_url, tmp_path, agent_registration_enabled=False) as closed:
        assert_oauth(closed.post(IDENTITY, json={}), 403, "anonymous_not_enabled")
        started = closed.post(CLAIM, json={"claim_token": reg["claim_token"], "email": EMAIL})
        assert_oauth(started, 403, "anonymous_not_enabled")


def test_rate_limit_exceeded_on_register_per_ip(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    with app_with(database_url, tmp_path, agent_register_per_hour=2) as app:
        assert app.post(IDENTITY, json={}).status_code == 201
        assert app.post(IDENTITY, json={}).status_code == 201
        refused = app.post(IDENTITY, json={})
        assert_oauth(refused, 429, "rate_limit_exceeded")
        assert 1 <= int(refused.headers["retry-after"]) <= 3600
        advance(client, 3600)
        assert app.post(IDENTITY, json={}).status_code == 201


def test_rate_limit_exceeded_on_claim_start_per_ip(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    with app_with(database_url, tmp_path, agent_claim_start_per_hour=1) as app:
        reg = register(app)
        body = {"claim_token": reg["claim_token"], "email": EMAIL}
        assert app.post(CLAIM, json=body).status_code == 200
        assert_oauth(app.post(CLAIM, json=body), 429, "rate_limit_exceeded")


def test_server_error_in_the_oauth_shape(tmp_path: Path) -> None:
    """A database that does not answer: an unexpected failure, reported as server_error."""
    with app_with("postgresql://nobody@127.0.0.1:1/none", tmp_path, sandbox=False) as broken:
        response = broken.post(IDENTITY, json={})
        assert_oauth(response, 500, "server_error")
        public = broken.get("/api/public/v1/auth/me", headers=bearer("ot_pat_x"))
        assert public.json()["code"] == "INTERNAL_ERROR"  # the envelope elsewhere


# --- claim start --------------------------------------------------------------------


def test_claim_start_answers_the_documented_fields(client: TestClient) -> None:
    reg = register(client)
    body = start_claim(client, reg["claim_token"], EMAIL)
    assert len(body["user_code"]) == 6
    assert body["user_code"].isdigit()
    assert body["verification_uri"].startswith("http://hirehall.test/claim?token=ot_cat_")
    assert body["expires_in"] == 1800
    assert body["interval"] == 5
    assert body["email_sent"] is True


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"email": EMAIL}, id="no-claim-token"),
        pytest.param({"claim_token": "ot_clm_unknown", "email": EMAIL}, id="unknown-claim-token"),
        pytest.param({"claim_token": "CLAIM"}, id="no-email"),
        pytest.param({"claim_token": "CLAIM", "email": "not-an-email"}, id="bad-email"),
        pytest.param({"claim_token": "CLAIM", "email": 42}, id="email-not-a-string"),
    ],
)
def test_claim_start_invalid_request(client: TestClient, body: dict[str, object]) -> None:
    reg = register(client)
    filled = {k: reg["claim_token"] if v == "CLAIM" else v for k, v in body.items()}
    assert_oauth(client.post(CLAIM, json=filled), 400, "invalid_request")


def test_claim_start_email_already_registered(client: TestClient) -> None:
    first, second = register(client), register(client)
    started = start_claim(client, first["claim_token"], EMAIL)
    submit_code(client, started["verification_uri"], EMAIL, started["user_code"])
    refused = client.post(CLAIM, json={"claim_token": second["claim_token"], "email": EMAIL})
    body = assert_oauth(refused, 400, "invalid_request")
    assert "email_already_registered" in body["error_description"]


def test_claim_start_after_the_24_hour_window(client: TestClient) -> None:
    reg = register(client)
    advance(client, 24 * 3600)
    refused = client.post(CLAIM, json={"claim_token": reg["claim_token"], "email": EMAIL})
    assert "window" in assert_oauth(refused, 400, "invalid_request")["error_description"]


# --- token poll ---------------------------------------------------------------------


def test_authorization_pending_before_and_after_the_claim_starts(client: TestClient) -> None:
    reg = register(client)
    assert_oauth(poll(client, reg["claim_token"]), 400, "authorization_pending")
    start_claim(client, reg["claim_token"], EMAIL)
    advance(client, 5)
    assert_oauth(poll(client, reg["claim_token"]), 400, "authorization_pending")


def test_slow_down_when_polled_within_the_interval(frozen_client: TestClient) -> None:
    client = frozen_client  # no wall-clock time passes between the steps
    reg = register(client)
    assert_oauth(poll(client, reg["claim_token"]), 400, "authorization_pending")
    advance(client, 4)
    assert_oauth(poll(client, reg["claim_token"]), 400, "slow_down")
    # A refused poll counts too: the interval runs from it.
    advance(client, 4)
    assert_oauth(poll(client, reg["claim_token"]), 400, "slow_down")
    advance(client, 5)
    assert_oauth(poll(client, reg["claim_token"]), 400, "authorization_pending")


def test_expired_token_when_the_claim_window_closes(frozen_client: TestClient) -> None:
    client = frozen_client  # the window closes exactly 24 h after registration
    reg = register(client)
    start_claim(client, reg["claim_token"], EMAIL)
    advance(client, 24 * 3600 - 5)
    attempt = assert_oauth(poll(client, reg["claim_token"]), 400, "expired_token")
    assert "claim attempt expired" in attempt["error_description"]  # the window is still open
    advance(client, 5)
    body = assert_oauth(poll(client, reg["claim_token"]), 400, "expired_token")
    assert "24-hour" in body["error_description"]


def test_an_approved_claim_is_delivered_even_after_a_slow_poll(client: TestClient) -> None:
    reg = register(client)
    started = start_claim(client, reg["claim_token"], EMAIL)
    submit_code(client, started["verification_uri"], EMAIL, started["user_code"])
    advance(client, 3600)
    delivered = poll(client, reg["claim_token"])
    assert delivered.status_code == 200, delivered.text
    body = delivered.json()
    assert body == {
        "access_token": body["access_token"],
        "token_type": "bearer",
        "scopes": list(POST_CLAIM_SCOPES),
    }
    me = client.get("/api/public/v1/auth/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["account"]["claimed"] is True
    # The pre-claim token stops working once the post-claim one is delivered.
    assert (
        client.get("/api/public/v1/auth/me", headers=bearer(reg["access_token"])).status_code == 401
    )


def test_invalid_grant_for_an_unknown_claim_token(client: TestClient) -> None:
    assert_oauth(poll(client, "ot_clm_unknown"), 400, "invalid_grant")


def test_invalid_grant_once_the_token_was_delivered(client: TestClient) -> None:
    reg = register(client)
    started = start_claim(client, reg["claim_token"], EMAIL)
    submit_code(client, started["verification_uri"], EMAIL, started["user_code"])
    assert poll(client, reg["claim_token"]).status_code == 200
    advance(client, 10)
    assert_oauth(poll(client, reg["claim_token"]), 400, "invalid_grant")


def test_unsupported_grant_type(client: TestClient) -> None:
    reg = register(client)
    response = poll(client, reg["claim_token"], grant_type="authorization_code")
    assert_oauth(response, 400, "unsupported_grant_type")


@pytest.mark.parametrize(
    "form",
    [
        pytest.param({"grant_type": "urn:opentrain:agent-auth:grant-type:claim"}, id="no-claim"),
        pytest.param({"claim_token": "ot_clm_x"}, id="no-grant-type"),
        pytest.param({}, id="empty"),
    ],
)
def test_token_invalid_request(client: TestClient, form: dict[str, str]) -> None:
    assert_oauth(client.post(TOKEN, data=form), 400, "invalid_request")


def test_token_accepts_only_readable_forms(client: TestClient) -> None:
    response = client.post(
        TOKEN,
        content=b"grant_type=a&grant_type=b&claim_token=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_oauth(response, 400, "invalid_request")


# --- revoke -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/agent/oauth/revoke", "/api/agent/identity/revoke"])
def test_revoke_stops_a_token_at_once_and_always_answers_200(client: TestClient, path: str) -> None:
    account = make_account(client)
    token = make_token(client, account["id"])
    assert client.get("/api/public/v1/auth/me", headers=bearer(token)).status_code == 200
    response = client.post(path, data={"token": token})
    assert response.status_code == 200
    assert response.json() == {}
    assert client.get("/api/public/v1/auth/me", headers=bearer(token)).status_code == 401
    assert client.post(path, data={"token": token}).json() == {}  # already revoked
    assert client.post(path, data={"token": "ot_pat_unknown"}).status_code == 200


@pytest.mark.parametrize("path", ["/api/agent/oauth/revoke", "/api/agent/identity/revoke"])
def test_revoke_without_a_token_is_invalid_request(client: TestClient, path: str) -> None:
    assert_oauth(client.post(path, data={}), 400, "invalid_request")


# --- the shape for errors that no service raised ------------------------------------


def test_wrong_method_and_unknown_path_use_the_oauth_shape(client: TestClient) -> None:
    wrong = assert_oauth(client.get(IDENTITY), 405, "invalid_request")
    assert wrong["error_description"]
    assert "POST" in client.get(IDENTITY).headers["allow"]
    assert_oauth(client.post("/api/agent/nothing-here"), 404, "not_found")
