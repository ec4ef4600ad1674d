"""The team join page in a real headless browser against a running `hirehall serve`: the agent
invites, the invitee opens the emailed link, signs in with the invited address (the code read
from the outbox), accepts, and is a MEMBER; a screenshot and the axe-core check of every
step; a replayed accept form (CSRF of a signed-out session) is refused."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.helpers import ADMIN, assert_accessible, latest_sign_in_code, local, shot

EMAIL = "sam.teammate@example.com"
API = "/api/public/v1"


def agent(http: httpx.Client) -> dict[str, str]:
    account = http.post(
        "/api/admin/v1/accounts",
        json={"name": "Acme Research", "ownerName": "Dana Owner", "ownerEmail": "dana@example.com"},
        headers=ADMIN,
    ).json()["account"]
    token = http.post(f"/api/admin/v1/accounts/{account['id']}/tokens", json={}, headers=ADMIN)
    return {"Authorization": f"Bearer {token.json()['token']}"}


def join_link(http: httpx.Client) -> str:
    messages = http.get(
        "/api/admin/v1/outbox", params={"kind": "team_invite", "to": EMAIL}, headers=ADMIN
    ).json()["messages"]
    return local(http, messages[0]["data"]["joinUrl"])


def test_the_invitee_joins_in_the_browser(server: httpx.Client, page: Any) -> None:
    headers = agent(server)
    sent = server.post(f"{API}/team/invites", json={"email": EMAIL}, headers=headers)
    assert sent.json()["status"] == "invite_created"
    link = join_link(server)
    page.goto(link)
    assert page.get_by_role("heading", name="Join Acme Research on hirehall").is_visible()
    assert page.evaluate("document.activeElement.id") == "email"
    shot(page, "team-join-signin")
    assert_accessible(page)
    page.get_by_label("Your email").fill(EMAIL)
    page.get_by_role("button", name="Email me a sign-in code").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    shot(page, "team-join-code")
    assert_accessible(page)
    page.get_by_label("6-digit sign-in code").fill(latest_sign_in_code(server, EMAIL))
    page.get_by_role("button", name="Sign in").click()
    assert page.locator("#signed-in-as").inner_text() == EMAIL
    assert page.get_by_role("heading", name="Step 2 of 2: accept the invitation").is_visible()
    shot(page, "team-join-accept")
    assert_accessible(page)
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    page.get_by_role("button", name="Join Acme Research").click()
    assert page.get_by_role("heading", name="Welcome to the team").is_visible()
    shot(page, "team-join-done")
    assert_accessible(page)
    team = server.get(f"{API}/team", headers=headers).json()["team"]
    assert [(m["role"], m["email"]) for m in team["members"]] == [
        ("OWNER", "dana@example.com"),
        ("MEMBER", EMAIL),
    ]
    assert team["invites"] == []
    # Sign out, then replay the accept form with the signed-out session's CSRF token.
    page.get_by_role("button", name="Sign out").click()
    token = link.split("token=", 1)[1]
    replay = page.request.post(
        local(server, "/team/join"), form={"token": token, "csrf": csrf or ""}
    )
    assert replay.status == 403
    assert "This form has expired" in replay.text()


def test_the_expired_and_unknown_pages(server: httpx.Client, page: Any) -> None:
    headers = agent(server)
    server.post(f"{API}/team/invites", json={"email": EMAIL}, headers=headers)
    link = join_link(server)
    page.goto(local(server, "/team/join?token=ot_tin_unknown"))
    assert page.get_by_role("heading", name="Invitation not found").is_visible()
    shot(page, "team-join-unknown")
    assert_accessible(page)
    server.post("/api/admin/v1/clock", json={"advanceSeconds": 7 * 86400}, headers=ADMIN)
    response = page.goto(link)
    assert response is not None
    assert response.status == 410
    assert page.get_by_role("heading", name="This invitation has expired").is_visible()
    shot(page, "team-join-expired")
    assert_accessible(page)
