"""The sign-in pages in the real browser: a trainer signs in from `/trainer`, sees the
trainer area, signs out; a wrong code is shown on the page; screenshots and axe on each."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.helpers import (
    ADMIN,
    assert_accessible,
    latest_sign_in_code,
    local,
    shot,
    sign_in_page,
)

EMAIL = "ana.trainer@example.com"


def make_trainer(http: httpx.Client, email: str = EMAIL) -> dict[str, Any]:
    response = http.post(
        "/api/admin/v1/freelancers",
        json={"firstName": "Ana", "lastName": "Lopez", "email": email},
        headers=ADMIN,
    )
    assert response.status_code == 201, response.text
    return dict(response.json()["freelancer"])


def test_a_trainer_signs_in_from_the_trainer_area_and_out(server: httpx.Client, page: Any) -> None:
    make_trainer(server)
    page.goto(local(server, "/trainer"))
    assert page.url.endswith("/signin?next=/trainer")
    assert page.get_by_role("heading", name="Sign in to hirehall").is_visible()
    shot(page, "signin-email")
    assert_accessible(page)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_role("button", name="Email me a code").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    shot(page, "signin-code")
    assert_accessible(page)
    page.get_by_label("6-digit sign-in code").fill(latest_sign_in_code(server, EMAIL))
    page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/trainer")
    assert page.locator("#signed-in-as").inner_text() == EMAIL
    shot(page, "trainer-home")
    assert_accessible(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == "hh_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", name="Sign in to hirehall").is_visible()
    assert not [c for c in page.context.cookies() if c["name"] == "hh_session"]


def test_a_wrong_code_is_shown_on_the_page(server: httpx.Client, page: Any) -> None:
    make_trainer(server)
    page.goto(local(server, "/signin"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_role("button", name="Email me a code").click()
    code = latest_sign_in_code(server, EMAIL)
    page.get_by_label("6-digit sign-in code").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Sign in").click()
    assert "not right" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("6-digit sign-in code").get_attribute("aria-invalid") == "true"
    shot(page, "signin-wrong-code")
    assert_accessible(page)


def test_the_helper_signs_in(server: httpx.Client, page: Any) -> None:
    make_trainer(server)
    sign_in_page(page, server, EMAIL, "/account")
    assert page.get_by_role("heading", name="You are signed in").is_visible()
    shot(page, "account")
    assert_accessible(page)
