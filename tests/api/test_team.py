"""Team (contract 2.14, decision D41) through the real app on both engines: every status of
`POST /team/invites` and every error of 2.14 with its body, the gates in the order of D4,
the invite email and its keyed-hash token, refresh and expiry on the operator clock, and
members' tokens (operator `userId`, `auth/me` `memberRole`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.core.hashing import keyed_hash
from hirehall.core.timefmt import iso, parse_iso
from tests.api.team_helpers import (
    API,
    get_team,
    invite,
    invite_email,
    join,
    join_path,
    sign_in_on_join_page,
    token_of,
)
from tests.conftest import admin_headers, bearer, db_query
from tests.factories import make_account, make_job, make_token, make_trainer, outbox

A = "/api/admin/v1"


def owner_account(client: TestClient, **overrides: Any) -> tuple[dict[str, Any], str]:
    account = make_account(
        client,
        name="Acme Research",
        ownerName="Dana Owner",
        ownerEmail="dana@example.com",
        **overrides,
    )
    return account, make_token(client, account["id"])


def advance(client: TestClient, seconds: int) -> None:
    moved = client.post(f"{A}/clock", json={"advanceSeconds": seconds}, headers=admin_headers())
    assert moved.status_code == 200, moved.text


def error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["error"], str)
    assert body["error"]
    assert response.headers["x-request-id"] == body["requestId"]
    return dict(body.get("details") or {})


def test_get_team_of_a_new_account(frozen_client: TestClient) -> None:
    account, token = owner_account(frozen_client)
    response = get_team(frozen_client, token)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "team": {
            "organization": {
                "id": account["id"],
                "name": "Acme Research",
                "ownerUserId": account["ownerUserId"],
                "ownerName": "Dana Owner",
            },
            "members": [
                {
                    "userId": account["ownerUserId"],
                    "role": "OWNER",
                    "name": "Dana Owner",
                    "email": "dana@example.com",
                    "joinedAt": account["createdAt"],
                }
            ],
            "invites": [],
        }
    }


def test_invite_created_sends_the_join_link_and_stores_only_a_hash(
    frozen_client: TestClient,
) -> None:
    client = frozen_client
    account, token = owner_account(client)
    response = invite(client, token, "  NewHire@Example.com ")
    assert response.status_code == 200, response.text
    body = response.json()
    now = client.get(f"{A}/clock", headers=admin_headers()).json()["now"]
    expires = iso(parse_iso(now) + timedelta(days=7))
    pending = body["team"]["invites"]
    assert len(pending) == 1
    assert body == {
        "ok": True,
        "status": "invite_created",
        "email": "newhire@example.com",
        "team": {**get_team(client, token).json()["team"]},
    }
    assert pending[0] == {
        "id": pending[0]["id"],
        "email": "newhire@example.com",
        "createdAt": now,
        "expiresAt": expires,
    }
    assert [m["role"] for m in body["team"]["members"]] == ["OWNER"]
    message = invite_email(client, "newhire@example.com")
    link = message["data"]["joinUrl"]
    assert link.startswith("http://hirehall.test/team/join?token=ot_tin_")
    assert link in message["body"]
    assert message["data"] == {
        "inviteId": pending[0]["id"],
        "organizationId": account["id"],
        "organizationName": "Acme Research",
        "joinUrl": link,
        "expiresAt": expires,
    }
    assert "Dana Owner" in message["subject"]
    assert "Acme Research" in message["subject"]
    secret = token_of(message)
    stored = db_query(client, "SELECT token_hash FROM team_invites")
    assert stored == [(keyed_hash(b"test-secret-key", secret),)]
    assert secret not in str(db_query(client, "SELECT * FROM team_invites"))


def test_inviting_a_pending_email_again_refreshes_the_invite(frozen_client: TestClient) -> None:
    client = frozen_client
    _, token = owner_account(client)
    first = invite(client, token, "sam@example.com").json()["team"]["invites"][0]
    old = invite_email(client, "sam@example.com")
    advance(client, 3 * 86400)
    again = invite(client, token, "sam@example.com")
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "invite_created"
    refreshed = again.json()["team"]["invites"]
    assert len(refreshed) == 1
    assert refreshed[0]["id"] == first["id"]
    assert parse_iso(refreshed[0]["expiresAt"]) == parse_iso(first["expiresAt"]) + timedelta(days=3)
    assert parse_iso(refreshed[0]["createdAt"]) == parse_iso(first["createdAt"]) + timedelta(days=3)
    new = invite_email(client, "sam@example.com")
    assert len(outbox(client, kind="team_invite", to="sam@example.com")) == 2
    assert token_of(new) != token_of(old)
    # The old link no longer opens the invitation; the new one does.
    assert client.get(join_path(old)).status_code == 404
    assert client.get(join_path(new)).status_code == 200
    assert db_query(client, "SELECT count(*) FROM team_invites") == [(1,)]


def test_already_member(client: TestClient) -> None:
    _account, token = owner_account(client)
    before = get_team(client, token).json()["team"]
    response = invite(client, token, "DANA@example.com")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "ok": True,
        "status": "already_member",
        "email": "dana@example.com",
        "team": before,
    }
    assert outbox(client, kind="team_invite") == []


def test_member_added_for_an_employer_user_of_no_organization(client: TestClient) -> None:
    """An employer user of no organization: someone who signed in on another team's join page
    and has not accepted yet. Another organization's invite adds them at once."""
    _, other_token = owner_account(client)
    invite(client, other_token, "lee@example.com")
    signed = sign_in_on_join_page(
        client, join_path(invite_email(client, "lee@example.com")), "lee@example.com"
    )
    assert signed.status_code == 303
    client.cookies.clear()
    account = make_account(client, name="Beta Labs", ownerEmail="bo@example.com")
    token = make_token(client, account["id"])
    response = invite(client, token, "lee@example.com")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "member_added"
    assert body["email"] == "lee@example.com"
    lee = body["team"]["members"][1]
    assert lee == {
        "userId": lee["userId"],
        "role": "MEMBER",
        "name": "lee",
        "email": "lee@example.com",
        "joinedAt": lee["joinedAt"],
    }
    assert body["team"]["invites"] == []
    assert len(outbox(client, kind="team_invite", to="lee@example.com")) == 1
    # Now a member of Beta Labs: the first team's invite answers 409.
    conflict = invite(client, other_token, "lee@example.com")
    details = error(conflict, 409, "CONFLICT")
    assert details == {"reason": "user_in_other_organization", "email": "lee@example.com"}
    # And inviting them again to Beta Labs changes nothing.
    assert invite(client, token, "lee@example.com").json()["status"] == "already_member"


def test_user_in_other_organization(client: TestClient) -> None:
    _, token = owner_account(client)
    make_account(client, name="Other", ownerEmail="someone@other.example")
    response = invite(client, token, "someone@other.example")
    details = error(response, 409, "CONFLICT")
    assert details == {"reason": "user_in_other_organization", "email": "someone@other.example"}
    assert get_team(client, token).json()["team"]["invites"] == []


def test_a_trainers_email_is_invited_like_any_unknown_address(client: TestClient) -> None:
    """Nothing in the answer tells that a trainer uses the address (D14, D27)."""
    _, token = owner_account(client)
    make_trainer(client, email="trainer@example.com")
    response = invite(client, token, "trainer@example.com")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "invite_created"


@pytest.mark.parametrize(
    ("path", "method", "scope"),
    [("/team", "GET", "team:read"), ("/team/invites", "POST", "team:write")],
)
def test_missing_scope(client: TestClient, path: str, method: str, scope: str) -> None:
    account = make_account(client)
    token = make_token(client, account["id"], scopes=["jobs:read"])
    response = client.request(
        method, f"{API}{path}", json={"email": "x@example.com"}, headers=bearer(token)
    )
    details = error(response, 403, "FORBIDDEN")
    assert details == {"requiredScopes": [scope], "grantedScopes": ["jobs:read"]}


def test_team_write_implies_team_read(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"], scopes=["team:write"])
    assert get_team(client, token).status_code == 200


@pytest.mark.parametrize(("path", "method"), [("/team", "GET"), ("/team/invites", "POST")])
def test_feature_disabled(client: TestClient, path: str, method: str) -> None:
    account = make_account(client, features=["public_api_hiring"])
    token = make_token(client, account["id"])
    response = client.request(
        method, f"{API}{path}", json={"email": "x@example.com"}, headers=bearer(token)
    )
    details = error(response, 403, "FORBIDDEN")
    assert details == {"featureKey": "public_api_team", "mode": details["mode"]}


@pytest.mark.parametrize(("path", "method"), [("/team", "GET"), ("/team/invites", "POST")])
def test_teams_not_enabled(client: TestClient, path: str, method: str) -> None:
    account, token = owner_account(client, teamsEnabled=False)
    assert account["teamsEnabled"] is False
    response = client.request(
        method, f"{API}{path}", json={"email": "x@example.com"}, headers=bearer(token)
    )
    assert error(response, 403, "FORBIDDEN") == {"reason": "teams_not_enabled"}
    # The operator turns teams on again: the same call works.
    patched = client.patch(
        f"{A}/accounts/{account['id']}", json={"teamsEnabled": True}, headers=admin_headers()
    )
    assert patched.status_code == 200
    assert patched.json()["account"]["teamsEnabled"] is True
    again = client.request(
        method, f"{API}{path}", json={"email": "x@example.com"}, headers=bearer(token)
    )
    assert again.status_code == 200, again.text


def test_invite_needs_a_claimed_account_but_reading_does_not(client: TestClient) -> None:
    account = make_account(client, claimed=False)
    token = make_token(client, account["id"])
    assert get_team(client, token).status_code == 200
    details = error(invite(client, token, "x@example.com"), 403, "FORBIDDEN")
    assert details == {
        "reason": "account_claim_required",
        "claimUrl": "http://hirehall.test/claim",
        "action": "invite teammates",
    }


@pytest.mark.parametrize(
    "body",
    [{}, {"email": "not-an-email"}, {"email": ""}, {"email": 42}, {"email": "a@b"}, [], "x"],
)
def test_invalid_bodies(client: TestClient, body: Any) -> None:
    _, token = owner_account(client)
    response = client.post(f"{API}/team/invites", json=body, headers=bearer(token))
    details = error(response, 400, "BAD_REQUEST")
    assert details["issues"]
    assert all("path" in issue for issue in details["issues"])


def test_invalid_json(client: TestClient) -> None:
    _, token = owner_account(client)
    response = client.post(
        f"{API}/team/invites",
        content=b"{nope",
        headers={**bearer(token), "Content-Type": "application/json"},
    )
    assert error(response, 400, "BAD_REQUEST")["issues"][0]["path"] == []


def test_unauthenticated(client: TestClient) -> None:
    assert error(client.get(f"{API}/team"), 401, "UNAUTHORIZED") == {}
    bad = client.post(
        f"{API}/team/invites", json={"email": "x@example.com"}, headers=bearer("ot_pat_nope")
    )
    error(bad, 401, "UNAUTHORIZED")


def test_gates_in_the_order_of_d4(client: TestClient) -> None:
    """scope → feature flag → claim → teams_not_enabled → body validation."""
    off = make_account(client, claimed=False, teamsEnabled=False, features=["public_api_hiring"])
    bad: dict[str, Any] = {"email": "nope"}

    def post(token: str) -> Any:
        return client.post(f"{API}/team/invites", json=bad, headers=bearer(token))

    narrow = make_token(client, off["id"], scopes=["jobs:read"])
    assert "requiredScopes" in error(post(narrow), 403, "FORBIDDEN")
    every = make_token(client, off["id"])
    assert error(post(every), 403, "FORBIDDEN")["featureKey"] == "public_api_team"
    client.patch(
        f"{A}/accounts/{off['id']}", json={"features": ["public_api_team"]}, headers=admin_headers()
    )
    assert error(post(every), 403, "FORBIDDEN")["reason"] == "account_claim_required"
    client.patch(f"{A}/accounts/{off['id']}", json={"claimed": True}, headers=admin_headers())
    assert error(post(every), 403, "FORBIDDEN") == {"reason": "teams_not_enabled"}
    client.patch(f"{A}/accounts/{off['id']}", json={"teamsEnabled": True}, headers=admin_headers())
    assert "issues" in error(post(every), 400, "BAD_REQUEST")


def test_expired_invites_leave_the_team_and_the_join_page(frozen_client: TestClient) -> None:
    client = frozen_client
    _, token = owner_account(client)
    invite(client, token, "late@example.com")
    message = invite_email(client, "late@example.com")
    advance(client, 7 * 86400 - 1)
    assert len(get_team(client, token).json()["team"]["invites"]) == 1
    advance(client, 1)
    assert get_team(client, token).json()["team"]["invites"] == []
    closed = client.get(join_path(message))
    assert closed.status_code == 410
    assert "expired" in closed.text
    # Inviting again revives it with a new link.
    assert invite(client, token, "late@example.com").json()["status"] == "invite_created"
    assert len(get_team(client, token).json()["team"]["invites"]) == 1


def test_expire_due_marks_due_invites_for_the_worker(frozen_client: TestClient) -> None:
    from hirehall.team.service import expire_due

    client = frozen_client
    _, token = owner_account(client)
    for name in ("a", "b", "c"):
        invite(client, token, f"{name}@example.com")
    runtime = client.app.state.runtime  # type: ignore[attr-defined]

    async def run(limit: int) -> int:
        async with runtime.uow(write=True) as uow:
            return await expire_due(uow, limit)

    assert client.portal is not None
    assert client.portal.call(run, 10) == 0
    advance(client, 7 * 86400)
    assert client.portal.call(run, 2) == 2
    assert client.portal.call(run, 10) == 1
    assert client.portal.call(run, 10) == 0
    statuses = db_query(client, "SELECT status FROM team_invites")
    assert sorted(s for (s,) in statuses) == ["EXPIRED"] * 3


def test_a_members_token_acts_for_the_organization(client: TestClient) -> None:
    account, owner_token = owner_account(client)
    job = make_job(client, account["id"], title="Label cats")
    invite(client, owner_token, "sam@example.com")
    joined = join(client, join_path(invite_email(client, "sam@example.com")), "sam@example.com")
    assert joined.status_code == 200, joined.text
    members = get_team(client, owner_token).json()["team"]["members"]
    sam = members[1]
    assert (sam["role"], sam["email"]) == ("MEMBER", "sam@example.com")
    minted = client.post(
        f"{A}/accounts/{account['id']}/tokens",
        json={"userId": sam["userId"], "name": "Sam's agent"},
        headers=admin_headers(),
    )
    assert minted.status_code == 201, minted.text
    assert minted.json()["metadata"]["organizationId"] == account["id"]
    token = minted.json()["token"]
    me = client.get(f"{API}/auth/me", headers=bearer(token)).json()
    assert me["actor"]["userId"] == sam["userId"]
    assert me["actor"]["email"] == "sam@example.com"
    assert me["account"]["organizationId"] == account["id"]
    assert me["account"]["ownerUserId"] == account["ownerUserId"]
    assert me["account"]["memberRole"] == "MEMBER"
    assert me["token"]["ownerOrganizationId"] == account["id"]
    owner_me = client.get(f"{API}/auth/me", headers=bearer(owner_token)).json()
    assert owner_me["account"]["memberRole"] == "OWNER"
    # The member's token sees and changes the organization's things.
    mine = client.get(f"{API}/jobs/mine", headers=bearer(token)).json()
    assert [j["id"] for j in mine["jobs"]] == [job["id"]]
    assert get_team(client, token).json() == get_team(client, owner_token).json()
    assert invite(client, token, "kim@example.com").json()["status"] == "invite_created"
    # Credits are the organization's: the member's token reads the owner's balance.
    given = client.post(
        f"{A}/accounts/{account['id']}/credits",
        json={"amountCents": 12345, "note": "welcome"},
        headers=admin_headers(),
    )
    assert given.status_code == 201, given.text
    credits = client.get(f"{API}/credits", headers=bearer(token))
    assert credits.status_code == 200, credits.text
    assert credits.json() == client.get(f"{API}/credits", headers=bearer(owner_token)).json()
    assert credits.json()["credits"]["availableCents"] == 12345


def test_operator_token_user_must_be_a_member(client: TestClient) -> None:
    account, _ = owner_account(client)
    other = make_account(client)
    trainer = make_trainer(client)
    for user_id in (other["ownerUserId"], trainer["id"], "nobody"):
        response = client.post(
            f"{A}/accounts/{account['id']}/tokens",
            json={"userId": user_id},
            headers=admin_headers(),
        )
        details = error(response, 400, "BAD_REQUEST")
        assert details == {"field": "userId", "reason": "not_a_member", "accountId": account["id"]}
    default = client.post(f"{A}/accounts/{account['id']}/tokens", json={}, headers=admin_headers())
    me = client.get(f"{API}/auth/me", headers=bearer(default.json()["token"])).json()
    assert me["actor"]["userId"] == account["ownerUserId"]


def test_teams_enabled_on_the_operators_account(client: TestClient) -> None:
    created = client.post(f"{A}/accounts", json={"name": "T"}, headers=admin_headers())
    assert created.json()["account"]["teamsEnabled"] is True
    account_id = created.json()["account"]["id"]
    off = client.patch(
        f"{A}/accounts/{account_id}", json={"teamsEnabled": False}, headers=admin_headers()
    )
    assert off.json()["account"]["teamsEnabled"] is False
    read = client.get(f"{A}/accounts/{account_id}", headers=admin_headers())
    assert read.json()["account"]["teamsEnabled"] is False
    bad = client.patch(
        f"{A}/accounts/{account_id}", json={"teamsEnabled": "maybe"}, headers=admin_headers()
    )
    assert bad.status_code == 400
