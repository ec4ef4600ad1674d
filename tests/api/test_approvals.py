"""Approvals (2.9, D36) and what confirming a hire does (D35, D37, D38): visibility, lazy
expiry on the server clock, the operator's confirm and decline, exactly-once resolution,
`approval.confirmed` once per terminal state, and the money a confirmed hire moves."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.hiring_helpers import (
    API,
    FAILING_CARD,
    GOOD_CARD,
    Hiring,
    approval,
    assert_conflict,
    books_clean,
    confirm,
    confirm_ok,
    count,
    credits,
    decline,
    event_types,
    hire_ok,
    ledger,
    move_clock,
    put_card,
    setup_hiring,
)
from tests.api.lifecycle_helpers import act, events
from tests.conftest import admin_headers, bearer, db_query
from tests.factories import make_account, make_token

CHARGE = 30000 + 3000 + 995


def test_get_approval_reads_it_and_hides_other_accounts(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    assert approval(client, hiring, created["id"]) == created
    # Another token of the owner sees it too (the owner's tokens and the requesting token).
    other_token = bearer(make_token(client, hiring.org, scopes=["payments:read"]))
    seen = client.get(f"{API}/approvals/{created['id']}", headers=other_token)
    assert seen.status_code == 200
    stranger = bearer(make_token(client, make_account(client)["id"]))
    for approval_id in (created["id"], "0" * 26, "not-an-id"):
        hidden = client.get(f"{API}/approvals/{approval_id}", headers=stranger)
        assert hidden.status_code == 404, hidden.text
        assert hidden.json()["code"] == "NOT_FOUND"
        assert hidden.json()["details"] == {"resource": "approvals", "approvalId": approval_id}


def _member_token(client: TestClient, hiring: Hiring, email: str) -> dict[str, str]:
    """A member of the hiring account (invited and joined on the join page) and a token of
    theirs (the operator's `userId`)."""
    from tests.api.team_helpers import get_team, invite, invite_email, join, join_path

    assert invite(client, hiring.employer.token, email).status_code == 200
    joined = join(client, join_path(invite_email(client, email)), email)
    assert joined.status_code in (200, 303), joined.text
    client.cookies.clear()
    members = get_team(client, hiring.employer.token).json()["team"]["members"]
    [member] = [m for m in members if m["email"] == email]
    return bearer(make_token(client, hiring.org, userId=member["userId"]))


def test_members_see_only_the_approvals_their_token_requested(client: TestClient) -> None:
    """2.9.1: the owner's tokens and the requesting token; another member's token gets the
    404 of a missing approval."""
    hiring = setup_hiring(client, card=GOOD_CARD)
    mia = _member_token(client, hiring, "mia@example.com")
    leo = _member_token(client, hiring, "leo@example.com")
    body = {"milestone": {"name": "Batch", "amount": 100}}
    asked = client.post(f"{API}/proposals/{hiring.proposal_id}/hire", json=body, headers=mia)
    assert asked.status_code == 202, asked.text
    approval_id = asked.json()["approval"]["id"]
    for headers, status in ((mia, 200), (hiring.headers, 200), (leo, 404)):
        seen = client.get(f"{API}/approvals/{approval_id}", headers=headers)
        assert seen.status_code == status, seen.text
    hidden = client.get(f"{API}/approvals/{approval_id}", headers=leo).json()
    assert hidden["details"] == {"resource": "approvals", "approvalId": approval_id}


def test_get_approval_needs_payments_read(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    token = bearer(make_token(client, hiring.org, scopes=["proposals:read"]))
    response = client.get(f"{API}/approvals/{created['id']}", headers=token)
    assert response.status_code == 403
    assert response.json()["details"]["requiredScopes"] == ["payments:read"]
    assert client.get(f"{API}/approvals/{created['id']}").status_code == 401


def test_a_pending_approval_expires_lazily_at_72_hours(frozen_client: TestClient) -> None:
    client = frozen_client
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    move_clock(client, 72 * 3600 - 1)
    assert approval(client, hiring, created["id"])["status"] == "pending"
    move_clock(client, 1)
    expired = approval(client, hiring, created["id"])
    assert expired["status"] == "expired"
    assert expired["resolvedAt"] == created["expiresAt"]
    assert expired["result"] is None
    # Stored so, with its event, once, however often it is read.
    assert approval(client, hiring, created["id"]) == expired
    assert db_query(client, "SELECT status FROM approvals") == [("expired",)]
    resolved = [e for e in events(client, hiring.employer) if e["type"] == "approval.confirmed"]
    assert [e["data"] for e in resolved] == [{"approvalId": created["id"], "status": "expired"}]
    assert_conflict(confirm(client, created["id"]), "approval_not_pending", status="expired")
    assert count(client, "contracts") == 0


def test_an_expired_approval_cannot_be_confirmed_even_before_anyone_read_it(
    frozen_client: TestClient,
) -> None:
    client = frozen_client
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    move_clock(client, 72 * 3600)
    assert_conflict(confirm(client, created["id"]), "approval_not_pending", status="expired")
    assert count(client, "contracts") == 0
    # A new hire request replaces it with a fresh approval (the old one expires, once).
    renewed = hire_ok(client, hiring)
    assert renewed["id"] != created["id"]
    types = event_types(client, hiring)
    assert types.count("approval.confirmed") == 1


def test_decline_resolves_once(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    response = decline(client, created["id"])
    assert response.status_code == 200, response.text
    declined = response.json()["approval"]
    assert declined["status"] == "declined"
    assert declined["resolvedAt"] is not None
    assert_conflict(decline(client, created["id"]), "approval_not_pending", status="declined")
    assert_conflict(confirm(client, created["id"]), "approval_not_pending", status="declined")
    assert event_types(client, hiring).count("approval.confirmed") == 1
    assert count(client, "contracts") == 0


def test_operator_confirm_of_an_unknown_approval_is_404(client: TestClient) -> None:
    for path in ("confirm", "decline"):
        response = client.post(
            f"/api/admin/v1/approvals/{'0' * 26}/{path}", headers=admin_headers()
        )
        assert response.status_code == 404
        assert response.json()["details"]["resource"] == "approvals"


def test_operator_confirm_refuses_unknown_keys_and_sources(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    for body in ({"paymentSource": "cash"}, {"source": "card"}, [1]):
        response = confirm(client, created["id"], body)
        assert response.status_code == 400, response.text
    assert approval(client, hiring, created["id"])["status"] == "pending"


def test_confirming_a_hire_from_credits_moves_the_exact_amounts(client: TestClient) -> None:
    hiring = setup_hiring(client, credits_cents=CHARGE + 500)
    created = hire_ok(client, hiring, dueDate="2026-07-01")
    done = confirm_ok(client, created["id"])
    assert done["status"] == "confirmed"
    assert done["result"] == {
        "hired": True,
        "contractId": done["contractId"],
        "jobId": hiring.employer.job["id"],
        "freelancerUserId": hiring.trainer["id"],
    }
    assert done["milestoneId"]
    assert credits(client, hiring) == (500, 33000)
    entries = ledger(client, hiring)
    assert [(e["type"], e["amountCents"]) for e in entries] == [
        ("ADJUSTMENT", CHARGE + 500),
        ("HOLD", -33000),
        ("CAPTURE", -995),
    ]
    hold = entries[1]
    assert hold["jobofferId"] == hiring.proposal_id
    assert hold["contractId"] == done["contractId"]
    assert hold["milestoneId"] == done["milestoneId"]
    books_clean(client)
    contract = client.get(f"{API}/contracts/{done['contractId']}", headers=hiring.headers).json()
    shown = contract["contract"]
    assert shown["status"] == "active"
    assert shown["paymentType"] == "FIXED_PRICE"
    assert shown["rateUsd"] == 300
    assert shown["jobDmConversationId"]
    [milestone] = shown["milestones"]
    assert milestone["status"] == "ACTIVE_FUNDED"
    assert milestone["amountUsd"] == 300
    assert milestone["milestoneNumber"] == 1
    assert milestone["dueDate"] == "2026-07-01T00:00:00.000Z"
    assert milestone["invoiceId"]
    proposal = client.get(f"{API}/proposals/{hiring.proposal_id}", headers=hiring.headers).json()
    assert proposal["proposal"]["status"]["raw"] == "HIRED"
    assert proposal["proposal"]["contract"] == {"id": done["contractId"], "status": "active"}
    assert event_types(client, hiring) == [
        "proposal.received",
        "proposal.status_changed",
        "contract.created",
        "milestone.status_changed",
        "approval.confirmed",
    ]
    # The confirmation happened once: a second one changes nothing.
    assert_conflict(confirm(client, created["id"]), "approval_not_pending", status="confirmed")
    assert count(client, "contracts") == 1
    assert credits(client, hiring) == (500, 33000)


def test_confirming_with_credits_that_no_longer_cover_it_keeps_it_pending(
    client: TestClient,
) -> None:
    hiring = setup_hiring(client, credits_cents=CHARGE - 1, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    response = confirm(client, created["id"], {"paymentSource": "credits"})
    assert_conflict(response, "insufficient_credits")
    assert approval(client, hiring, created["id"])["status"] == "pending"
    assert count(client, "contracts") == 0
    assert credits(client, hiring) == (CHARGE - 1, 0)
    proposal = client.get(f"{API}/proposals/{hiring.proposal_id}", headers=hiring.headers).json()
    assert proposal["proposal"]["status"]["raw"] == "UNREVIEWED"
    assert "approval.confirmed" not in event_types(client, hiring)
    books_clean(client)


def test_confirming_without_any_payment_method_keeps_it_pending(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    put_card(client, hiring.org, None)
    response = confirm(client, created["id"])
    assert_conflict(response, "payment_method_required", billingUrl="http://hirehall.test/billing")
    assert approval(client, hiring, created["id"])["status"] == "pending"
    assert count(client, "contracts") == 0


def test_a_card_hire_moves_no_credits(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    done = confirm_ok(client, hire_ok(client, hiring)["id"])
    assert credits(client, hiring) == (0, 0)
    assert ledger(client, hiring) == []
    contract = client.get(f"{API}/contracts/{done['contractId']}", headers=hiring.headers).json()
    assert contract["contract"]["milestones"][0]["status"] == "ACTIVE_FUNDED"
    pending = client.get(f"{API}/payments/pending", headers=hiring.headers).json()
    assert pending["payments"] == []
    books_clean(client)


def test_a_failing_card_confirms_and_leaves_the_invoice_pending(client: TestClient) -> None:
    """D38: the human said yes, so the approval is confirmed and the contract exists; the
    milestone waits for its invoice, which a human pays on /billing."""
    hiring = setup_hiring(client, card=FAILING_CARD)
    done = confirm_ok(client, hire_ok(client, hiring)["id"])
    assert done["status"] == "confirmed"
    contract = client.get(f"{API}/contracts/{done['contractId']}", headers=hiring.headers).json()
    [milestone] = contract["contract"]["milestones"]
    assert milestone["status"] == "NOT_FUNDED"
    pending = client.get(f"{API}/payments/pending", headers=hiring.headers).json()["payments"]
    assert [(p["id"], p["status"], p["amountUsd"]) for p in pending] == [
        (milestone["invoiceId"], "PENDING_FUNDING", 339.95)
    ]
    feed = events(client, hiring.employer)
    assert [e["type"] for e in feed][-3:] == [
        "milestone.status_changed",
        "payment.pending",
        "approval.confirmed",
    ]
    payment = feed[-2]
    assert payment["resourceId"] == milestone["invoiceId"]
    assert payment["data"] == {
        "invoiceId": milestone["invoiceId"],
        "milestoneId": milestone["id"],
        "contractId": done["contractId"],
    }
    assert feed[-3]["data"]["status"] == "NOT_FUNDED"
    assert credits(client, hiring) == (0, 0)
    books_clean(client)


def test_operator_submit_needs_a_funded_milestone(client: TestClient) -> None:
    hiring = setup_hiring(client, card=FAILING_CARD)
    done = confirm_ok(client, hire_ok(client, hiring)["id"])
    response = act(client, f"/act/milestones/{done['milestoneId']}/submit", {})
    assert_conflict(response, "milestone_not_funded")


def _expire_due(client: TestClient, limit: int) -> int:
    """The worker's pass, run as the worker runs it: one unit of work on the app's runtime."""
    from hirehall.approvals.service import expire_due

    runtime = client.app.state.runtime  # type: ignore[attr-defined]

    async def run() -> int:
        async with runtime.uow(write=True) as uow:
            return await expire_due(uow, limit)

    assert client.portal is not None
    return int(client.portal.call(run))


def test_the_worker_expires_due_approvals_once(frozen_client: TestClient) -> None:
    client = frozen_client
    first = setup_hiring(client, card=GOOD_CARD)
    second = setup_hiring(client, card=GOOD_CARD)
    a, b = hire_ok(client, first), hire_ok(client, second)
    assert _expire_due(client, 10) == 0
    move_clock(client, 72 * 3600)
    assert _expire_due(client, 1) == 1
    assert _expire_due(client, 10) == 1
    assert _expire_due(client, 10) == 0
    for hiring, created in ((first, a), (second, b)):
        shown = approval(client, hiring, created["id"])
        assert shown["status"] == "expired"
        assert shown["resolvedAt"] == created["expiresAt"]
        assert event_types(client, hiring).count("approval.confirmed") == 1


def test_the_operators_worker_run_expires_approvals(frozen_client: TestClient) -> None:
    client = frozen_client
    hiring = setup_hiring(client, card=GOOD_CARD)
    created = hire_ok(client, hiring)
    move_clock(client, 72 * 3600)
    ran = client.post("/api/admin/v1/worker/run", headers=admin_headers())
    assert ran.status_code == 200, ran.text
    assert ran.json()["ran"]["expiries"] == 1
    assert db_query(client, "SELECT status FROM approvals") == [("expired",)]
    assert approval(client, hiring, created["id"])["resolvedAt"] == created["expiresAt"]
