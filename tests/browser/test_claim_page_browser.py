"""The claim page in a real headless browser (Debian's Chromium driven by Playwright) against
a running `hirehall serve`: happy path, wrong code, lockout and expiry, with a screenshot of
each state under test-output/screenshots/ for review."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import ADMIN_TOKEN
from tests.live import live_server

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("HIREHALL_REQUIRE_BROWSER") == "1"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EMAIL = "mira.chen@example.com"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not REQUIRED,
    reason="Chromium is not installed (.ci/install-browser installs it)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[httpx.Client]:
    """A live server on an empty database, and an HTTP client for the agent's side."""
    with live_server(database_url, tmp_path) as base, httpx.Client(base_url=base) as http:
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        assert http.post("/api/admin/v1/reset", headers=admin).status_code == 200
        yield http


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 800, "height": 900})
    yield context.new_page()
    context.close()


def start(http: httpx.Client) -> tuple[dict[str, Any], str]:
    """The agent registers and starts the claim; returns the registration and the page URL
    on the live server (the server's public URL is its default, not this port)."""
    reg = http.post(
        "/api/agent/identity", json={"agent_name": "Scout", "organization_name": "Acme Labs"}
    ).json()
    started = http.post(
        "/api/agent/identity/claim", json={"claim_token": reg["claim_token"], "email": EMAIL}
    ).json()
    parts = urlsplit(started["verification_uri"])
    return {**reg, **started}, f"{http.base_url}{parts.path}?{parts.query}"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fill(page: Any, email: str, code: str) -> None:
    page.get_by_label("Your email").fill(email)
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
    shot(page, "claim-form")
    fill(page, EMAIL, claim["user_code"])
    assert page.get_by_role("heading", name="The account is yours").is_visible()
    assert "What happens next" in page.content()
    shot(page, "claim-done")
    token = server.post(
        "/api/agent/oauth/token",
        data={"grant_type": claim["grant_type"], "claim_token": claim["claim_token"]},
    )
    assert token.status_code == 200


def test_wrong_code_then_lockout(server: httpx.Client, page: Any) -> None:
    claim, url = start(server)
    bad = f"{(int(claim['user_code']) + 1) % 1_000_000:06d}"
    page.goto(url)
    fill(page, EMAIL, bad)
    alert = page.get_by_role("alert")
    assert "do not match" in alert.inner_text()
    assert "4 tries left" in alert.inner_text()
    assert page.get_by_label("6-digit code").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Your email").input_value() == EMAIL  # kept for the retry
    shot(page, "claim-wrong-code")
    for _ in range(4):
        fill(page, EMAIL, bad)
    assert page.get_by_role("heading", name="Too many wrong codes").is_visible()
    shot(page, "claim-locked")


def test_expired_attempt(server: httpx.Client, page: Any) -> None:
    claim, url = start(server)
    page.goto(url)
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    moved = server.post("/api/admin/v1/clock", json={"advanceSeconds": 1801}, headers=admin)
    assert moved.status_code == 200
    fill(page, EMAIL, claim["user_code"])  # the page was open; the code ran out meanwhile
    assert page.get_by_role("heading", name="This claim link has expired").is_visible()
    shot(page, "claim-expired")
    page.goto(url)
    assert page.get_by_role("heading", name="This claim link has expired").is_visible()
