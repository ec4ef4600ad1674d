"""Proposals ready for the AI interview, and its answers, for the interview tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import admin_headers, db_execute
from tests.factories import Employer, make_account, make_job, make_token, make_trainer

JOB_FIELDS: dict[str, Any] = {
    "paymentType": "PAY_PER_HOUR",
    "pricePerHour": 15,
    "dataType": "TEXT",
    "labelTypes": ["Sentiment"],
    "languages": ["Spanish"],
    "experienceLevel": "INTERMEDIATE",
    "dataVolume": 10000,
    "dataVolumeUnit": "NUMBER_OF_FILES",
    "projectDuration": "4 weeks",
    "timeRequirement": "20 hours per week",
}
ANSWERS = [
    "I labeled sentiment for 8,000 Spanish text reviews last year; a glossary kept it consistent.",
    "Spanish is my native language. Write to maria@example.com or +34 600 123 456 for samples.",
    "Two years of intermediate annotation work, reviewed weekly by a lead.",
    "About 3,000 files per week, so the 10000 files take under 4 weeks.",
    "20 hours per week, weekdays, Madrid time. Portfolio: https://maria.example.org/work",
]


def employer_with_job(client: TestClient, **account: Any) -> Employer:
    acct = make_account(client, **account)
    job = make_job(client, acct["id"], **JOB_FIELDS)
    return Employer(acct, make_token(client, acct["id"]), job)


def invite(client: TestClient, employer: Employer, trainer_id: str | None = None) -> str:
    trainer_id = trainer_id or make_trainer(client)["id"]
    response = client.post(
        f"/api/public/v1/jobs/{employer.job['id']}/invites",
        json={"freelancerId": trainer_id},
        headers=employer.headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["proposalId"])


def submitted(
    client: TestClient,
    employer: Employer,
    status: str = "UNREVIEWED",
    trainer_id: str | None = None,
) -> str:
    """An invite the trainer accepted (operator act), then moved to `status` by the employer's
    humans (operator status operation); HIRED is written directly, as no hire exists yet."""
    proposal_id = invite(client, employer, trainer_id)
    accepted = client.post(
        f"/api/admin/v1/act/proposals/{proposal_id}/accept",
        json={"bid": {"amountUsd": 20}},
        headers=admin_headers(),
    )
    assert accepted.status_code == 200, accepted.text
    if status == "HIRED":
        sql = "UPDATE proposals SET status = 'HIRED' WHERE id = :id"
        db_execute(client, sql, id=proposal_id)
    elif status != "UNREVIEWED":
        moved = client.post(
            f"/api/admin/v1/proposals/{proposal_id}/status",
            json={"status": status},
            headers=admin_headers(),
        )
        assert moved.status_code == 200, moved.text
    return proposal_id


def act_url(proposal_id: str) -> str:
    return f"/api/admin/v1/act/proposals/{proposal_id}/interview"


def take(client: TestClient, proposal_id: str, answers: Any = None) -> Any:
    body = {"answers": ANSWERS if answers is None else answers}
    return client.post(act_url(proposal_id), json=body, headers=admin_headers())
