"""`GET /proposals/{id}` and `GET /jobs/{id}/proposals`."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import bearer, db_execute
from tests.factories import Employer, make_employer, make_token, make_trainer


def invite_many(client: TestClient, employer: Employer, n: int) -> list[str]:
    ids = []
    for _ in range(n):
        trainer = make_trainer(client)
        response = client.post(
            f"/api/public/v1/jobs/{employer.job['id']}/invites",
            json={"freelancerId": trainer["id"]},
            headers=employer.headers,
        )
        assert response.status_code == 201
        ids.append(response.json()["proposalId"])
    return ids


def list_page(client: TestClient, employer: Employer, **params: Any) -> Any:
    return client.get(
        f"/api/public/v1/jobs/{employer.job['id']}/proposals",
        params=params,
        headers=employer.headers,
    )


def test_invited_proposal_detail_has_the_contract_shape(client: TestClient) -> None:
    employer = make_employer(client)
    trainer = make_trainer(client, firstName="Maria", lastName="Gonzalez", title="Annotator")
    [proposal_id] = [
        client.post(
            f"/api/public/v1/jobs/{employer.job['id']}/invites",
            json={"freelancerId": trainer["id"]},
            headers=employer.headers,
        ).json()["proposalId"]
    ]
    response = client.get(f"/api/public/v1/proposals/{proposal_id}", headers=employer.headers)
    assert response.status_code == 200
    proposal = response.json()["proposal"]
    assert proposal["id"] == proposal_id
    assert proposal["jobId"] == employer.job["id"]
    assert proposal["jobTitle"] == employer.job["title"]
    assert proposal["status"] == {"raw": "INVITED", "label": "Invited"}
    assert proposal["bid"] is None
    assert proposal["aiInterview"] is None
    assert proposal["contract"] is None
    assert proposal["metrics"] == {"interviewScore": None, "matchScore": None}
    candidate = proposal["candidate"]
    assert candidate["displayName"] == "Maria G."
    assert candidate["lastNameInitial"] == "G"
    assert candidate["talentType"] == "FREELANCER"
    assert candidate["country"] == "Spain"
    assert "Gonzalez" not in response.text
    assert "email" not in response.text


def test_proposal_of_another_account_is_403_without_content(client: TestClient) -> None:
    mine, theirs = make_employer(client), make_employer(client)
    [proposal_id] = invite_many(client, theirs, 1)
    response = client.get(f"/api/public/v1/proposals/{proposal_id}", headers=mine.headers)
    assert response.status_code == 403
    assert response.json()["code"] == "FORBIDDEN"
    assert theirs.job["id"] not in response.text


def test_missing_proposal_is_404(client: TestClient) -> None:
    employer = make_employer(client)
    response = client.get("/api/public/v1/proposals/nope", headers=employer.headers)
    assert response.status_code == 404
    assert response.json()["details"] == {"proposalId": "nope"}


def test_reading_needs_proposals_read_and_write_implies_read(client: TestClient) -> None:
    employer = make_employer(client)
    [proposal_id] = invite_many(client, employer, 1)
    jobs_only = make_token(client, employer.account["id"], scopes=["jobs:read"])
    writer = make_token(client, employer.account["id"], scopes=["proposals:write"])
    path = f"/api/public/v1/proposals/{proposal_id}"
    denied = client.get(path, headers=bearer(jobs_only))
    assert denied.status_code == 403
    assert denied.json()["details"]["requiredScopes"] == ["proposals:read"]
    assert client.get(path, headers=bearer(writer)).status_code == 200


def test_list_is_newest_first_and_cursors_walk_every_proposal_once(client: TestClient) -> None:
    employer = make_employer(client)
    created = invite_many(client, employer, 5)
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = list_page(client, employer, **params).json()
        seen += [p["id"] for p in page["proposals"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == list(reversed(created))


def test_default_page_is_25(client: TestClient) -> None:
    employer = make_employer(client)
    invite_many(client, employer, 26)
    page = list_page(client, employer).json()
    assert len(page["proposals"]) == 25
    assert page["nextCursor"] == page["proposals"][-1]["id"]


@pytest.mark.parametrize("status", ["INVITED", "invited", "Invited"])
def test_status_filter_is_case_insensitive(client: TestClient, status: str) -> None:
    employer = make_employer(client)
    invite_many(client, employer, 2)
    assert len(list_page(client, employer, status=status).json()["proposals"]) == 2


@pytest.mark.parametrize(
    ("status", "raw", "label"),
    [
        ("resume sent", "RESUME_SENT", "Resume sent"),
        ("Resume-Sent", "RESUME_SENT", "Resume sent"),
        ("not a fit", "NOT_A_FIT", "Not a fit"),
        ("unreviewed", "UNREVIEWED", "Unreviewed"),
        (" invited ", "INVITED", "Invited"),
    ],
)
def test_status_filter_normalizes_spaces_and_hyphens(
    client: TestClient, status: str, raw: str, label: str
) -> None:
    """One proposal in each status: the filter must find exactly the one it names."""
    employer = make_employer(client)
    ids = invite_many(client, employer, 4)
    by_status = dict(zip(["RESUME_SENT", "NOT_A_FIT", "UNREVIEWED", "INVITED"], ids, strict=True))
    for stored, proposal_id in by_status.items():
        db_execute(
            client, "UPDATE proposals SET status = :s WHERE id = :id", s=stored, id=proposal_id
        )
    response = list_page(client, employer, status=status)
    assert response.status_code == 200, response.text
    proposals = response.json()["proposals"]
    assert [p["id"] for p in proposals] == [by_status[raw]]
    assert proposals[0]["status"] == {"raw": raw, "label": label}


def test_unknown_status_is_400_with_supported_statuses(client: TestClient) -> None:
    employer = make_employer(client)
    response = list_page(client, employer, status="WINNING")
    assert response.status_code == 400
    supported = response.json()["details"]["supportedStatuses"]
    assert "INVITED" in supported
    assert "RESUME_SENT" in supported


@pytest.mark.parametrize("limit", ["0", "-1", "101", "abc", "1.5"])
def test_limit_out_of_range_is_400(client: TestClient, limit: str) -> None:
    employer = make_employer(client)
    response = list_page(client, employer, limit=limit)
    assert response.status_code == 400
    assert response.json()["details"] == {"field": "limit"}


def test_bad_cursor_is_400(client: TestClient) -> None:
    employer, other = make_employer(client), make_employer(client)
    [foreign] = invite_many(client, other, 1)
    for cursor in ("garbage", foreign):
        response = list_page(client, employer, cursor=cursor)
        assert response.status_code == 400
        assert response.json()["details"] == {"field": "cursor"}


def test_list_of_another_accounts_job_is_403_and_missing_job_404(client: TestClient) -> None:
    mine, theirs = make_employer(client), make_employer(client)
    invite_many(client, theirs, 1)
    foreign = client.get(f"/api/public/v1/jobs/{theirs.job['id']}/proposals", headers=mine.headers)
    assert foreign.status_code == 403
    assert "proposals" not in foreign.json()
    missing = client.get("/api/public/v1/jobs/none/proposals", headers=mine.headers)
    assert missing.status_code == 404
