"""Hot reads are one statement (issue 10): `GET /auth/me`, `GET /updates` and the proposal
detail send the bearer's authentication and their data together (`auth.repository.
with_bearer`); the sandbox adds its clock read. Every other answer keeps its order (401 before
400, D4). Statements are counted with SQLAlchemy's cursor events on the app's own engine."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.messaging_helpers import submitted_proposal
from tests.api.test_invite_round_trips import statements
from tests.conftest import bearer
from tests.factories import make_employer, make_token, make_trainer

API = "/api/public/v1"


def _one_statement(client: TestClient, path: str, token: str) -> Any:
    client.get(path, headers=bearer(token))  # the token's lastUsedAt write happens here
    with statements(client) as (seen, _hot):
        answer = client.get(path, headers=bearer(token))
    assert answer.status_code == 200, answer.text
    # SQLite's read transaction begins explicitly (a local call, no round trip); PostgreSQL's
    # reads run in autocommit.
    seen = [statement for statement in seen if statement != "BEGIN"]
    assert len(seen) == 2, seen
    assert seen[0].startswith("SELECT sandbox_clock.offset_ms"), seen
    assert seen[1].startswith("WITH bearer AS"), seen
    return answer.json()


def test_auth_me_is_one_statement(client: TestClient) -> None:
    employer = make_employer(client)
    me = _one_statement(client, f"{API}/auth/me", employer.token)
    assert me["account"]["organizationId"] == employer.account["id"]
    assert me["actor"]["userId"]
    assert me["token"]["ownerOrganizationId"] == employer.account["id"]


def test_the_proposal_detail_is_one_statement(client: TestClient) -> None:
    employer = make_employer(client)
    trainer = make_trainer(client)
    invited = client.post(
        f"{API}/jobs/{employer.job['id']}/invites",
        json={"freelancerId": trainer["id"]},
        headers=bearer(employer.token),
    )
    proposal_id = invited.json()["proposalId"]
    detail = _one_statement(client, f"{API}/proposals/{proposal_id}", employer.token)
    assert detail["proposal"]["id"] == proposal_id
    assert detail["proposal"]["aiInterview"] is None
    # Another account's proposal: the 403 of D11, from the same statement.
    other = make_employer(client)
    refused = client.get(f"{API}/proposals/{proposal_id}", headers=bearer(other.token))
    assert refused.status_code == 403, refused.text
    missing = client.get(f"{API}/proposals/{'0' * 26}", headers=bearer(employer.token))
    assert missing.status_code == 404
    assert missing.json()["details"] == {"proposalId": "0" * 26}


def test_the_updates_feed_is_one_statement(client: TestClient) -> None:
    employer = make_employer(client)
    page = _one_statement(client, f"{API}/updates", employer.token)
    assert page["hasMore"] is False


@pytest.mark.parametrize(
    ("path", "token", "status"),
    [
        ("/updates?cursor=x", "ot_pat_0000_not-a-token", 401),  # authentication first
        ("/updates?cursor=x", None, 400),
        ("/updates?limit=0", None, 400),
        ("/auth/me", "ot_pat_0000_not-a-token", 401),
        ("/proposals/not-an-id", "ot_pat_0000_not-a-token", 401),
        ("/proposals/not-an-id", None, 404),
    ],
)
def test_every_other_answer_keeps_its_order(
    client: TestClient, path: str, token: str | None, status: int
) -> None:
    employer = make_employer(client)
    answer = client.get(f"{API}{path}", headers=bearer(token or employer.token))
    assert answer.status_code == status, answer.text


def test_a_token_that_sees_fewer_types_reads_only_those(client: TestClient) -> None:
    """The one-statement page has every type; a token with fewer feed scopes reads its own."""
    employer = make_employer(client)
    submitted_proposal(client, employer, make_trainer(client)["id"])
    everything = client.get(f"{API}/updates", headers=bearer(employer.token)).json()
    assert any(event["type"] == "proposal.received" for event in everything["events"])
    messages_only = make_token(client, employer.account["id"], scopes=["messages:read"])
    narrow = client.get(f"{API}/updates", headers=bearer(messages_only))
    assert narrow.status_code == 200, narrow.text
    assert narrow.json()["events"] == []


def test_a_jobs_list_is_one_statement_with_its_pages_and_checks(client: TestClient) -> None:
    employer = make_employer(client)
    job = employer.job["id"]
    invited = []
    for _ in range(3):
        trainer = make_trainer(client)
        answer = client.post(
            f"{API}/jobs/{job}/invites",
            json={"freelancerId": trainer["id"]},
            headers=bearer(employer.token),
        )
        invited.append(answer.json()["proposalId"])
    first = _one_statement(client, f"{API}/jobs/{job}/proposals?limit=2", employer.token)
    assert [p["id"] for p in first["proposals"]] == invited[::-1][:2]  # newest first
    cursor = first["nextCursor"]
    assert cursor == invited[1]
    rest = _one_statement(
        client, f"{API}/jobs/{job}/proposals?limit=2&cursor={cursor}", employer.token
    )
    assert [p["id"] for p in rest["proposals"]] == invited[:1]
    assert rest["nextCursor"] is None
    by_status = _one_statement(client, f"{API}/jobs/{job}/proposals?status=invited", employer.token)
    assert len(by_status["proposals"]) == 3
    empty = _one_statement(client, f"{API}/jobs/{job}/proposals?status=hired", employer.token)
    assert empty == {"proposals": [], "nextCursor": None}
    # A cursor of another job, another account's job, a missing job: the ordinary answers.
    other = make_employer(client)
    foreign_cursor = client.get(
        f"{API}/jobs/{job}/proposals?cursor={other.job['id']}", headers=bearer(employer.token)
    )
    assert foreign_cursor.status_code == 400
    assert foreign_cursor.json()["details"] == {"field": "cursor"}
    foreign_job = client.get(f"{API}/jobs/{job}/proposals", headers=bearer(other.token))
    assert foreign_job.status_code == 403
    missing = client.get(f"{API}/jobs/{'0' * 26}/proposals", headers=bearer(employer.token))
    assert missing.status_code == 404
