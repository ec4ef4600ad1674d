"""The approval page and the trainer's contract page in the real browser: the owner signs
in, reads what will happen, confirms; the trainer submits the milestone's work. Screenshots
and the axe-core check on each page; a replayed form after sign-out is refused."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.helpers import ADMIN, assert_accessible, shot, sign_in_page

OWNER = "owner@acme.example"
TRAINER = "sofia.trainer@example.com"


def _post(http: httpx.Client, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    response = http.post(path, json=body, headers=headers or ADMIN)
    assert response.status_code in (200, 201, 202), response.text
    return response.json()


def hire_request(http: httpx.Client) -> dict[str, Any]:
    account = _post(http, "/api/admin/v1/accounts", {"name": "Acme", "ownerEmail": OWNER})
    org = account["account"]["id"]
    token = _post(http, f"/api/admin/v1/accounts/{org}/tokens", {})["token"]
    agent = {"Authorization": f"Bearer {token}"}
    patched = http.patch(
        f"/api/admin/v1/accounts/{org}",
        json={"paymentMethod": {"card": "4242424242424242"}},
        headers=ADMIN,
    )
    assert patched.status_code == 200, patched.text
    job = _post(
        http,
        "/api/admin/v1/jobs",
        {"accountId": org, "title": "Spanish sentiment labeling", "paymentType": "FIXED_PRICE"},
    )["job"]
    trainer = _post(
        http,
        "/api/admin/v1/freelancers",
        {"firstName": "Sofia", "lastName": "Lopez", "email": TRAINER},
    )["freelancer"]
    invited = _post(
        http, f"/api/public/v1/jobs/{job['id']}/invites", {"freelancerId": trainer["id"]}, agent
    )
    proposal_id = invited["proposalId"]
    _post(http, f"/api/admin/v1/act/proposals/{proposal_id}/accept", {"bid": {"amountUsd": 300}})
    body = {"milestone": {"name": "First batch", "description": "5,000 posts", "amount": 300}}
    approval = _post(http, f"/api/public/v1/proposals/{proposal_id}/hire", body, agent)
    return {"approval": approval["approval"], "agent": agent}


def test_the_owner_confirms_a_hire_and_the_trainer_submits(server: httpx.Client, page: Any) -> None:
    made = hire_request(server)
    approval = made["approval"]
    path = f"/approvals/{approval['id']}"
    sign_in_page(page, server, OWNER, path)
    assert page.get_by_role("heading", name="Hire a trainer").is_visible()
    assert page.locator("#approval-trainer").inner_text() == "Sofia L."
    assert page.locator("#approval-total").inner_text() == "$339.95"
    assert "Visa ending in 4242" in page.locator("#approval-source").inner_text()
    shot(page, "approval-page-pending")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"**{path}?done=1")
    assert page.locator("#approval-status").inner_text() == "Confirmed"
    shot(page, "approval-page-confirmed")
    assert_accessible(page)
    confirmed = server.get(f"/api/public/v1/approvals/{approval['id']}", headers=made["agent"])
    contract_id = confirmed.json()["approval"]["contractId"]
    assert contract_id

    # The trainer signs in and submits the milestone's work on the contract page.
    page.context.clear_cookies()
    sign_in_page(page, server, TRAINER, f"/trainer/contracts/{contract_id}")
    shot(page, "trainer-contract")
    assert_accessible(page)
    page.get_by_label("Note to the employer (optional)").fill("All 5,000 posts are labeled.")
    page.get_by_role("button", name="Submit the work").click()
    page.wait_for_url(f"**/trainer/contracts/{contract_id}?done=1")
    assert page.get_by_text("Your work is submitted.").is_visible()
    shot(page, "trainer-contract-submitted")
    assert_accessible(page)
    contract = server.get(f"/api/public/v1/contracts/{contract_id}", headers=made["agent"])
    assert contract.json()["contract"]["milestones"][0]["status"] == "PENDING_APPROVAL"


def test_a_replayed_confirmation_after_sign_out_is_refused(server: httpx.Client, page: Any) -> None:
    made = hire_request(server)
    path = f"/approvals/{made['approval']['id']}"
    sign_in_page(page, server, OWNER, path)
    token = page.locator('form[action$="/confirm"] input[name="csrf"]').get_attribute("value")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signin*")
    sign_in_page(page, server, OWNER, path)
    replay = page.request.post(f"{server.base_url}{path}/confirm", form={"csrf": token})
    assert replay.status == 403
    shown = server.get(f"/api/public/v1/approvals/{made['approval']['id']}", headers=made["agent"])
    assert shown.json()["approval"]["status"] == "pending"
