"""`POST /proposals/{id}/hire` (2.5.4, D35): the 202 approval, idempotency and superseding,
every precondition and 409 reason, bad input, the gates in the order of D4, and the
sandbox's approvalPolicy. Every refusal is checked to have written nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.core.timefmt import parse_iso
from tests.api.hiring_helpers import (
    API,
    GOOD_CARD,
    HIRE_MESSAGE,
    assert_conflict,
    confirm_ok,
    count,
    event_types,
    hire,
    hire_ok,
    milestone_terms,
    nothing_moved,
    set_policy,
    setup_hiring,
)
from tests.api.lifecycle_helpers import act
from tests.conftest import admin_headers, bearer
from tests.factories import make_account, make_token, make_trainer

CHARGE_300 = 30000 + 3000 + 995  # amount + 10% + the initiation fee


def test_hire_answers_202_with_the_pending_approval(client: TestClient) -> None:
    hiring = setup_hiring(client, credits_cents=CHARGE_300)
    response = hire(client, hiring, dueDate="2026-07-01")
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["message"] == HIRE_MESSAGE
    approval = body["approval"]
    assert set(approval) == {
        "id", "type", "status", "contractId", "milestoneId", "jobId", "proposalId",
        "approvalUrl", "expiresAt", "resolvedAt", "result", "createdAt",
    }  # fmt: skip
    assert approval["type"] == "proposal_hire"
    assert approval["status"] == "pending"
    assert approval["proposalId"] == hiring.proposal_id
    assert approval["jobId"] == hiring.employer.job["id"]
    assert approval["contractId"] is None
    assert approval["milestoneId"] is None
    assert approval["resolvedAt"] is None
    assert approval["result"] is None
    assert approval["approvalUrl"] == f"http://hirehall.test/approvals/{approval['id']}"
    created, expires = parse_iso(approval["createdAt"]), parse_iso(approval["expiresAt"])
    assert expires - created == timedelta(hours=72)
    # Nothing moved: no contract, the proposal unchanged, no event, the credits intact.
    assert count(client, "contracts") == 0
    assert event_types(client, hiring) == ["proposal.received"]
    proposal = client.get(f"{API}/proposals/{hiring.proposal_id}", headers=hiring.headers)
    assert proposal.json()["proposal"]["status"]["raw"] == "UNREVIEWED"


def test_same_terms_while_pending_answer_the_same_approval(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    first = hire_ok(client, hiring, description="Label 5,000 posts")
    again = hire_ok(client, hiring, description="Label 5,000 posts")
    assert again == first
    assert count(client, "approvals") == 1


def test_new_terms_supersede_the_pending_approval(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    old = hire_ok(client, hiring, amount=300)
    new = hire_ok(client, hiring, amount=350.5)
    assert new["id"] != old["id"]
    assert new["status"] == "pending"
    stored = client.get(f"{API}/approvals/{old['id']}", headers=hiring.headers).json()["approval"]
    assert stored["status"] == "expired"
    assert stored["result"] == {"supersededBy": new["id"]}
    assert stored["resolvedAt"] is not None
    feed = client.get(f"{API}/updates", headers=hiring.headers).json()["events"]
    resolved = [e for e in feed if e["type"] == "approval.confirmed"]
    assert [(e["resourceId"], e["data"]) for e in resolved] == [
        (old["id"], {"approvalId": old["id"], "status": "expired"})
    ]
    # The superseded approval can no longer be confirmed; the new one can.
    refused = client.post(f"/api/admin/v1/approvals/{old['id']}/confirm", headers=admin_headers())
    assert_conflict(refused, "approval_not_pending", status="expired")
    assert confirm_ok(client, new["id"])["status"] == "confirmed"


def test_a_hired_proposal_answers_already_accepted(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    confirm_ok(client, hire_ok(client, hiring)["id"])
    approvals_before = count(client, "approvals")
    assert_conflict(hire(client, hiring), "already_accepted", proposalId=hiring.proposal_id)
    assert count(client, "approvals") == approvals_before
    assert count(client, "contracts") == 1


def test_a_declined_proposal_answers_proposal_declined(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    assert act(client, f"/act/proposals/{hiring.proposal_id}/withdraw", {}).status_code == 200
    assert_conflict(hire(client, hiring), "proposal_declined")
    nothing_moved(client)


def test_an_invited_proposal_answers_proposal_not_submitted(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    other = make_trainer(client)
    invited = client.post(
        f"{API}/jobs/{hiring.employer.job['id']}/invites",
        json={"freelancerId": other["id"]},
        headers=hiring.headers,
    ).json()["proposalId"]
    response = client.post(
        f"{API}/proposals/{invited}/hire",
        json={"milestone": milestone_terms()},
        headers=hiring.headers,
    )
    assert_conflict(response, "proposal_not_submitted")
    nothing_moved(client)


def test_a_closed_job_answers_job_not_published(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    closed = client.post(f"{API}/jobs/{hiring.employer.job['id']}/close", headers=hiring.headers)
    assert closed.status_code == 200
    assert_conflict(hire(client, hiring), "job_not_published", status="ARCHIVED")
    nothing_moved(client)


def test_not_a_fit_needs_the_override(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    moved = client.post(
        f"/api/admin/v1/proposals/{hiring.proposal_id}/status",
        json={"status": "NOT_A_FIT"},
        headers=admin_headers(),
    )
    assert moved.status_code == 200
    assert_conflict(hire(client, hiring), "not_fit_confirmation_required")
    nothing_moved(client)
    body = {"milestone": milestone_terms(), "confirmNotFitOverride": True}
    approval = hire(client, hiring, body).json()["approval"]
    assert confirm_ok(client, approval["id"])["result"]["hired"] is True


def test_no_card_and_too_few_credits_answer_payment_method_required(client: TestClient) -> None:
    hiring = setup_hiring(client, credits_cents=CHARGE_300 - 1)
    body = assert_conflict(
        hire(client, hiring), "payment_method_required", billingUrl="http://hirehall.test/billing"
    )
    assert body["error"]
    nothing_moved(client)


def test_credits_that_cover_the_whole_charge_are_enough(client: TestClient) -> None:
    hiring = setup_hiring(client, credits_cents=CHARGE_300)
    assert hire(client, hiring).status_code == 202


BAD_BODIES = [
    pytest.param({}, ["milestone"], id="no-milestone"),
    pytest.param({"milestone": "300"}, ["milestone"], id="milestone-not-object"),
    pytest.param({"milestone": {"name": "x"}}, ["milestone", "amount"], id="no-amount"),
    pytest.param({"milestone": {"name": "x", "amount": 0}}, ["milestone", "amount"], id="zero"),
    pytest.param({"milestone": {"name": "x", "amount": -5}}, ["milestone", "amount"], id="neg"),
    pytest.param(
        {"milestone": {"name": "x", "amount": 10.005}}, ["milestone", "amount"], id="3-decimals"
    ),
    pytest.param(
        {"milestone": {"name": "x", "amount": "300"}}, ["milestone", "amount"], id="string"
    ),
    pytest.param(
        {"milestone": {"name": "x", "amount": 1e12}}, ["milestone", "amount"], id="too-big"
    ),
    pytest.param({"milestone": {"amount": 300}}, ["milestone"], id="no-name-or-description"),
    pytest.param(
        {"milestone": {"name": "  ", "description": "", "amount": 300}},
        ["milestone"],
        id="blank-name-and-description",
    ),
    pytest.param(
        {"milestone": {"name": "x", "amount": 300, "dueDate": "2026-13-01"}},
        ["milestone", "dueDate"],
        id="not-a-date",
    ),
    pytest.param(
        {"milestone": {"name": "x", "amount": 300, "dueDate": "next week"}},
        ["milestone", "dueDate"],
        id="words",
    ),
    pytest.param(
        {"milestone": {"name": "x", "amount": 300}, "confirmNotFitOverride": "yes"},
        ["confirmNotFitOverride"],
        id="override-not-boolean",
    ),
]


@pytest.mark.parametrize(("body", "path"), BAD_BODIES)
def test_bad_input_is_400_and_nothing_moves(
    client: TestClient, body: dict[str, Any], path: list[str]
) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    response = hire(client, hiring, body)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert answer["code"] == "BAD_REQUEST"
    assert path in [issue["path"] for issue in answer["details"]["issues"]]
    nothing_moved(client)


def test_invalid_json_is_400(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    response = client.post(
        f"{API}/proposals/{hiring.proposal_id}/hire",
        content=b"{not json",
        headers={**hiring.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["details"]["issues"][0]["path"] == []
    nothing_moved(client)


def test_unknown_proposal_is_404_and_another_accounts_is_403(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    body = {"milestone": milestone_terms()}
    missing = client.post(f"{API}/proposals/{'0' * 26}/hire", json=body, headers=hiring.headers)
    assert missing.status_code == 404
    assert missing.json()["code"] == "NOT_FOUND"
    stranger = make_account(client)
    headers = bearer(make_token(client, stranger["id"]))
    foreign = client.post(f"{API}/proposals/{hiring.proposal_id}/hire", json=body, headers=headers)
    assert foreign.status_code == 403
    assert foreign.json()["code"] == "FORBIDDEN"
    assert "details" not in foreign.json() or "proposal" not in str(foreign.json()["details"])
    nothing_moved(client)


ORDER = [
    pytest.param({"no_auth": True, "scope": False}, 401, None, id="auth-before-scope"),
    pytest.param({"scope": False, "feature": False}, 403, "requiredScopes", id="scope-first"),
    pytest.param({"feature": False, "unclaimed": True}, 403, "featureKey", id="flag-before-claim"),
    pytest.param({"unclaimed": True, "body": {}}, 403, "reason", id="claim-before-body"),
    pytest.param({"body": {}, "proposal": "missing"}, 400, "issues", id="body-before-lookup"),
    pytest.param({"proposal": "missing", "no_money": True}, 404, None, id="lookup-before-state"),
    pytest.param({"closed": True, "no_money": True}, 409, "reason", id="state-before-payment"),
]


@pytest.mark.parametrize(("wrong", "status", "detail_key"), ORDER)
def test_order_of_checks(
    client: TestClient, wrong: dict[str, Any], status: int, detail_key: str | None
) -> None:
    hiring = setup_hiring(client, card=None if wrong.get("no_money") else GOOD_CARD)
    changes: dict[str, Any] = {}
    if wrong.get("feature") is False:
        changes["features"] = ["public_api_job_drafting"]
    if wrong.get("unclaimed"):
        changes["claimed"] = False
    if changes:
        patched = client.patch(
            f"/api/admin/v1/accounts/{hiring.org}", json=changes, headers=admin_headers()
        )
        assert patched.status_code == 200, patched.text
    scopes = ["proposals:read"] if wrong.get("scope") is False else None
    token = make_token(client, hiring.org, **({"scopes": scopes} if scopes else {}))
    headers = {} if wrong.get("no_auth") else bearer(token)
    if wrong.get("closed"):
        client.post(f"{API}/jobs/{hiring.employer.job['id']}/close", headers=hiring.headers)
    proposal_id = "0" * 26 if wrong.get("proposal") == "missing" else hiring.proposal_id
    body = wrong.get("body", {"milestone": milestone_terms()})
    response = client.post(f"{API}/proposals/{proposal_id}/hire", json=body, headers=headers)
    assert response.status_code == status, response.text
    if detail_key is not None:
        assert detail_key in response.json()["details"]
    if wrong.get("closed"):
        assert response.json()["details"]["reason"] == "job_not_published"
    nothing_moved(client)


def test_auto_confirm_policy_resolves_within_the_request(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    set_policy(client, hiring.org, "auto_confirm")
    response = hire(client, hiring)
    assert response.status_code == 202
    approval = response.json()["approval"]
    assert approval["status"] == "confirmed"
    assert approval["contractId"]
    assert approval["milestoneId"]
    assert approval["result"]["hired"] is True
    assert count(client, "contracts") == 1


def test_auto_decline_policy_resolves_within_the_request(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    set_policy(client, hiring.org, "auto_decline")
    approval = hire(client, hiring).json()["approval"]
    assert approval["status"] == "declined"
    assert approval["resolvedAt"] is not None
    assert count(client, "contracts") == 0
    assert event_types(client, hiring)[-1] == "approval.confirmed"


def test_a_confirmation_whose_check_fails_stays_pending(client: TestClient) -> None:
    """Confirmation re-checks the proposal: a trainer who withdrew after the request makes
    it fail with that reason, and the approval stays pending with nothing kept (D36)."""
    hiring = setup_hiring(client, card=GOOD_CARD)
    approval = hire_ok(client, hiring)
    assert act(client, f"/act/proposals/{hiring.proposal_id}/withdraw", {}).status_code == 200
    refused = client.post(
        f"/api/admin/v1/approvals/{approval['id']}/confirm", headers=admin_headers()
    )
    assert_conflict(refused, "proposal_declined")
    stored = client.get(f"{API}/approvals/{approval['id']}", headers=hiring.headers).json()
    assert stored["approval"]["status"] == "pending"
    assert count(client, "contracts") == 0
