"""D25: a claim proves the mailbox. An agent holding everything the API gave it (user_code,
verification_uri, the claim email) tries every door of the claim page over HTTP, as an
attacker would, and never completes the claim."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.agent_flow import (
    advance,
    assert_oauth,
    claim_sign_in,
    page_path,
    page_token,
    poll,
    register,
    start_claim,
    submit_code,
)
from tests.conftest import db_query
from tests.factories import make_trainer, outbox
from tests.pages import csrf_of, sign_in

VICTIM = "victim@example.com"


def _nothing_claimed(client: TestClient, claim_token: str) -> None:
    advance(client, 5)
    assert_oauth(poll(client, claim_token), 400, "authorization_pending")
    assert db_query(client, "SELECT claimed FROM organizations")[0][0] in (False, 0)
    assert db_query(client, "SELECT email FROM users") == [(None,)]
    assert db_query(client, "SELECT count(*) FROM human_sessions") == [(0,)]


def test_an_agent_with_only_what_the_api_returned_cannot_claim(client: TestClient) -> None:
    reg = register(client, agent_name="Mallory")
    started = start_claim(client, reg["claim_token"], VICTIM)
    code, uri = started["user_code"], started["verification_uri"]
    token = page_token(uri)

    # 1. The old form: email + user code, no CSRF token, no session.
    old = client.post("/claim", data={"token": token, "email": VICTIM, "code": code})
    assert old.status_code == 403
    assert "This form has expired" in old.text

    # 2. The same with a valid anonymous CSRF token (the agent can load the page).
    page = client.get(page_path(uri))
    csrf = csrf_of(page.text)
    anonymous = client.post("/claim", data={"token": token, "code": code, "csrf": csrf})
    assert anonymous.status_code == 403
    assert "Step 1 of 2: sign in with your email" in anonymous.text
    assert db_query(client, "SELECT wrong_codes FROM claim_attempts") == [(0,)]

    # 3. Sign in as the victim: the code goes to the victim's mailbox, not to the agent.
    sent = client.post("/claim/signin", data={"token": token, "email": VICTIM, "csrf": csrf})
    assert sent.status_code == 200
    assert code not in sent.text
    [mail] = outbox(client, kind="sign_in_code", to=VICTIM)
    assert mail["data"]["code"] not in sent.text
    # The agent's own user_code is not the sign-in code (the two are drawn apart) ...
    guesses = [code] + [f"{n:06d}" for n in range(4)]
    guesses = [g for g in guesses if g != mail["data"]["code"]][:5]
    for guess in guesses:
        tried = client.post(
            "/claim/code",
            data={"token": token, "email": VICTIM, "code": guess, "csrf": csrf},
            follow_redirects=False,
        )
        assert tried.status_code == 400
        assert "hh_session" not in tried.headers.get("set-cookie", "")
    # ... and 5 wrong guesses spend the sign-in code: the right one no longer works either.
    assert db_query(client, "SELECT status FROM sign_in_codes") == [("FAILED",)]
    late = client.post(
        "/claim/code",
        data={"token": token, "email": VICTIM, "code": mail["data"]["code"], "csrf": csrf},
        follow_redirects=False,
    )
    assert late.status_code == 400

    # 4. The generic sign-in: the victim has no account, so no code and no user.
    form = client.get("/signin")
    client.post("/signin", data={"email": VICTIM, "csrf": csrf_of(form.text)})
    assert len(outbox(client, kind="sign_in_code", to=VICTIM)) == 1

    # 5. A forged session cookie is nobody.
    client.cookies.set("hh_session", code)
    forged = client.post("/claim", data={"token": token, "code": code, "csrf": csrf})
    assert forged.status_code in (403, 400)
    client.cookies.delete("hh_session")

    _nothing_claimed(client, reg["claim_token"])


def test_someone_signed_in_with_another_email_cannot_claim(client: TestClient) -> None:
    make_trainer(client, email="mallory@example.com")
    reg = register(client)
    started = start_claim(client, reg["claim_token"], VICTIM)
    sign_in(client, "mallory@example.com")
    page = client.get(page_path(started["verification_uri"]))
    assert "which is not the email of this claim" in page.text
    answer = client.post(
        "/claim",
        data={
            "token": page_token(started["verification_uri"]),
            "code": started["user_code"],
            "csrf": csrf_of(page.text),
        },
    )
    assert answer.status_code == 403
    advance(client, 5)
    assert_oauth(poll(client, reg["claim_token"]), 400, "authorization_pending")


def test_the_claimant_is_created_at_sign_in_and_can_come_back(client: TestClient) -> None:
    reg = register(client)
    started = start_claim(client, reg["claim_token"], VICTIM)
    # The human signs in but does not type the agent's code yet.
    assert claim_sign_in(client, started["verification_uri"], VICTIM).status_code == 303
    assert db_query(client, "SELECT email, user_type FROM users") == [(VICTIM, "EMPLOYER")]
    # The agent restarts the claim with the same email: allowed, it is the same owner.
    again = start_claim(client, reg["claim_token"], VICTIM)
    done = submit_code(client, again["verification_uri"], VICTIM, again["user_code"])
    assert done.status_code == 200
    assert "The account is yours" in done.text


def test_a_restart_with_another_email_signs_the_first_claimant_out(client: TestClient) -> None:
    reg = register(client)
    first = start_claim(client, reg["claim_token"], VICTIM)
    assert claim_sign_in(client, first["verification_uri"], VICTIM).status_code == 303
    second = start_claim(client, reg["claim_token"], "other@example.com")
    client.cookies.clear()
    assert claim_sign_in(client, second["verification_uri"], "other@example.com").status_code == 303
    assert db_query(client, "SELECT email FROM users") == [("other@example.com",)]
    assert db_query(client, "SELECT count(*) FROM human_sessions") == [(1,)]
