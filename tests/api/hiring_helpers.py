"""Helpers for hires, approvals and contracts: a claimed employer with a submitted proposal,
money given through the operator API (credits, a card on file), the hire request, the
operator's confirm, and reads of what the database holds."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests.api.lifecycle_helpers import accept, events, invite
from tests.conftest import admin_headers, db_query
from tests.factories import Employer, make_employer, make_job, make_trainer

API = "/api/public/v1"
ADMIN = "/api/admin/v1"
GOOD_CARD = "4242424242424242"
FAILING_CARD = "4000000000000341"  # attaches, but every charge fails (D38)
HIRE_MESSAGE = (
    "Hire request recorded. A signed-in human must confirm this approval in the OpenTrain "
    "app before the freelancer is hired and any money moves."
)


@dataclass
class Hiring:
    employer: Employer
    trainer: dict[str, Any]
    proposal_id: str

    @property
    def headers(self) -> dict[str, str]:
        return self.employer.headers

    @property
    def org(self) -> str:
        return str(self.employer.account["id"])


def setup_hiring(
    client: TestClient,
    *,
    credits_cents: int = 0,
    card: str | None = None,
    pay: dict[str, Any] | None = None,
    bid: float = 20,
    trainer: dict[str, Any] | None = None,
    **account: Any,
) -> Hiring:
    """A claimed every-scope account whose open job (fixed price unless `pay` says
    otherwise) has a submitted proposal, with credits and/or a card on file."""
    employer = make_employer(client, **account)
    employer.job = make_job(
        client, employer.account["id"], **(pay or {"paymentType": "FIXED_PRICE", "fixedPrice": 300})
    )
    person = trainer or make_trainer(client)
    proposal_id = invite(client, employer, person["id"])
    response = accept(client, proposal_id, bid)
    assert response.status_code == 200, response.text
    hiring = Hiring(employer, person, proposal_id)
    if credits_cents:
        give_credits(client, hiring.org, credits_cents)
    if card:
        put_card(client, hiring.org, card)
    return hiring


def another_proposal(client: TestClient, hiring: Hiring) -> Hiring:
    """A new trainer's submitted proposal on the same job, as a Hiring of the same employer."""
    trainer = make_trainer(client)
    proposal_id = invite(client, hiring.employer, trainer["id"])
    response = accept(client, proposal_id, 20)
    assert response.status_code == 200, response.text
    return Hiring(hiring.employer, trainer, proposal_id)


def together(n: int, call: Callable[[], Response]) -> list[Response]:
    """`call` n times at once: threads against the one test app, which interleaves them on
    its event loop over separate database connections."""
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(lambda _: call(), range(n)))


def reasons(answers: list[Response]) -> list[str]:
    """Sorted outcomes: the status of a success, the `details.reason` of a refusal."""
    return sorted(
        str(a.status_code) if a.status_code < 300 else a.json()["details"]["reason"]
        for a in answers
    )


def give_credits(client: TestClient, org: str, cents: int) -> None:
    response = client.post(
        f"{ADMIN}/accounts/{org}/credits",
        json={"amountCents": cents, "note": "test credits"},
        headers=admin_headers(),
    )
    assert response.status_code == 201, response.text


def put_card(client: TestClient, org: str, card: str | None) -> None:
    body = {"paymentMethod": None if card is None else {"card": card}}
    response = client.patch(f"{ADMIN}/accounts/{org}", json=body, headers=admin_headers())
    assert response.status_code == 200, response.text


def set_policy(client: TestClient, org: str, policy: str) -> None:
    response = client.patch(
        f"{ADMIN}/accounts/{org}", json={"approvalPolicy": policy}, headers=admin_headers()
    )
    assert response.status_code == 200, response.text


def milestone_terms(amount: float = 300, **extra: Any) -> dict[str, Any]:
    return {"name": "First labeling batch", "amount": amount, **extra}


def hire(
    client: TestClient, hiring: Hiring, body: dict[str, Any] | None = None, **kw: Any
) -> Response:
    payload = body if body is not None else {"milestone": milestone_terms(**kw)}
    return client.post(
        f"{API}/proposals/{hiring.proposal_id}/hire", json=payload, headers=hiring.headers
    )


def hire_ok(client: TestClient, hiring: Hiring, **kw: Any) -> dict[str, Any]:
    response = hire(client, hiring, **kw)
    assert response.status_code == 202, response.text
    return dict(response.json()["approval"])


def confirm(client: TestClient, approval_id: str, body: Any = None) -> Response:
    return client.post(
        f"{ADMIN}/approvals/{approval_id}/confirm", json=body, headers=admin_headers()
    )


def confirm_ok(client: TestClient, approval_id: str, body: Any = None) -> dict[str, Any]:
    response = confirm(client, approval_id, body)
    assert response.status_code == 200, response.text
    return dict(response.json()["approval"])


def decline(client: TestClient, approval_id: str) -> Response:
    return client.post(f"{ADMIN}/approvals/{approval_id}/decline", headers=admin_headers())


def hired(client: TestClient, hiring: Hiring, **kw: Any) -> dict[str, Any]:
    """Hire and confirm: the active contract."""
    approval = confirm_ok(client, hire_ok(client, hiring, **kw)["id"])
    return contract(client, hiring, approval["contractId"])


def contract(client: TestClient, hiring: Hiring, contract_id: str) -> dict[str, Any]:
    response = client.get(f"{API}/contracts/{contract_id}", headers=hiring.headers)
    assert response.status_code == 200, response.text
    return dict(response.json()["contract"])


def approval(client: TestClient, hiring: Hiring, approval_id: str) -> dict[str, Any]:
    response = client.get(f"{API}/approvals/{approval_id}", headers=hiring.headers)
    assert response.status_code == 200, response.text
    return dict(response.json()["approval"])


def credits(client: TestClient, hiring: Hiring) -> tuple[int, int]:
    response = client.get(f"{API}/credits", headers=hiring.headers)
    assert response.status_code == 200, response.text
    body = response.json()["credits"]
    return int(body["availableCents"]), int(body["reservedCents"])


def ledger(client: TestClient, hiring: Hiring) -> list[dict[str, Any]]:
    """The public ledger, oldest first."""
    response = client.get(f"{API}/credits/ledger", params={"limit": 100}, headers=hiring.headers)
    assert response.status_code == 200, response.text
    return list(reversed(response.json()["entries"]))


def post(client: TestClient, hiring: Hiring, path: str, body: Any = None) -> Response:
    return client.post(f"{API}{path}", json=body, headers=hiring.headers)


def act(client: TestClient, path: str, body: Any = None) -> Response:
    return client.post(f"{ADMIN}{path}", json=body, headers=admin_headers())


def event_types(client: TestClient, hiring: Hiring, cursor: str | None = None) -> list[str]:
    return [e["type"] for e in events(client, hiring.employer, cursor)]


def count(client: TestClient, table: str) -> int:
    return int(db_query(client, f"SELECT count(*) FROM {table}")[0][0])  # type: ignore[call-overload]


def nothing_moved(client: TestClient) -> None:
    """No approval, contract, milestone or journal transaction was written."""
    for table in ("approvals", "contracts", "milestones"):
        assert count(client, table) == 0, table


def assert_conflict(response: Response, reason: str, **details: Any) -> dict[str, Any]:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["code"] == "CONFLICT"
    assert body["details"]["reason"] == reason
    for key, value in details.items():
        assert body["details"][key] == value, key
    return dict(body)


def books_clean(client: TestClient) -> None:
    """The operator's verification recomputes every balance from the postings (D37)."""
    response = client.get(f"{ADMIN}/ledger/verify", headers=admin_headers())
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["ok"] is True, report
    assert report["problems"] == [], report


def move_clock(client: TestClient, seconds: int) -> None:
    response = client.post(
        f"{ADMIN}/clock", json={"advanceSeconds": seconds}, headers=admin_headers()
    )
    assert response.status_code == 200, response.text
