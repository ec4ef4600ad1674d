"""Operator API additions of the hiring loop: trainers' `email` and accounts' `ownerEmail`
(unique among users, 409 `email_taken`), never shown by the public API."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import admin_headers, bearer
from tests.factories import make_account, make_employer, make_trainer

A = "/api/admin/v1"


def _conflict(response: Any) -> None:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["code"] == "CONFLICT"
    assert body["details"] == {"reason": "email_taken"}
    assert body["error"] == "Another user already has this email."
    assert body["requestId"]


def test_trainer_email_is_set_normalized_and_shown_to_the_operator(client: TestClient) -> None:
    trainer = make_trainer(client, email="Ana.Trainer@Example.COM")
    assert trainer["email"] == "ana.trainer@example.com"
    fetched = client.get(f"{A}/freelancers/{trainer['id']}", headers=admin_headers()).json()
    assert fetched["freelancer"]["email"] == "ana.trainer@example.com"
    patched = client.patch(
        f"{A}/freelancers/{trainer['id']}",
        json={"email": "ana@example.com"},
        headers=admin_headers(),
    )
    assert patched.status_code == 200
    assert patched.json()["freelancer"]["email"] == "ana@example.com"
    assert make_trainer(client)["email"] is None


def test_trainer_email_taken_is_409(client: TestClient) -> None:
    make_trainer(client, email="ana@example.com")
    again = client.post(
        f"{A}/freelancers",
        json={"firstName": "A", "lastName": "B", "email": "ANA@example.com"},
        headers=admin_headers(),
    )
    _conflict(again)
    account = make_account(client, ownerEmail="boss@example.com")
    other = make_trainer(client)
    _conflict(
        client.patch(
            f"{A}/freelancers/{other['id']}",
            json={"email": "boss@example.com"},
            headers=admin_headers(),
        )
    )
    assert account["ownerEmail"] == "boss@example.com"


def test_owner_email_defaults_is_set_and_taken_is_409(client: TestClient) -> None:
    account = make_account(client, ownerEmail="Boss@Example.com")
    assert account["ownerEmail"] == "boss@example.com"
    _conflict(
        client.post(
            f"{A}/accounts",
            json={"name": "B", "ownerEmail": "boss@example.com"},
            headers=admin_headers(),
        )
    )
    make_trainer(client, email="t@example.com")
    _conflict(
        client.patch(
            f"{A}/accounts/{account['id']}",
            json={"ownerEmail": "t@example.com"},
            headers=admin_headers(),
        )
    )
    moved = client.patch(
        f"{A}/accounts/{account['id']}",
        json={"ownerEmail": "new@example.com"},
        headers=admin_headers(),
    )
    assert moved.status_code == 200
    assert moved.json()["account"]["ownerEmail"] == "new@example.com"


@pytest.mark.parametrize("email", ["", "no-at-sign", "a@b", "a b@example.com", 7])
def test_bad_emails_are_400(client: TestClient, email: Any) -> None:
    trainer = client.post(
        f"{A}/freelancers",
        json={"firstName": "A", "lastName": "B", "email": email},
        headers=admin_headers(),
    )
    assert trainer.status_code == 400
    assert trainer.json()["details"]["issues"][0]["path"] == ["email"]
    account = client.post(
        f"{A}/accounts", json={"name": "A", "ownerEmail": email}, headers=admin_headers()
    )
    assert account.status_code == 400
    assert account.json()["details"]["issues"][0]["path"] == ["ownerEmail"]


def test_no_public_answer_carries_a_trainer_email(client: TestClient) -> None:
    trainer = make_trainer(client, email="secret.trainer@example.com", profileSlug="sec-t")
    employer = make_employer(client)
    invite = client.post(
        f"/api/public/v1/jobs/{employer.job['id']}/invites",
        json={"freelancerId": trainer["id"]},
        headers=employer.headers,
    )
    assert invite.status_code == 201
    answers = [
        client.get(f"/api/public/v1/freelancers/{trainer['id']}", headers=employer.headers),
        client.get("/api/public/v1/freelancers/sec-t", headers=employer.headers),
        client.get(f"/api/public/v1/jobs/{employer.job['id']}/proposals", headers=employer.headers),
        client.get(
            f"/api/public/v1/proposals/{invite.json()['proposalId']}",
            headers=bearer(employer.token),
        ),
        client.get("/api/public/v1/jobs"),
    ]
    for answer in answers:
        assert answer.status_code in (200, 201), answer.text
        assert "secret.trainer" not in answer.text
