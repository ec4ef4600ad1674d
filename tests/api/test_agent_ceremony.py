"""The whole ceremony over HTTP, as an agent and a human take it, and the claim page's
rules (wrong codes, restarts, expiry, a taken email), on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from hirehall.core.scopes import POST_CLAIM_SCOPES, PRE_CLAIM_SCOPES
from tests.agent_flow import (
    advance,
    assert_oauth,
    claim_email,
    claim_sign_in,
    page_path,
    poll,
    register,
    start_claim,
    submit_code,
)
from tests.conftest import bearer, db_query
from tests.factories import make_account, make_job, make_token, make_trainer, outbox
from tests.pages import csrf_of

EMAIL = "mira.chen@example.com"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_whole_ceremony_from_zero_to_a_hire(client: TestClient) -> None:
    reg = register(client, agent_name="Scout", organization_name="Acme Labs")
    assert reg["scopes"] == PRE_CLAIM_SCOPES
    old = bearer(reg["access_token"])

    me = client.get("/api/public/v1/auth/me", headers=old).json()
    assert me["account"]["claimed"] is False
    assert me["account"]["claimUrl"] == "http://hirehall.test/claim"
    assert me["actor"]["email"] is None

    job = make_job(client, me["account"]["organizationId"])
    trainer = make_trainer(client)
    invite_url = f"/api/public/v1/jobs/{job['id']}/invites"
    refused = client.post(invite_url, json={"freelancerId": trainer["id"]}, headers=old)
    assert refused.status_code == 403
    assert refused.json()["details"]["reason"] == "account_claim_required"

    started = start_claim(client, reg["claim_token"], EMAIL)
    assert_oauth(poll(client, reg["claim_token"]), 400, "authorization_pending")
    mail = claim_email(client, EMAIL)
    assert mail["data"]["userCode"] == started["user_code"]
    assert mail["data"]["verificationUri"] == started["verification_uri"]

    page = client.get(page_path(mail["data"]["verificationUri"]))
    assert page.status_code == 200
    assert "Scout" in page.text
    assert "Acme Labs" in page.text
    done = submit_code(client, mail["data"]["verificationUri"], EMAIL, mail["data"]["userCode"])
    assert done.status_code == 200
    assert "What happens next" in done.text

    advance(client, 5)
    delivered = poll(client, reg["claim_token"])
    assert delivered.status_code == 200, delivered.text
    body = delivered.json()
    assert body["token_type"] == "bearer"
    assert body["scopes"] == POST_CLAIM_SCOPES
    assert delivered.headers["cache-control"] == "no-store"
    assert_oauth(poll(client, reg["claim_token"]), 400, "invalid_grant")

    assert client.get("/api/public/v1/auth/me", headers=old).status_code == 401
    new = bearer(body["access_token"])
    me = client.get("/api/public/v1/auth/me", headers=new).json()
    assert me["account"]["claimed"] is True
    assert "claimUrl" not in me["account"]
    assert me["actor"]["email"] == EMAIL
    hired = client.post(invite_url, json={"freelancerId": trainer["id"]}, headers=new)
    assert hired.status_code == 201, hired.text


def test_delivery_revokes_every_other_token_of_the_account(client: TestClient) -> None:
    """D43: whoever minted them, including POST /tokens by the pre-claim token."""
    reg = register(client)
    old = bearer(reg["access_token"])
    minted = client.post("/api/public/v1/tokens", json={"name": "second"}, headers=old)
    assert minted.status_code == 201
    second = bearer(minted.json()["token"])
    org = client.get("/api/public/v1/auth/me", headers=old).json()["account"]["organizationId"]
    by_operator = bearer(make_token(client, org, name="operator"))
    started = start_claim(client, reg["claim_token"], EMAIL)
    submit_code(client, started["verification_uri"], EMAIL, started["user_code"])
    new = poll(client, reg["claim_token"]).json()["access_token"]
    for dead in (old, second, by_operator):
        response = client.get("/api/public/v1/auth/me", headers=dead)
        assert response.status_code == 401
        assert response.json()["error"] == "This API token is revoked."
    listed = client.get("/api/public/v1/tokens", headers=bearer(new)).json()["tokens"]
    by_name = {t["name"]: t["status"] for t in listed}
    assert by_name == {
        "Agent registration token": "revoked",
        "second": "revoked",
        "operator": "revoked",
        "Agent token (claimed)": "active",
    }


def test_claim_page_shows_agent_and_organization_and_asks_for_email_and_code(
    client: TestClient,
) -> None:
    reg = register(client, agent_name="Scout <script>", organization_name="Acme & Co")
    started = start_claim(client, reg["claim_token"], EMAIL)
    page = client.get(page_path(started["verification_uri"]))
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "Scout &lt;script&gt;" in page.text  # escaped
    assert "Acme &amp; Co" in page.text
    # Step 1 (D25): sign in with the claim's email; the agent's code comes after.
    assert '<label for="email">' in page.text
    assert '<label for="code">' not in page.text
    assert EMAIL not in page.text  # the link alone does not reveal the address
    signed = claim_sign_in(client, started["verification_uri"], EMAIL)
    assert signed.status_code == 303
    form = client.get(page_path(started["verification_uri"]))
    assert '<label for="code">' in form.text
    assert f"You are signed in as <strong>{EMAIL}</strong>" in form.text


def test_a_wrong_code_is_counted_and_the_fifth_kills_the_attempt(client: TestClient) -> None:
    reg = register(client, agent_name="Scout")
    started = start_claim(client, reg["claim_token"], EMAIL)
    uri, bad = started["verification_uri"], wrong(started["user_code"])
    for left in (4, 3, 2, 1):
        response = submit_code(client, uri, EMAIL, bad)
        assert response.status_code == 400
        assert "does not match" in response.text
        assert f"{left} {'try' if left == 1 else 'tries'} left" in response.text
    locked = submit_code(client, uri, EMAIL, bad)
    assert locked.status_code == 410
    assert "Too many wrong codes" in locked.text
    # Dead for good: even the right code no longer works, and the agent is told.
    assert submit_code(client, uri, EMAIL, started["user_code"]).status_code == 410
    assert_oauth(poll(client, reg["claim_token"]), 400, "expired_token")
    assert db_query(client, "SELECT claimed FROM organizations")[0][0] in (False, 0)


def test_signing_in_with_another_email_is_refused_and_mails_nothing(client: TestClient) -> None:
    reg = register(client)
    started = start_claim(client, reg["claim_token"], EMAIL)
    response = submit_code(
        client, started["verification_uri"], "someone@else.example", started["user_code"]
    )
    assert response.status_code == 400
    assert "Sign in with the email address your agent gave for this claim." in response.text
    assert outbox(client, kind="sign_in_code") == []
    assert db_query(client, "SELECT wrong_codes FROM claim_attempts")[0][0] == 0


def test_a_malformed_code_is_not_counted(client: TestClient) -> None:
    reg = register(client)
    started = start_claim(client, reg["claim_token"], EMAIL)
    response = submit_code(client, started["verification_uri"], EMAIL, "12ab")
    assert response.status_code == 400
    assert "6-digit code" in response.text
    assert db_query(client, "SELECT wrong_codes FROM claim_attempts")[0][0] == 0


def test_codes_with_spaces_and_an_email_in_capitals_are_accepted(client: TestClient) -> None:
    reg = register(client)
    started = start_claim(client, reg["claim_token"], EMAIL)
    code = started["user_code"]
    spaced = f"{code[:3]} {code[3:]}"
    response = submit_code(client, started["verification_uri"], EMAIL.upper(), spaced)
    assert response.status_code == 200
    assert "Done: you own" in response.text
    approved = db_query(client, "SELECT count(*) FROM agent_claims WHERE approved_at IS NOT NULL")
    assert approved == [(1,)]
    owner = db_query(client, "SELECT email FROM users WHERE email IS NOT NULL")
    assert owner == [(EMAIL,)]  # stored as the human typed it, in lower case
    assert poll(client, reg["claim_token"]).status_code == 200


def test_restarting_the_claim_sends_a_new_code_and_kills_the_old_link(client: TestClient) -> None:
    reg = register(client)
    first = start_claim(client, reg["claim_token"], EMAIL)
    second = start_claim(client, reg["claim_token"], EMAIL)
    assert first["verification_uri"] != second["verification_uri"]
    assert len(outbox(client, to=EMAIL, kind="claim_code")) == 2
    old = client.get(page_path(first["verification_uri"]))
    assert old.status_code == 410
    assert "A newer code was sent" in old.text
    stale = submit_code(client, first["verification_uri"], EMAIL, first["user_code"])
    assert stale.status_code == 410
    assert (
        submit_code(client, second["verification_uri"], EMAIL, second["user_code"]).status_code
        == 200
    )


def test_an_attempt_expires_after_1800_seconds_on_the_server_clock(
    frozen_client: TestClient,
) -> None:
    client = frozen_client  # no wall-clock time passes between the steps
    reg = register(client)
    started = start_claim(client, reg["claim_token"], EMAIL)
    assert started["expires_in"] == 1800
    advance(client, 1799)
    assert client.get(page_path(started["verification_uri"])).status_code == 200
    advance(client, 1)
    page = client.get(page_path(started["verification_uri"]))
    assert page.status_code == 410
    assert "expired" in page.text
    late = submit_code(client, started["verification_uri"], EMAIL, started["user_code"])
    assert late.status_code == 410
    assert_oauth(poll(client, reg["claim_token"]), 400, "expired_token")
    # Inside the 24 h window the agent may start again.
    again = start_claim(client, reg["claim_token"], EMAIL)
    assert client.get(page_path(again["verification_uri"])).status_code == 200


def test_a_used_link_says_the_account_is_claimed(client: TestClient) -> None:
    reg = register(client)
    started = start_claim(client, reg["claim_token"], EMAIL)
    submit_code(client, started["verification_uri"], EMAIL, started["user_code"])
    page = client.get(page_path(started["verification_uri"]))
    assert page.status_code == 410
    assert "already claimed" in page.text
    refused = client.post(
        "/api/agent/identity/claim", json={"claim_token": reg["claim_token"], "email": EMAIL}
    )
    assert_oauth(refused, 400, "invalid_request")


def test_an_email_taken_between_start_and_confirm_is_refused(client: TestClient) -> None:
    first, second = register(client), register(client)
    a = start_claim(client, first["claim_token"], EMAIL)
    b = start_claim(client, second["claim_token"], EMAIL)
    assert submit_code(client, a["verification_uri"], EMAIL, a["user_code"]).status_code == 200
    taken = submit_code(client, b["verification_uri"], EMAIL, b["user_code"])
    assert taken.status_code == 409
    assert "already has an account" in taken.text
    claimed = db_query(client, "SELECT count(*) FROM organizations WHERE claimed = :t", t=True)
    assert claimed[0][0] == 1


def test_unknown_and_missing_tokens_on_the_claim_page(client: TestClient) -> None:
    info = client.get("/claim")
    assert info.status_code == 200
    assert "Claim an agent" in info.text
    assert client.get("/claim?token=ot_cat_nope").status_code == 404
    # Without the form's CSRF token: refused before anything else.
    refused = client.post("/claim", data={"email": EMAIL, "code": "123456"})
    assert refused.status_code == 403
    assert "This form has expired" in refused.text
    csrf = csrf_of(client.get("/signin").text)
    unknown = client.post("/claim", data={"token": "ot_cat_nope", "code": "1", "csrf": csrf})
    assert unknown.status_code == 404
    make_account(client)  # an operator-made account has no claim and changes nothing here
    assert client.get("/claim?token=nonsense").status_code == 404
