"""Contracts and milestones (2.8.1-2.8.6, D37, D38): reads, create (direct), fund and
approve (co-signed), end (direct or co-signed), the trainer's submit and usage, budgets,
and every 409 reason and error row, with what the database holds after each refusal."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.hiring_helpers import (
    API,
    GOOD_CARD,
    Hiring,
    act,
    assert_conflict,
    books_clean,
    confirm,
    confirm_ok,
    contract,
    count,
    credits,
    give_credits,
    hired,
    ledger,
    post,
    put_card,
    setup_hiring,
)
from tests.api.lifecycle_helpers import events
from tests.conftest import admin_headers, bearer, db_execute, db_query
from tests.factories import make_account, make_token

HOURLY = {"paymentType": "PAY_PER_HOUR", "pricePerHour": 15}


def _milestone(client: TestClient, hiring: Hiring, contract_id: str, **body: Any) -> Any:
    return post(client, hiring, f"/contracts/{contract_id}/milestones", body)


def _new_milestone(client: TestClient, hiring: Hiring, contract_id: str, **body: Any) -> Any:
    response = _milestone(client, hiring, contract_id, **{"description": "Batch", **body})
    assert response.status_code == 201, response.text
    return response.json()["milestone"]


def test_list_and_get_contracts(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    shown = hired(client, hiring)
    listed = client.get(f"{API}/contracts", headers=hiring.headers).json()["contracts"]
    assert [c["id"] for c in listed] == [shown["id"]]
    assert "budget" not in listed[0]
    assert "jobDmConversationId" not in listed[0]
    assert listed[0]["freelancer"] == {
        "userId": hiring.trainer["id"],
        "displayName": hiring.trainer["displayName"],
        "country": "Spain",
        "profilePath": f"/profile/{hiring.trainer['profileSlug']}",
    }
    assert "lastName" not in str(listed[0])
    for query, expected in (
        ({"status": "active"}, [shown["id"]]),
        ({"status": "ended"}, []),
        ({"jobId": hiring.employer.job["id"]}, [shown["id"]]),
    ):
        got = client.get(f"{API}/contracts", params=query, headers=hiring.headers).json()
        assert [c["id"] for c in got["contracts"]] == expected
    assert shown["budget"] == {
        "contractId": shown["id"],
        "paymentType": "FIXED_PRICE",
        "state": "OK",
        "fundedVolume": 0,
        "fundedAmountUsd": 300,
        "consumed": {"seconds": 0, "hours": 0, "labels": 0, "tasks": 0},
        "consumedVolume": 0,
        "remainingVolume": 0,
        "consumedFraction": 0,
        "activeMilestone": {
            "id": shown["milestones"][0]["id"],
            "name": "First labeling batch",
            "amountUsd": 300,
            "volume": None,
            "status": "ACTIVE_FUNDED",
        },
        "lastUsageAt": None,
    }
    thread = client.get(
        f"{API}/messages",
        params={"conversationId": shown["jobDmConversationId"]},
        headers=hiring.headers,
    )
    assert thread.status_code == 200, thread.text
    assert thread.json()["conversation"]["bucket"] == "job"


def test_contract_reads_refuse_bad_queries_and_other_accounts(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    shown = hired(client, hiring)
    bad = client.get(f"{API}/contracts", params={"status": "open"}, headers=hiring.headers)
    assert bad.status_code == 400
    assert bad.json()["details"]["field"] == "status"
    missing = client.get(f"{API}/contracts", params={"jobId": "0" * 26}, headers=hiring.headers)
    assert missing.status_code == 404
    stranger = bearer(make_token(client, make_account(client)["id"]))
    foreign = client.get(
        f"{API}/contracts", params={"jobId": hiring.employer.job["id"]}, headers=stranger
    )
    assert foreign.status_code == 403
    assert client.get(f"{API}/contracts", headers=stranger).json() == {"contracts": []}
    hidden = client.get(f"{API}/contracts/{shown['id']}", headers=stranger)
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "NOT_FOUND"
    no_scope = bearer(make_token(client, hiring.org, scopes=["jobs:read"]))
    refused = client.get(f"{API}/contracts/{shown['id']}", headers=no_scope)
    assert refused.status_code == 403
    assert refused.json()["details"]["requiredScopes"] == ["payments:read"]


def test_create_milestone_fixed_price(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    shown = hired(client, hiring)
    created = _new_milestone(
        client, hiring, shown["id"], name="Second batch", amountUsd=120.5, dueDate="2026-07-15"
    )
    assert created == {
        "id": created["id"],
        "name": "Second batch",
        "description": "Batch",
        "status": "NOT_FUNDED",
        "amountUsd": 120.5,
        "volume": None,
        "milestoneNumber": 2,
        "dueDate": "2026-07-15T00:00:00.000Z",
        "pendingApproval": False,
        "needsReview": False,
        "invoiceId": None,
        "createdAt": created["createdAt"],
    }
    feed = events(client, hiring.employer)
    assert feed[-1]["type"] == "milestone.status_changed"
    assert feed[-1]["data"] == {
        "milestoneId": created["id"],
        "contractId": shown["id"],
        "status": "NOT_FUNDED",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({}, "description", id="no-description"),
        pytest.param({"description": "  ", "amountUsd": 10}, "description", id="blank"),
        pytest.param({"description": "x"}, "amountUsd", id="fixed-needs-amount"),
        pytest.param({"description": "x", "amountUsd": 0}, "amountUsd", id="zero"),
        pytest.param({"description": "x", "amountUsd": -1}, "amountUsd", id="negative"),
        pytest.param({"description": "x", "amountUsd": 1.234}, "amountUsd", id="3-decimals"),
        pytest.param({"description": "x", "amountUsd": "10"}, "amountUsd", id="string"),
        pytest.param(
            {"description": "x", "amountUsd": 10, "dueDate": "2026-02-30"}, "dueDate", id="date"
        ),
    ],
)
def test_create_milestone_bad_input_names_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    shown = hired(client, hiring)
    response = post(client, hiring, f"/contracts/{shown['id']}/milestones", body)
    assert response.status_code == 400, response.text
    assert response.json()["details"]["field"] == field
    assert count(client, "milestones") == 1


def test_create_milestone_hourly_uses_the_rate(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD, pay=HOURLY, bid=18.5)
    shown = hired(client, hiring, amount=185)
    assert shown["paymentType"] == "PAY_PER_HOUR"
    assert shown["rateUsd"] == 18.5
    assert shown["milestones"][0]["volume"] == 10
    created = _new_milestone(client, hiring, shown["id"], volume=4)
    assert (created["amountUsd"], created["volume"]) == (74, 4)
    same = _new_milestone(client, hiring, shown["id"], volume=2, amountUsd=37)
    assert same["milestoneNumber"] == 3
    wrong = _milestone(client, hiring, shown["id"], description="x", volume=2, amountUsd=40)
    assert wrong.status_code == 400
    assert wrong.json()["details"]["field"] == "amountUsd"
    no_volume = _milestone(client, hiring, shown["id"], description="x", amountUsd=40)
    assert no_volume.json()["details"]["field"] == "volume"


def test_create_milestone_without_a_rate_is_contract_rate_missing(client: TestClient) -> None:
    """An hourly job hired on a fixed-price bid has no hourly rate."""
    hiring = setup_hiring(client, card=GOOD_CARD, pay=HOURLY)
    db_execute(
        client,
        "UPDATE proposals SET bid = :bid WHERE id = :id",
        bid='{"amountUsd": 300, "unit": "FIXED_PRICE", "labelerHourlyRateUsd": null}',
        id=hiring.proposal_id,
    )
    shown = hired(client, hiring)
    assert shown["rateUsd"] is None
    response = _milestone(client, hiring, shown["id"], description="x", volume=3)
    assert_conflict(response, "contract_rate_missing")
    assert count(client, "milestones") == 1


def test_fund_then_approve_from_credits(client: TestClient) -> None:
    hiring = setup_hiring(client, credits_cents=33995)
    shown = hired(client, hiring)
    first = shown["milestones"][0]
    give_credits(client, hiring.org, 11000)
    second = _new_milestone(client, hiring, shown["id"], amountUsd=100)
    response = post(client, hiring, f"/milestones/{second['id']}/fund")
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["message"] == (
        "Funding request recorded. A signed-in human must confirm this approval in the "
        "OpenTrain app before any money moves."
    )
    fund = body["approval"]
    assert (fund["type"], fund["status"]) == ("milestone_fund", "pending")
    assert (fund["contractId"], fund["milestoneId"], fund["proposalId"]) == (
        shown["id"],
        second["id"],
        None,
    )
    again = post(client, hiring, f"/milestones/{second['id']}/fund").json()["approval"]
    assert again["id"] == fund["id"]
    done = confirm_ok(client, fund["id"])
    assert set(done["result"]) == {"invoiceId", "paymentIntentId"}
    assert credits(client, hiring) == (0, 33000 + 11000)
    # Approve (release) the first milestone.
    release = post(client, hiring, f"/milestones/{first['id']}/approve")
    assert release.status_code == 202
    assert release.json()["message"].startswith("Release request recorded.")
    released = confirm_ok(client, release.json()["approval"]["id"])
    assert released["result"]["invoiceId"] == first["invoiceId"]
    assert released["result"]["payoutTransactionId"]
    assert credits(client, hiring) == (0, 11000)
    entries = ledger(client, hiring)
    assert [(e["type"], e["amountCents"]) for e in entries] == [
        ("ADJUSTMENT", 33995),
        ("HOLD", -33000),
        ("CAPTURE", -995),
        ("ADJUSTMENT", 11000),
        ("HOLD", -11000),
        ("CAPTURE", -33000),
    ]
    assert entries[-1]["holdEntryId"] == entries[1]["id"]
    assert entries[-1]["id"] == released["result"]["payoutTransactionId"]
    milestones = contract(client, hiring, shown["id"])["milestones"]
    assert [m["status"] for m in milestones] == ["PAID", "ACTIVE_FUNDED"]
    assert_conflict(post(client, hiring, f"/milestones/{first['id']}/approve"),
                    "milestone_already_paid")  # fmt: skip
    assert_conflict(post(client, hiring, f"/milestones/{second['id']}/fund"),
                    "milestone_not_fundable")  # fmt: skip
    books_clean(client)


def test_fund_and_approve_refusals(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    shown = hired(client, hiring)
    unfunded = _new_milestone(client, hiring, shown["id"], amountUsd=50)
    assert_conflict(
        post(client, hiring, f"/milestones/{unfunded['id']}/approve"), "milestone_not_funded"
    )
    put_card(client, hiring.org, None)
    assert_conflict(
        post(client, hiring, f"/milestones/{unfunded['id']}/fund"),
        "payment_method_required",
        billingUrl="http://hirehall.test/billing",
    )
    assert count(client, "approvals") == 1
    for path in ("fund", "approve"):
        missing = post(client, hiring, f"/milestones/{'0' * 26}/{path}")
        assert missing.status_code == 404
    stranger = bearer(make_token(client, make_account(client)["id"]))
    foreign = client.post(f"{API}/milestones/{unfunded['id']}/fund", headers=stranger)
    assert foreign.status_code == 404


def test_end_without_funded_milestones_is_direct(client: TestClient) -> None:
    hiring = setup_hiring(client, card="4000000000000341")
    shown = hired(client, hiring)  # the card failed: nothing is funded
    invoice_id = shown["milestones"][0]["invoiceId"]
    pending = client.get(f"{API}/payments/pending", headers=hiring.headers).json()["payments"]
    assert [p["id"] for p in pending] == [invoice_id]
    response = post(client, hiring, f"/contracts/{shown['id']}/end")
    assert response.status_code == 200, response.text
    assert response.json() == {"ok": True, "contractId": shown["id"], "status": "ended"}
    ended = contract(client, hiring, shown["id"])
    assert ended["status"] == "ended"
    assert ended["endDate"] is not None
    assert ended["milestones"] == []  # the unfunded one is cancelled (hidden)
    # Its invoice is void: nothing is owed for a cancelled milestone (decisions.md).
    assert client.get(f"{API}/payments/pending", headers=hiring.headers).json() == {"payments": []}
    assert db_query(client, "SELECT status FROM invoices WHERE id = :id", id=invoice_id) == [
        ("VOID",)
    ]
    assert_conflict(post(client, hiring, f"/contracts/{shown['id']}/end"), "contract_ended")
    assert_conflict(_milestone(client, hiring, shown["id"], description="x", amountUsd=5),
                    "contract_ended")  # fmt: skip


def test_end_with_funded_milestones_is_co_signed_and_refunds(client: TestClient) -> None:
    hiring = setup_hiring(client, credits_cents=33995)
    shown = hired(client, hiring)
    response = post(client, hiring, f"/contracts/{shown['id']}/end")
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["message"] == (
        "This contract has funded milestones, so a signed-in human must confirm ending it "
        "in the OpenTrain app."
    )
    end = body["approval"]
    assert (end["type"], end["contractId"], end["milestoneId"], end["proposalId"]) == (
        "contract_end",
        shown["id"],
        None,
        None,
    )
    assert post(client, hiring, f"/contracts/{shown['id']}/end").json()["approval"] == end
    done = confirm_ok(client, end["id"])
    assert done["result"] == {"contractEnded": True}
    assert credits(client, hiring) == (33000, 0)  # the initiation fee is not refunded
    entries = ledger(client, hiring)
    assert (entries[-1]["type"], entries[-1]["amountCents"]) == ("HOLD_RELEASE", 33000)
    assert entries[-1]["holdEntryId"] == entries[1]["id"]
    ended = contract(client, hiring, shown["id"])
    assert ended["status"] == "ended"
    assert ended["milestones"] == []
    statuses = db_query(client, "SELECT status FROM milestones")
    assert statuses == [("REFUNDED",)]
    books_clean(client)


def test_submit_and_usage_move_the_budget(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD, pay=HOURLY, bid=20)
    shown = hired(client, hiring, amount=200)  # 10 hours funded
    milestone_id = shown["milestones"][0]["id"]
    usage = act(client, f"/act/contracts/{shown['id']}/usage", {"hours": 7.5})
    assert usage.status_code == 200, usage.text
    budget = usage.json()["budget"]
    assert (budget["state"], budget["fundedVolume"], budget["consumedVolume"]) == ("OK", 10, 7.5)
    assert budget["remainingVolume"] == 2.5
    assert budget["consumed"]["seconds"] == 27000
    low = act(client, f"/act/contracts/{shown['id']}/usage", {"hours": 1}).json()["budget"]
    assert (low["state"], low["remainingVolume"], low["consumedFraction"]) == ("LOW", 1.5, 0.85)
    out = act(client, f"/act/contracts/{shown['id']}/usage", {"hours": 3}).json()["budget"]
    assert (out["state"], out["remainingVolume"], out["consumedVolume"]) == ("DEPLETED", 0, 11.5)
    changes = [e for e in events(client, hiring.employer) if e["type"].startswith("contract.b")]
    assert [(e["data"]["previousState"], e["data"]["state"]) for e in changes] == [
        ("OK", "LOW"),
        ("LOW", "DEPLETED"),
    ]
    assert changes[0]["data"] == {
        "contractId": shown["id"],
        "previousState": "OK",
        "state": "LOW",
        "paymentType": "PAY_PER_HOUR",
        "fundedVolume": 10,
        "consumedVolume": 8.5,
        "remainingVolume": 1.5,
        "consumedFraction": 0.85,
    }
    submitted = act(client, f"/act/milestones/{milestone_id}/submit", {"note": "Done"})
    assert submitted.status_code == 200, submitted.text
    milestone = submitted.json()["milestone"]
    assert (milestone["status"], milestone["pendingApproval"]) == ("PENDING_APPROVAL", True)
    assert_conflict(act(client, f"/act/milestones/{milestone_id}/submit", {}),
                    "milestone_already_submitted")  # fmt: skip
    assert events(client, hiring.employer)[-1]["data"]["status"] == "PENDING_APPROVAL"


def test_usage_refusals(client: TestClient) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    shown = hired(client, hiring)
    assert_conflict(act(client, f"/act/contracts/{shown['id']}/usage", {"hours": 1}),
                    "usage_not_metered")  # fmt: skip
    for body in ({}, {"hours": -1}, {"labels": 1.5}, {"hours": "2"}, {"minutes": 3}):
        response = act(client, f"/act/contracts/{shown['id']}/usage", body)
        assert response.status_code == 400, (body, response.text)
    missing = act(client, f"/act/contracts/{'0' * 26}/usage", {"hours": 1})
    assert missing.status_code == 404
    assert count(client, "milestones") == 1


def test_pay_invoice_action_funds_the_milestone(client: TestClient) -> None:
    """The failing card leaves the hire's invoice pending; the owner replaces the card and
    pays it from the billing page: the milestone is funded, with its event."""
    from tests.pages import csrf_of, sign_in

    hiring = setup_hiring(client, card="4000000000000341")
    shown = hired(client, hiring)
    invoice_id = shown["milestones"][0]["invoiceId"]
    put_card(client, hiring.org, GOOD_CARD)
    owner = client.get(f"/api/admin/v1/accounts/{hiring.org}", headers=admin_headers())
    sign_in(client, owner.json()["account"]["ownerEmail"], "/account")
    billing = client.get("/account")  # any page of the session carries its CSRF token
    assert billing.status_code == 200, billing.text
    paid = client.post(
        f"/billing/invoices/{invoice_id}/pay",
        data={"csrf": csrf_of(billing.text)},
        follow_redirects=False,
    )
    assert paid.status_code == 303, paid.text
    assert paid.headers["location"] == "/billing?done=paid"
    assert "The invoice is paid." in client.get(paid.headers["location"]).text
    after = contract(client, hiring, shown["id"])
    assert after["milestones"][0]["status"] == "ACTIVE_FUNDED"
    assert client.get(f"{API}/payments/pending", headers=hiring.headers).json()["payments"] == []
    feed = events(client, hiring.employer)
    assert feed[-1]["type"] == "milestone.status_changed"
    assert feed[-1]["data"]["status"] == "ACTIVE_FUNDED"
    again = client.post(
        f"/billing/invoices/{invoice_id}/pay",
        data={"csrf": csrf_of(billing.text)},
        follow_redirects=False,
    )
    assert again.status_code == 409
    books_clean(client)
    assert confirm(client, "0" * 26).status_code == 404


WRITES = [
    pytest.param("/contracts/{contract}/milestones", {"description": "x"}, id="milestones"),
    pytest.param("/contracts/{contract}/end", None, id="end"),
    pytest.param("/milestones/{milestone}/fund", None, id="fund"),
    pytest.param("/milestones/{milestone}/approve", None, id="approve"),
]


@pytest.mark.parametrize(("template", "body"), WRITES)
def test_contract_writes_gates_in_the_order_of_d4(
    client: TestClient, template: str, body: Any
) -> None:
    hiring = setup_hiring(client, card=GOOD_CARD)
    shown = hired(client, hiring)
    path = template.format(contract=shown["id"], milestone=shown["milestones"][0]["id"])
    before = (count(client, "approvals"), count(client, "milestones"))
    assert client.post(f"{API}{path}", json=body).status_code == 401
    read_only = bearer(make_token(client, hiring.org, scopes=["payments:read"]))
    scope = client.post(f"{API}{path}", json=body, headers=read_only)
    assert scope.status_code == 403
    assert scope.json()["details"]["requiredScopes"] == ["payments:write"]
    patch = client.patch(
        f"/api/admin/v1/accounts/{hiring.org}",
        json={"features": ["public_api_hiring"], "claimed": False},
        headers=admin_headers(),
    )
    assert patch.status_code == 200
    flag = post(client, hiring, path, body)
    assert flag.status_code == 403
    assert flag.json()["details"]["featureKey"] == "public_api_payments_write"
    client.patch(
        f"/api/admin/v1/accounts/{hiring.org}",
        json={"features": ["public_api_payments_write"]},
        headers=admin_headers(),
    )
    claim = post(client, hiring, path, body)
    assert claim.status_code == 403
    assert claim.json()["details"]["reason"] == "account_claim_required"
    assert (count(client, "approvals"), count(client, "milestones")) == before
