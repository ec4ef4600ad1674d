"""Setting up threads for the messaging tests: a submitted proposal, its conversation, and
messages from either side (the trainer's through the operator's act, as the pages do)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import admin_headers, db_query
from tests.factories import Employer, make_employer, make_trainer

API = "/api/public/v1"


def invited_proposal(client: TestClient, employer: Employer, trainer_id: str) -> str:
    response = client.post(
        f"{API}/jobs/{employer.job['id']}/invites",
        json={"freelancerId": trainer_id},
        headers=employer.headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["proposalId"])


def submitted_proposal(client: TestClient, employer: Employer, trainer_id: str) -> str:
    """An invited proposal the trainer accepted with a bid (UNREVIEWED), through the
    operator's act, as the trainer's page would."""
    proposal_id = invited_proposal(client, employer, trainer_id)
    response = client.post(
        f"/api/admin/v1/act/proposals/{proposal_id}/accept",
        json={"bid": {"amountUsd": 18, "unit": "PER_HOUR"}},
        headers=admin_headers(),
    )
    assert response.status_code == 200, response.text
    return proposal_id


def start(client: TestClient, employer: Employer, proposal_id: str) -> Any:
    return client.post(f"{API}/proposals/{proposal_id}/conversation", headers=employer.headers)


class Thread:
    """An employer, a trainer, a submitted proposal and its open conversation."""

    def __init__(self, client: TestClient, employer: Employer | None = None) -> None:
        self.client = client
        self.employer = employer or make_employer(client)
        self.trainer = make_trainer(client)
        self.proposal_id = submitted_proposal(client, self.employer, self.trainer["id"])
        response = start(client, self.employer, self.proposal_id)
        assert response.status_code == 201, response.text
        self.id = str(response.json()["conversationId"])

    def employer_says(self, content: str) -> dict[str, Any]:
        response = send(self.client, self.employer.headers, self.id, content)
        assert response.status_code == 201, response.text
        return dict(response.json()["message"])

    def trainer_says(self, content: str) -> dict[str, Any]:
        response = act_send(self.client, self.trainer["id"], self.id, content)
        assert response.status_code == 201, response.text
        return dict(response.json()["message"])


def send(client: TestClient, headers: dict[str, str], conversation_id: str, content: Any) -> Any:
    body = {"conversationId": conversation_id, "content": content}
    return client.post(f"{API}/messages", json=body, headers=headers)


def act_send(client: TestClient, user_id: str, conversation_id: str, content: str) -> Any:
    body = {"userId": user_id, "conversationId": conversation_id, "content": content}
    return client.post("/api/admin/v1/act/messages", json=body, headers=admin_headers())


def messages(client: TestClient, headers: dict[str, str], **params: Any) -> Any:
    return client.get(f"{API}/messages", params=params, headers=headers)


def message_count(client: TestClient) -> int:
    return int(db_query(client, "SELECT count(*) FROM messages")[0][0])  # type: ignore[call-overload]


def conversation_count(client: TestClient) -> int:
    return int(db_query(client, "SELECT count(*) FROM conversations")[0][0])  # type: ignore[call-overload]


def assert_error(response: Any, status: int, code: str, /, **details: Any) -> dict[str, Any]:
    """The envelope with `code`, and `details` holding at least the given keys and values."""
    assert response.status_code == status, response.text
    body = dict(response.json())
    assert set(body) <= {"error", "code", "requestId", "details"}
    assert body["code"] == code
    assert isinstance(body["error"], str)
    assert body["error"]
    assert body["requestId"] == response.headers["x-request-id"]
    for key, value in details.items():
        assert body["details"][key] == value, body
    return body
