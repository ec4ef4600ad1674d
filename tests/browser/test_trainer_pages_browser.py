"""The trainer's pages in the real browser: the inbox, accepting an invite with a bid (and a
bad bid shown on the page), withdrawing, applying to a job. Screenshots and axe on each."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.helpers import ADMIN, assert_accessible, local, shot, sign_in_page

EMAIL = "lucia.trainer@example.com"


def _admin(http: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(f"/api/admin/v1{path}", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _world(http: httpx.Client) -> dict[str, Any]:
    account = _admin(http, "/accounts", {"name": "Acme Speech"})["account"]
    token = _admin(http, f"/accounts/{account['id']}/tokens", {})["token"]
    jobs = [
        _admin(
            http,
            "/jobs",
            {
                "accountId": account["id"],
                "title": title,
                "paymentType": "PAY_PER_HOUR",
                "pricePerHour": 15,
                "languages": ["Spanish"],
                "jobDescription": "Transcribe Spanish call-center audio.",
            },
        )["job"]
        for title in ("Spanish audio transcription", "Sentiment labels for calls")
    ]
    trainer = _admin(
        http,
        "/freelancers",
        {"firstName": "Lucia", "lastName": "Perez", "email": EMAIL, "countryCode": "ES"},
    )["freelancer"]
    invited = http.post(
        f"/api/public/v1/jobs/{jobs[0]['id']}/invites",
        json={"freelancerId": trainer["id"]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert invited.status_code == 201, invited.text
    return {"jobs": jobs, "proposal": invited.json()["proposalId"]}


def test_a_trainer_accepts_an_invite_with_a_bid_then_withdraws(
    server: httpx.Client, page: Any
) -> None:
    world = _world(server)
    sign_in_page(page, server, EMAIL, "/trainer")
    assert page.get_by_role("heading", name="Hello, Lucia").is_visible()
    shot(page, "trainer-inbox")
    assert_accessible(page)
    page.get_by_role("link", name="Spanish audio transcription").click()
    assert page.get_by_role("heading", name="Accept the invite").is_visible()
    page.get_by_label("Your bid in US dollars").fill("twelve")
    page.get_by_role("button", name="Accept with this bid").click()
    assert "as a number" in page.locator("#form-error").inner_text()
    shot(page, "trainer-proposal-bad-bid")
    assert_accessible(page)
    page.get_by_label("Your bid in US dollars").fill("18.50")
    page.get_by_label("Per").select_option("PER_HOUR")
    page.get_by_label("Cover letter (optional)").fill("Native Spanish speaker, 3 years of QA.")
    page.get_by_role("button", name="Accept with this bid").click()
    assert "Your proposal is sent" in page.locator("#form-done").inner_text()
    assert page.locator("#proposal-status").inner_text() == "Unreviewed"
    assert page.locator("#proposal-bid").inner_text() == "$18.50 per hour"
    shot(page, "trainer-proposal-accepted")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw my proposal").click()
    assert page.locator("#proposal-status").inner_text() == "Declined"
    shot(page, "trainer-proposal-withdrawn")
    assert_accessible(page)
    assert page.url.endswith(f"/trainer/proposals/{world['proposal']}?done=withdrawn")


def test_a_trainer_applies_to_an_open_job(server: httpx.Client, page: Any) -> None:
    world = _world(server)
    job = world["jobs"][1]
    sign_in_page(page, server, EMAIL, f"/trainer/jobs/{job['id']}/apply")
    assert page.get_by_role("heading", name=f"Apply: {job['title']}").is_visible()
    shot(page, "trainer-apply")
    assert_accessible(page)
    page.get_by_label("Your bid in US dollars").fill("16")
    page.get_by_role("button", name="Send my proposal").click()
    assert page.locator("#proposal-status").inner_text() == "Unreviewed"
    page.goto(local(server, "/trainer"))
    assert "Sentiment labels for calls" in page.locator("#proposals").inner_text()
    shot(page, "trainer-inbox-after-apply")
    assert_accessible(page)
