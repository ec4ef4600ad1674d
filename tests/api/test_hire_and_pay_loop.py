"""Issue 8's acceptance walk over HTTP, as its parties would do it: the agent tops up
through the checkout link (the human pays on the checkout page), asks to hire (202), the
owner signs in and confirms on the approval page; the contract and its funded milestone
exist and the ledger holds the exact fee arithmetic; the trainer submits the work on the
trainer page; the agent asks to release (202), the owner confirms; the milestone is PAID,
the worker pays the trainer out, and /updates carries every event in order. The books verify
clean at the end."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from tests.conftest import admin_headers, bearer, db_query
from tests.factories import make_account, make_job, make_token, make_trainer
from tests.pages import csrf_of, sign_in

API = "/api/public/v1"
OWNER = "owner@acme.example"
TRAINER = "sofia.trainer@example.com"


def test_top_up_hire_confirm_submit_release_paid(client: TestClient) -> None:
    account = make_account(client, name="Acme Speech", ownerEmail=OWNER)
    agent = bearer(make_token(client, account["id"]))
    job = make_job(client, account["id"], title="Sentiment labeling", paymentType="FIXED_PRICE")
    trainer = make_trainer(client, firstName="Sofia", lastName="Lopez", email=TRAINER)

    def call(method: str, path: str, body: Any = None, status: int = 200) -> Any:
        response = client.request(method, f"{API}{path}", json=body, headers=agent)
        assert response.status_code == status, response.text
        return response.json()

    invited = call("POST", f"/jobs/{job['id']}/invites", {"freelancerId": trainer["id"]}, 201)
    proposal_id = invited["proposalId"]
    accepted = client.post(
        f"/api/admin/v1/act/proposals/{proposal_id}/accept",
        json={"bid": {"amountUsd": 300}},
        headers=admin_headers(),
    )
    assert accepted.status_code == 200

    # 1. Top-up through the checkout page (a secret link: no sign-in).
    top_up = call("POST", "/credits/top-ups", {"amountUsd": 400}, 201)
    link = urlsplit(top_up["checkoutUrl"])
    checkout = client.get(f"{link.path}?{link.query}")
    assert checkout.status_code == 200
    paid = client.post(
        link.path,
        data={"csrf": csrf_of(checkout.text), "s": link.query.split("s=", 1)[1],
              "card": "4242 4242 4242 4242"},
        follow_redirects=False,
    )  # fmt: skip
    assert paid.status_code == 303, paid.text
    assert call("GET", f"/credits/top-ups/{top_up['topUpId']}")["topUp"]["status"] == "COMPLETED"

    # 2. The agent asks to hire: 202, nothing moves yet.
    milestone = {"name": "First labeling batch", "description": "5,000 posts", "amount": 300}
    requested = call("POST", f"/proposals/{proposal_id}/hire", {"milestone": milestone}, 202)
    approval = requested["approval"]
    assert approval["status"] == "pending"
    assert call("GET", "/credits")["credits"]["availableCents"] == 40000

    # 3. The owner signs in and confirms on the approval page.
    page_path = urlsplit(approval["approvalUrl"]).path
    sign_in(client, OWNER, page_path)
    page = client.get(page_path)
    assert "Total" in page.text
    assert "$339.95" in page.text
    assert "Your credits" in page.text
    done = client.post(
        f"{page_path}/confirm", data={"csrf": csrf_of(page.text)}, follow_redirects=False
    )
    assert done.status_code == 303, done.text

    # 4. The contract, its funded milestone, the exact money.
    confirmed = call("GET", f"/approvals/{approval['id']}")["approval"]
    assert confirmed["status"] == "confirmed"
    contract_id = confirmed["contractId"]
    contract = call("GET", f"/contracts/{contract_id}")["contract"]
    [first] = contract["milestones"]
    assert (first["status"], first["amountUsd"]) == ("ACTIVE_FUNDED", 300)
    balance = call("GET", "/credits")["credits"]
    assert (balance["availableCents"], balance["reservedCents"]) == (40000 - 33995, 33000)
    entries = list(reversed(call("GET", "/credits/ledger")["entries"]))
    assert [(e["type"], e["amountCents"]) for e in entries] == [
        ("TOP_UP", 40000),
        ("HOLD", -33000),  # $300 + 10% = $330.00 held
        ("CAPTURE", -995),  # the $9.95 contract initiation fee
    ]

    # 5. The trainer signs in and submits the work on the trainer page.
    client.cookies.clear()
    sign_in(client, TRAINER, f"/trainer/contracts/{contract_id}")
    trainer_page = client.get(f"/trainer/contracts/{contract_id}")
    assert trainer_page.status_code == 200
    submitted = client.post(
        f"/trainer/milestones/{first['id']}/submit",
        data={"csrf": csrf_of(trainer_page.text), "note": "All done."},
        follow_redirects=False,
    )
    assert submitted.status_code == 303, submitted.text
    contract = call("GET", f"/contracts/{contract_id}")["contract"]
    assert contract["milestones"][0]["pendingApproval"] is True

    # 6. The agent asks to release: 202; the owner confirms on the page.
    release = call("POST", f"/milestones/{first['id']}/approve", None, 202)["approval"]
    client.cookies.clear()
    page_path = urlsplit(release["approvalUrl"]).path
    sign_in(client, OWNER, page_path)
    page = client.get(page_path)
    assert "Paid to the trainer" in page.text
    done = client.post(
        f"{page_path}/confirm", data={"csrf": csrf_of(page.text)}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    released = call("GET", f"/approvals/{release['id']}")["approval"]
    assert released["result"]["invoiceId"] == first["invoiceId"]
    contract = call("GET", f"/contracts/{contract_id}")["contract"]
    assert contract["milestones"][0]["status"] == "PAID"
    balance = call("GET", "/credits")["credits"]
    assert (balance["availableCents"], balance["reservedCents"]) == (6005, 0)
    last = call("GET", "/credits/ledger")["entries"][0]
    assert (last["type"], last["amountCents"]) == ("CAPTURE", -33000)
    assert last["holdEntryId"] == entries[1]["id"]
    assert last["id"] == released["result"]["payoutTransactionId"]

    # 7. /updates carries every event, in order.
    feed = call("GET", "/updates", None)["events"]
    assert [(e["type"], e["data"].get("status")) for e in feed] == [
        ("proposal.received", None),
        ("proposal.status_changed", "HIRED"),
        ("contract.created", None),
        ("milestone.status_changed", "ACTIVE_FUNDED"),
        ("approval.confirmed", "confirmed"),
        ("milestone.status_changed", "PENDING_APPROVAL"),
        ("milestone.status_changed", "PAID"),
        ("approval.confirmed", "confirmed"),
    ]
    # 8. The worker pays the trainer's $300 out (the $30 fee and $9.95 stay with the platform).
    ran = client.post("/api/admin/v1/worker/run", headers=admin_headers()).json()["ran"]
    assert ran["payouts"] == 1
    paid_out = db_query(
        client, "SELECT key, balance_cents FROM ledger_balances WHERE key IN "
        "('trainer_payable', 'payouts', 'fees') ORDER BY key",
    )  # fmt: skip
    assert paid_out == [("fees", 3000 + 995), ("payouts", 30000), ("trainer_payable", 0)]
    verify = client.get("/api/admin/v1/ledger/verify", headers=admin_headers()).json()
    assert verify["ok"] is True
    assert verify["problems"] == []
