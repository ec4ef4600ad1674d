"""The approval page `/approvals/{id}` over HTTP (D26, D36): the organization's signed-in
human sees what will happen and confirms or declines with CSRF-protected forms; anyone
else gets the 404 page; a confirmation whose check fails stays pending and says why."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.hiring_helpers import (
    API,
    GOOD_CARD,
    Hiring,
    approval,
    count,
    event_types,
    hire_ok,
    put_card,
    setup_hiring,
)
from tests.api.lifecycle_helpers import act
from tests.conftest import admin_headers
from tests.factories import make_account, make_trainer
from tests.pages import csrf_of, sign_in


def owner_email(client: TestClient, hiring: Hiring) -> str:
    account = client.get(f"/api/admin/v1/accounts/{hiring.org}", headers=admin_headers())
    return str(account.json()["account"]["ownerEmail"])


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_owner_sees_what_will_happen_and_confirms(client: TestClient) -> None:
    hiring = setup_hiring(
        client,
        credits_cents=40000,
        trainer=make_trainer(client, firstName="Sofia", lastName="Lopez"),
    )
    created = hire_ok(client, hiring, description="Label 5,000 posts", amount=300)
    page_path = f"/approvals/{created['id']}"
    client.cookies.clear()
    assert (
        client.get(page_path, follow_redirects=False)
        .headers["location"]
        .startswith("/signin?next=/approvals/")
    )
    sign_in(client, owner_email(client, hiring), page_path)
    shown = client.get(page_path)
    assert shown.status_code == 200, shown.text
    text = _text(shown.text)
    for expected in (
        "Hire a trainer",
        "Sofia L.",
        hiring.employer.job["title"],
        "First labeling batch",
        "Label 5,000 posts",
        "Milestone amount $300.00",
        "Marketplace fee (10%) $30.00",
        "Contract initiation fee $9.95",
        "Total $339.95",
        "Your credits (available now: $400.00)",
    ):
        assert expected in text, expected
    assert "Lopez" not in shown.text
    token = csrf_of(shown.text)
    done = client.post(f"{page_path}/confirm", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{page_path}?done=1"
    assert "Confirmed" in client.get(done.headers["location"]).text
    assert approval(client, hiring, created["id"])["status"] == "confirmed"
    assert count(client, "contracts") == 1
    # The same form again: the approval resolved once; nothing else happens.
    again = client.post(f"{page_path}/confirm", data={"csrf": token})
    assert again.status_code == 409
    assert "already confirmed" in again.text
    assert event_types(client, hiring).count("approval.confirmed") == 1
    assert count(client, "contracts") == 1


def test_forms_without_a_valid_csrf_token_are_refused(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    page_path = f"/approvals/{created['id']}"
    sign_in(client, owner_email(client, hiring), page_path)
    token = csrf_of(client.get(page_path).text)
    for data in ({}, {"csrf": "forged"}):
        refused = client.post(f"{page_path}/confirm", data=data)
        assert refused.status_code == 403
        assert "This form has expired" in refused.text
    # A token replayed after the session ended is refused too.
    signed_out = client.post("/signout", data={"csrf": token}, follow_redirects=False)
    assert signed_out.status_code == 303
    sign_in(client, owner_email(client, hiring), page_path)
    replay = client.post(f"{page_path}/confirm", data={"csrf": token})
    assert replay.status_code == 403
    assert approval(client, hiring, created["id"])["status"] == "pending"
    assert count(client, "contracts") == 0


def test_other_humans_get_the_404_page(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    page_path = f"/approvals/{created['id']}"
    other = make_account(client, ownerEmail="someone@else.example")
    assert other["id"]
    sign_in(client, "someone@else.example", page_path)
    for path in (page_path, f"/approvals/{'0' * 26}", "/approvals/x"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Page not found" in response.text
    token = csrf_of(client.get("/account").text)
    refused = client.post(f"{page_path}/confirm", data={"csrf": token})
    assert refused.status_code == 404
    client.cookies.clear()
    make_trainer(client, email="trainer@example.com")
    sign_in(client, "trainer@example.com", "/trainer")
    assert client.get(page_path).status_code == 404
    assert approval(client, hiring, created["id"])["status"] == "pending"


def test_a_failing_check_keeps_it_pending_and_says_why(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    page_path = f"/approvals/{created['id']}"
    sign_in(client, owner_email(client, hiring), page_path)
    token = csrf_of(client.get(page_path).text)
    assert act(client, f"/act/proposals/{hiring.proposal_id}/withdraw", {}).status_code == 200
    refused = client.post(f"{page_path}/confirm", data={"csrf": token})
    assert refused.status_code == 409
    assert "Not confirmed: This proposal was declined." in refused.text
    assert "still waiting for a decision" in refused.text
    assert approval(client, hiring, created["id"])["status"] == "pending"
    assert count(client, "contracts") == 0
    # Without a payment method the page says so and links to billing.
    put_card(client, hiring.org, None)
    shown = client.get(page_path).text
    assert "No payment method" in shown
    assert 'href="/billing"' in shown


def test_the_human_declines_on_the_page(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    page_path = f"/approvals/{created['id']}"
    sign_in(client, owner_email(client, hiring), page_path)
    token = csrf_of(client.get(page_path).text)
    done = client.post(f"{page_path}/decline", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    assert "Declined" in client.get(done.headers["location"]).text
    assert approval(client, hiring, created["id"])["status"] == "declined"
    proposal = client.get(f"{API}/proposals/{hiring.proposal_id}", headers=hiring.headers)
    assert proposal.json()["proposal"]["status"]["raw"] == "UNREVIEWED"
