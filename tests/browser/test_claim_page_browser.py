"""The claim page in a real headless browser (Debian's Chromium driven by Playwright) against
a running `hirehall serve`: sign in with the claim's email (D25), then the agent's code;
wrong codes, lockout and expiry; a screenshot of each state under test-output/screenshots/
and the axe-core check on each."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.helpers import ADMIN, assert_accessible, latest_sign_in_code, local, shot

EMAIL = "mira.chen@example.com"


def start(http: httpx.Client) -> tuple[dict[str, Any], str]:
    """The agent registers and starts the claim; returns the registration and the page URL."""
    reg = http.post(
        "/api/agent/identity", json={"agent_name": "Scout", "organization_name": "Acme Labs"}
    ).json()
    started = http.post(
        "/api/agent/identity/claim", json={"claim_token": reg["claim_token"], "email": EMAIL}
    ).json()
    return {**reg, **started}, local(http, started["verification_uri"])


def sign_in(page: Any, http: httpx.Client, email: str = EMAIL) -> None:
    page.get_by_label("Your email").fill(email)
    page.get_by_role("button", name="Email me a sign-in code").click()
    page.get_by_label("6-digit sign-in code").fill(latest_sign_in_code(http, email))
    page.get_by_role("button", name="Sign in").click()


def enter_agent_code(page: Any, code: str) -> None:
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name="Claim this account").click()


def test_happy_path(server: httpx.Client, page: Any) -> None:
    claim, url = start(server)
    page.goto(url)
    assert page.locator("#agent-name").inner_text() == "Scout"
    assert page.locator("#organization-name").inner_text() == "Acme Labs"
    # The email field has focus on arrival, and focus is visible.
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    shot(page, "claim-signin")
    assert_accessible(page)
    page.get_by_label("Your email").fill(EMAIL)
    page.get_by_role("button", name="Email me a sign-in code").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    shot(page, "claim-signin-code")
    assert_accessible(page)
    page.get_by_label("6-digit sign-in code").fill(latest_sign_in_code(server, EMAIL))
    page.get_by_role("button", name="Sign in").click()
    assert page.locator("#signed-in-as").inner_text() == EMAIL
    shot(page, "claim-form")
    assert_accessible(page)
    enter_agent_code(page, claim["user_code"])
    assert page.get_by_role("heading", name="The account is yours").is_visible()
    assert "What happens next" in page.content()
    shot(page, "claim-done")
    assert_accessible(page)
    token = server.post(
        "/api/agent/oauth/token",
        data={"grant_type": claim["grant_type"], "claim_token": claim["claim_token"]},
    )
    assert token.status_code == 200


def test_wrong_sign_in_email_and_code(server: httpx.Client, page: Any) -> None:
    _claim, url = start(server)
    page.goto(url)
    page.get_by_label("Your email").fill("someone@else.example")
    page.get_by_role("button", name="Email me a sign-in code").click()
    assert "email address your agent gave" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Your email").get_attribute("aria-invalid") == "true"
    shot(page, "claim-signin-wrong-email")
    assert_accessible(page)
    page.get_by_label("Your email").fill(EMAIL)
    page.get_by_role("button", name="Email me a sign-in code").click()
    code = latest_sign_in_code(server, EMAIL)
    page.get_by_label("6-digit sign-in code").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Sign in").click()
    assert "not right" in page.get_by_role("alert").inner_text()
    shot(page, "claim-signin-wrong-code")
    assert_accessible(page)


def test_wrong_code_then_lockout(server: httpx.Client, page: Any) -> None:
    claim, url = start(server)
    bad = f"{(int(claim['user_code']) + 1) % 1_000_000:06d}"
    page.goto(url)
    sign_in(page, server)
    enter_agent_code(page, bad)
    alert = page.get_by_role("alert")
    assert "does not match" in alert.inner_text()
    assert "4 tries left" in alert.inner_text()
    assert page.get_by_label("6-digit code").get_attribute("aria-invalid") == "true"
    shot(page, "claim-wrong-code")
    assert_accessible(page)
    for _ in range(4):
        enter_agent_code(page, bad)
    assert page.get_by_role("heading", name="Too many wrong codes").is_visible()
    shot(page, "claim-locked")
    assert_accessible(page)


def test_expired_attempt(server: httpx.Client, page: Any) -> None:
    claim, url = start(server)
    page.goto(url)
    sign_in(page, server)
    moved = server.post("/api/admin/v1/clock", json={"advanceSeconds": 1801}, headers=ADMIN)
    assert moved.status_code == 200
    enter_agent_code(page, claim["user_code"])  # the page was open; the code ran out meanwhile
    assert page.get_by_role("heading", name="This claim link has expired").is_visible()
    shot(page, "claim-expired")
    assert_accessible(page)
    page.goto(url)
    assert page.get_by_role("heading", name="This claim link has expired").is_visible()
