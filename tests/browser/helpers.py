"""What every browser test of a human page needs: a screenshot, the axe-core accessibility
check, and signing in through the real sign-in page with the code read from the outbox
(the operator's view of the human's mailbox).

    from tests.browser.helpers import assert_accessible, shot, sign_in_page

    def test_my_page(server, page):            # fixtures from tests/browser/conftest.py
        sign_in_page(page, server, "ana@example.com", "/trainer")
        page.goto(f"{server.base_url}/trainer/...")
        shot(page, "trainer-thing")
        assert_accessible(page)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from tests.conftest import ADMIN_TOKEN

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
# axe-core impacts that fail a test (minor and moderate ones are reported, not fatal).
FATAL_IMPACTS = frozenset({"serious", "critical"})


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_accessible(page: Any) -> list[dict[str, Any]]:
    """Runs axe-core (WCAG 2.x A/AA rules and best practices) on the page as it is now;
    fails on any serious or critical violation. Returns every violation found."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations: list[dict[str, Any]] = list(results.response["violations"])
    fatal = [v for v in violations if v.get("impact") in FATAL_IMPACTS]
    assert not fatal, f"{page.url}:\n{results.generate_report()}"
    return violations


def latest_sign_in_code(http: httpx.Client, email: str) -> str:
    response = http.get(
        "/api/admin/v1/outbox",
        params={"kind": "sign_in_code", "to": email.strip().lower()},
        headers=ADMIN,
    )
    assert response.status_code == 200, response.text
    messages = response.json()["messages"]
    assert messages, f"no sign-in code was sent to {email}"
    return str(messages[0]["data"]["code"])


def local(http: httpx.Client, url: str) -> str:
    """A URL the server handed out, on the live server's own address."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{str(http.base_url).rstrip('/')}{parts.path}{query}"


def sign_in_page(page: Any, http: httpx.Client, email: str, next_url: str = "/account") -> None:
    """Signs in through `/signin` as a person would: email, then the emailed code. The
    browser ends on `next_url`, signed in (the hh_session cookie is in its context)."""
    page.goto(local(http, f"/signin?next={quote(next_url, safe='/')}"))
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Email me a code").click()
    page.get_by_label("6-digit sign-in code").fill(latest_sign_in_code(http, email))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{next_url.split('?')[0]}*")
