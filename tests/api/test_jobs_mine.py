"""GET /jobs/mine (spec 2.4.5, D16): the account's jobs with proposal counts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.jobs_helpers import API, agent, ready_draft
from tests.api.test_invites import assert_envelope
from tests.factories import make_trainer


def test_lists_own_jobs_newest_first_with_proposal_counts(client: TestClient) -> None:
    account, headers = agent(client)
    draft = ready_draft(client, account["id"], title="Draft one")
    live = ready_draft(client, account["id"], title="Live one", status="OPEN")
    ready_draft(client, agent(client)[0]["id"], title="Someone else's")
    for _ in range(2):
        trainer = make_trainer(client)
        body = {"freelancerId": trainer["id"]}
        client.post(f"{API}/jobs/{live['id']}/invites", json=body, headers=headers)
    response = client.get(f"{API}/jobs/mine", headers=headers)
    assert response.status_code == 200
    jobs = response.json()["jobs"]
    assert [job["id"] for job in jobs] == [live["id"], draft["id"]]
    assert jobs[0] == {
        "id": live["id"],
        "title": "Live one",
        "status": "OPEN",
        "published": True,
        "acceptingApplicants": True,
        "createdAt": jobs[0]["createdAt"],
        "updatedAt": jobs[0]["updatedAt"],
        "jobUrl": f"http://hirehall.test/jobs/{live['id']}",
        "proposalCounts": {"total": 2, "unreviewed": 0},
    }
    assert jobs[1]["published"] is False
    assert jobs[1]["proposalCounts"] == {"total": 0, "unreviewed": 0}
    assert response.json()["nextCursor"] is None


def test_status_filter_and_its_400(client: TestClient) -> None:
    account, headers = agent(client)
    ready_draft(client, account["id"])
    live = ready_draft(client, account["id"], status="OPEN")
    response = client.get(f"{API}/jobs/mine", params={"status": "open"}, headers=headers)
    assert [job["id"] for job in response.json()["jobs"]] == [live["id"]]
    bad = client.get(f"{API}/jobs/mine", params={"status": "LIVE"}, headers=headers)
    details = assert_envelope(bad, 400, "BAD_REQUEST")["details"]
    assert details["supportedStatuses"] == [
        "DRAFT", "OPEN", "ONGOING", "COMPLETED", "ARCHIVED", "PENDING_APPROVAL"
    ]  # fmt: skip


def test_pages_with_a_cursor(client: TestClient) -> None:
    account, headers = agent(client)
    made = [ready_draft(client, account["id"])["id"] for _ in range(3)]
    first = client.get(f"{API}/jobs/mine", params={"limit": "2"}, headers=headers).json()
    rest = client.get(
        f"{API}/jobs/mine", params={"limit": "2", "cursor": first["nextCursor"]}, headers=headers
    ).json()
    assert [j["id"] for j in first["jobs"] + rest["jobs"]] == made[::-1]
    assert rest["nextCursor"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": "0"}, "limit"), ({"limit": "101"}, "limit"), ({"cursor": "%%%"}, "cursor")],
)
def test_bad_limit_or_cursor_is_400(client: TestClient, params: dict[str, str], field: str) -> None:
    _, headers = agent(client)
    response = client.get(f"{API}/jobs/mine", params=params, headers=headers)
    assert assert_envelope(response, 400, "BAD_REQUEST")["details"] == {"field": field}


def test_needs_jobs_read(client: TestClient) -> None:
    from tests.conftest import bearer
    from tests.factories import make_account, make_token

    account = make_account(client)
    token = make_token(client, account["id"], scopes=["proposals:read"])
    response = client.get(f"{API}/jobs/mine", headers=bearer(token))
    assert assert_envelope(response, 403, "FORBIDDEN")["details"]["requiredScopes"] == ["jobs:read"]
