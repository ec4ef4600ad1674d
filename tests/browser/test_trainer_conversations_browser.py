"""The trainer's conversation pages in the real browser (D27, D31, D33): the list, a thread
that the employer opened, the reply form, the policy refusal, and that opening the thread
marks it read for the trainer only. Screenshots under test-output/screenshots/, axe-core."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.helpers import ADMIN, assert_accessible, shot, sign_in_page

API = "/api/public/v1"
TRAINER_EMAIL = "lena.trainer@example.com"


def _admin(http: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(f"/api/admin/v1{path}", json=body, headers=ADMIN)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _thread(http: httpx.Client) -> tuple[dict[str, str], str, str]:
    """An employer, the trainer with an email, a submitted proposal and its thread."""
    account = _admin(http, "/accounts", {"name": "Acme Vision"})["account"]
    token = _admin(http, f"/accounts/{account['id']}/tokens", {})["token"]
    headers = {"Authorization": f"Bearer {token}"}
    job = _admin(http, "/jobs", {"accountId": account["id"], "title": "Cat image labeling"})["job"]
    trainer = _admin(
        http, "/freelancers", {"firstName": "Lena", "lastName": "Berg", "email": TRAINER_EMAIL}
    )["freelancer"]
    invited = http.post(
        f"{API}/jobs/{job['id']}/invites", json={"freelancerId": trainer["id"]}, headers=headers
    )
    assert invited.status_code == 201, invited.text
    proposal_id = invited.json()["proposalId"]
    accepted = http.post(
        f"/api/admin/v1/act/proposals/{proposal_id}/accept",
        json={"bid": {"amountUsd": 18, "unit": "PER_HOUR"}},
        headers=ADMIN,
    )
    assert accepted.status_code == 200, accepted.text
    opened = http.post(f"{API}/proposals/{proposal_id}/conversation", headers=headers)
    assert opened.status_code == 201, opened.text
    return headers, opened.json()["conversationId"], trainer["id"]


def test_the_trainer_reads_and_replies(server: httpx.Client, page: Any) -> None:
    headers, conversation_id, _trainer_id = _thread(server)
    sign_in_page(page, server, TRAINER_EMAIL, "/trainer/conversations")
    assert page.get_by_text("No messages yet: the employer writes first.").is_visible()
    page.get_by_role("link", name="Cat image labeling").click()
    assert page.get_by_text("You can reply once the employer has written to you.").is_visible()
    assert page.get_by_label("Your reply").count() == 0

    sent = server.post(
        f"{API}/messages",
        json={"conversationId": conversation_id, "content": "Hello Lena, can you start Monday?"},
        headers=headers,
    )
    assert sent.status_code == 201, sent.text
    page.goto(f"{server.base_url}/trainer/conversations")
    assert page.get_by_text("1 new").is_visible()
    shot(page, "trainer-conversations")
    assert_accessible(page)

    page.get_by_role("link", name="Cat image labeling").click()
    assert page.get_by_text("Hello Lena, can you start Monday?").is_visible()
    assert page.get_by_text("New", exact=True).is_visible()
    shot(page, "trainer-conversation")
    assert_accessible(page)
    # Opening the page marked it read for the trainer; the employer's side is untouched.
    page.goto(f"{server.base_url}/trainer/conversations")
    assert page.get_by_text("1 new").count() == 0

    page.get_by_role("link", name="Cat image labeling").click()
    page.get_by_label("Your reply").fill("Call me on +34 612 345 678")
    page.get_by_role("button", name="Send reply").click()
    assert page.get_by_role("alert").filter(has_text="phone numbers").is_visible()
    assert page.get_by_label("Your reply").input_value() == "Call me on +34 612 345 678"
    shot(page, "trainer-conversation-refused")
    assert_accessible(page)

    page.get_by_label("Your reply").fill("Yes, Monday works for me.")
    page.get_by_role("button", name="Send reply").click()
    assert page.get_by_text("Yes, Monday works for me.").is_visible()

    listed = server.get(f"{API}/messages", headers=headers).json()["conversations"][0]
    assert listed["lastMessage"]["content"] == "Yes, Monday works for me."
    assert (listed["unreadCount"], listed["needsReplyCount"]) == (1, 1)


def test_another_trainers_thread_is_a_404_page(server: httpx.Client, page: Any) -> None:
    _headers, conversation_id, _trainer_id = _thread(server)
    _admin(
        server, "/freelancers", {"firstName": "Other", "lastName": "One", "email": "o@example.com"}
    )
    sign_in_page(page, server, "o@example.com", "/trainer/conversations")
    response = page.goto(f"{server.base_url}/trainer/conversations/{conversation_id}")
    assert response is not None
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
