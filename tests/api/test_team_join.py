"""The join page (`/team/join?token=...`, D41) over HTTP on both engines: the invitee signs in
with the invited email (D24; a user is created for a new address), then accepts with CSRF and
becomes a MEMBER; every other state of the page (unknown, expired, used, another address, a
trainer, another organization's member) and CSRF refusals."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from tests.api.team_helpers import (
    get_team,
    invite,
    invite_email,
    join,
    join_path,
    sign_in_on_join_page,
)
from tests.conftest import admin_headers, db_query
from tests.factories import make_account, make_token, make_trainer, outbox
from tests.pages import csrf_of, latest_code, sign_in

EMAIL = "sam@example.com"


def invited(client: TestClient, email: str = EMAIL) -> tuple[dict[str, Any], str, str]:
    account = make_account(client, name="Acme Research", ownerEmail="dana@example.com")
    token = make_token(client, account["id"])
    assert invite(client, token, email).status_code == 200
    return account, token, join_path(invite_email(client, email))


def token_in(path: str) -> str:
    return parse_qs(urlsplit(path).query)["token"][0]


def test_a_new_person_signs_in_and_joins(client: TestClient) -> None:
    account, token, path = invited(client)
    first = client.get(path)
    assert first.status_code == 200
    assert "Join Acme Research" in first.text
    assert "Step 1 of 2" in first.text
    assert first.headers["cache-control"] == "no-store"
    signed = sign_in_on_join_page(client, path, EMAIL)
    assert signed.status_code == 303
    assert signed.headers["location"] == path
    form = client.get(path)
    assert form.status_code == 200
    assert "Step 2 of 2" in form.text
    assert 'id="signed-in-as">sam@example.com' in form.text
    # Signing in alone changes no membership: the invite is still pending.
    assert len(get_team(client, token).json()["team"]["invites"]) == 1
    assert len(get_team(client, token).json()["team"]["members"]) == 1
    done = client.post("/team/join", data={"token": token_in(path), "csrf": csrf_of(form.text)})
    assert done.status_code == 200, done.text
    assert "Welcome to the team" in done.text
    team = get_team(client, token).json()["team"]
    assert team["invites"] == []
    assert [(m["role"], m["email"]) for m in team["members"]] == [
        ("OWNER", "dana@example.com"),
        ("MEMBER", EMAIL),
    ]
    assert db_query(
        client,
        "SELECT user_type, organization_id, member_role FROM users WHERE email = :e",
        e=EMAIL,
    ) == [("EMPLOYER", account["id"], "MEMBER")]
    # The link now shows the member their team; the accept form again changes nothing.
    assert "Welcome to the team" in client.get(path).text
    again = client.post("/team/join", data={"token": token_in(path), "csrf": csrf_of(form.text)})
    assert again.status_code == 200
    assert len(get_team(client, token).json()["team"]["members"]) == 2


def test_an_existing_employer_user_signs_in_through_the_sign_in_page(client: TestClient) -> None:
    """Someone who has a user already may use /signin with next= the join link."""
    _, token, path = invited(client, "lee@example.com")
    sign_in_on_join_page(client, path, "lee@example.com")  # creates the user, joins nothing
    client.cookies.clear()
    sign_in(client, "lee@example.com", path)
    form = client.get(path)
    assert "Step 2 of 2" in form.text
    done = client.post("/team/join", data={"token": token_in(path), "csrf": csrf_of(form.text)})
    assert done.status_code == 200
    assert len(get_team(client, token).json()["team"]["members"]) == 2


def test_accepting_needs_csrf_bound_to_the_session(client: TestClient) -> None:
    _, token, path = invited(client)
    anonymous = client.get(path)
    anonymous_csrf = csrf_of(anonymous.text)
    sign_in_on_join_page(client, path, EMAIL)
    form = client.get(path)
    session_csrf = csrf_of(form.text)
    # No token, someone else's token, and the pre-sign-in token: each refused, nothing changes.
    for data in (
        {"token": token_in(path)},
        {"token": token_in(path), "csrf": "forged"},
        {"token": token_in(path), "csrf": anonymous_csrf},
    ):
        refused = client.post("/team/join", data=data)
        assert refused.status_code == 403, refused.text
        assert "This form has expired" in refused.text
    assert len(get_team(client, token).json()["team"]["members"]) == 1
    # After signing out, the signed-in form's token is replayed in vain.
    client.post("/signout", data={"csrf": session_csrf})
    replay = client.post("/team/join", data={"token": token_in(path), "csrf": session_csrf})
    assert replay.status_code == 403
    assert len(get_team(client, token).json()["team"]["members"]) == 1


def test_accepting_without_signing_in_as_the_invitee_is_refused(client: TestClient) -> None:
    _, token, path = invited(client)
    page = client.get(path)
    refused = client.post("/team/join", data={"token": token_in(path), "csrf": csrf_of(page.text)})
    assert refused.status_code == 403
    assert "Step 1 of 2" in refused.text
    # Signed in as the owner (another address): still the sign-in step, never a join.
    sign_in(client, "dana@example.com", "/account")
    owner_page = client.get(path)
    assert "which is not the address this invitation was sent to" in owner_page.text
    refused = client.post(
        "/team/join", data={"token": token_in(path), "csrf": csrf_of(owner_page.text)}
    )
    assert refused.status_code == 403
    assert len(get_team(client, token).json()["team"]["members"]) == 1


def test_only_the_invited_address_gets_a_code(client: TestClient) -> None:
    _, _, path = invited(client)
    page = client.get(path)
    wrong = client.post(
        "/team/join/signin",
        data={"token": token_in(path), "email": "other@example.com", "csrf": csrf_of(page.text)},
    )
    assert wrong.status_code == 400
    assert "the email address this invitation was sent to" in wrong.text
    assert outbox(client, kind="sign_in_code") == []


def test_a_wrong_sign_in_code_is_refused(client: TestClient) -> None:
    _, _, path = invited(client)
    page = client.get(path)
    sent = client.post(
        "/team/join/signin",
        data={"token": token_in(path), "email": EMAIL, "csrf": csrf_of(page.text)},
    )
    code = latest_code(client, EMAIL)
    wrong = "000000" if code != "000000" else "111111"
    refused = client.post(
        "/team/join/code",
        data={"token": token_in(path), "email": EMAIL, "code": wrong, "csrf": csrf_of(sent.text)},
        follow_redirects=False,
    )
    assert refused.status_code == 400
    assert "not right" in refused.text
    assert "hh_session" not in refused.headers.get("set-cookie", "")
    assert db_query(client, "SELECT count(*) FROM users WHERE email = :e", e=EMAIL) == [(0,)]


def test_unknown_and_malformed_links(client: TestClient) -> None:
    for query in ("", "?token=", "?token=ot_tin_nope", "?token=x" * 3, "?token=" + "a" * 500):
        response = client.get(f"/team/join{query}")
        assert response.status_code == 404, query
        assert "Invitation not found" in response.text


def test_an_expired_invite_cannot_be_used(client: TestClient) -> None:
    _, _, path = invited(client)
    advance = {"advanceSeconds": 86400}
    client.post("/api/admin/v1/clock", json=advance, headers=admin_headers())
    sign_in_on_join_page(client, path, EMAIL)
    form = client.get(path)
    advance = {"advanceSeconds": 6 * 86400}
    client.post("/api/admin/v1/clock", json=advance, headers=admin_headers())
    expired = client.post("/team/join", data={"token": token_in(path), "csrf": csrf_of(form.text)})
    assert expired.status_code == 410
    assert "This invitation has expired" in expired.text


def test_a_trainer_cannot_join(client: TestClient) -> None:
    make_trainer(client, email="ana@example.com")
    _, token, path = invited(client, "ana@example.com")
    assert sign_in_on_join_page(client, path, "ana@example.com").status_code == 303
    refused = client.get(path)
    assert refused.status_code == 409
    assert "A trainer account cannot join a team" in refused.text
    posted = client.post(
        "/team/join", data={"token": token_in(path), "csrf": csrf_of(refused.text)}
    )
    assert posted.status_code == 409
    assert len(get_team(client, token).json()["team"]["members"]) == 1


def test_a_member_of_another_organization_cannot_join(client: TestClient) -> None:
    _, token, path = invited(client, "lee@example.com")
    sign_in_on_join_page(client, path, "lee@example.com")
    other = make_account(client, name="Beta")
    assert invite(client, make_token(client, other["id"]), "lee@example.com").json()["status"] == (
        "member_added"
    )
    refused = client.get(path)
    assert refused.status_code == 409
    assert "You are already in another team" in refused.text
    assert len(get_team(client, token).json()["team"]["members"]) == 1


def test_the_whole_join_helper(client: TestClient) -> None:
    _, token, path = invited(client, "kim@example.com")
    assert join(client, path, "kim@example.com").status_code == 200
    assert get_team(client, token).json()["team"]["members"][1]["email"] == "kim@example.com"
