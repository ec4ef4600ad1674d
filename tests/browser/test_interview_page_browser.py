"""The trainer's interview page in the real browser: sign in, answer the five questions,
see the result; another trainer's proposal is a 404 page. Screenshots and axe on each."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.helpers import ADMIN, assert_accessible, local, shot, sign_in_page
from tests.interview_helpers import ANSWERS, JOB_FIELDS

EMAIL = "ana.trainer@example.com"


def _post(http: httpx.Client, path: str, body: dict[str, Any], **headers: str) -> Any:
    response = http.post(path, json=body, headers=headers or ADMIN)
    assert response.status_code in (200, 201), response.text
    return response.json()


def accepted_proposal(http: httpx.Client, trainer_email: str) -> str:
    account = _post(http, "/api/admin/v1/accounts", {"name": "Acme Labs"})["account"]
    token = _post(http, f"/api/admin/v1/accounts/{account['id']}/tokens", {})["token"]
    job = _post(
        http,
        "/api/admin/v1/jobs",
        {"accountId": account["id"], "title": "Spanish sentiment labeling", **JOB_FIELDS},
    )["job"]
    trainer = _post(
        http,
        "/api/admin/v1/freelancers",
        {"firstName": "Ana", "lastName": "Lopez", "email": trainer_email},
    )["freelancer"]
    invited = _post(
        http,
        f"/api/public/v1/jobs/{job['id']}/invites",
        {"freelancerId": trainer["id"]},
        Authorization=f"Bearer {token}",
    )
    proposal_id = str(invited["proposalId"])
    _post(http, f"/api/admin/v1/act/proposals/{proposal_id}/accept", {"bid": {"amountUsd": 20}})
    return proposal_id


def test_a_trainer_takes_the_interview_in_the_browser(server: httpx.Client, page: Any) -> None:
    proposal_id = accepted_proposal(server, EMAIL)
    url = f"/trainer/proposals/{proposal_id}/interview"
    sign_in_page(page, server, EMAIL, url)
    assert page.get_by_role("heading", name="AI interview").is_visible()
    boxes = page.get_by_role("textbox")
    assert boxes.count() == 5
    for n, answer in enumerate(ANSWERS):
        boxes.nth(n).fill(answer)
    shot(page, "trainer-interview-form")
    assert_accessible(page)
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url(f"**{url}")
    assert page.get_by_text("Your interview is recorded.").is_visible()
    assert page.locator("ol.transcript li").count() == 10
    assert "maria@example.com" not in page.content()
    shot(page, "trainer-interview-result")
    assert_accessible(page)


def test_another_trainers_interview_is_a_404_page(server: httpx.Client, page: Any) -> None:
    theirs = accepted_proposal(server, "someone.else@example.com")
    _post(
        server,
        "/api/admin/v1/freelancers",
        {"firstName": "Ana", "lastName": "Lopez", "email": EMAIL},
    )
    sign_in_page(page, server, EMAIL, "/trainer")
    response = page.goto(local(server, f"/trainer/proposals/{theirs}/interview"))
    assert response is not None
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    shot(page, "trainer-interview-not-found")
    assert_accessible(page)
