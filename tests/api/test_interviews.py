"""The AI interview: the operator's act operations, `GET /proposals/{id}/interview` (2.5.2)
and `aiInterview` / `metrics.interviewScore` in the proposal answers (2.5.1, 2.4.10)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.interviews.schemas import InterviewQuestions, InterviewResponse
from tests.conftest import admin_headers, bearer, db_query
from tests.factories import make_token
from tests.interview_helpers import (
    ANSWERS,
    act_url,
    employer_with_job,
    invite,
    submitted,
    take,
)


def transcript(client: TestClient, proposal_id: str, headers: dict[str, str]) -> Any:
    return client.get(f"/api/public/v1/proposals/{proposal_id}/interview", headers=headers)


def assert_error(response: Any, status: int, code: str, **details: Any) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert set(body) >= {"error", "code", "requestId"}
    for key, value in details.items():
        assert body["details"][key] == value, body
    return dict(body)


def test_operator_reads_the_five_scripted_questions(client: TestClient) -> None:
    employer = employer_with_job(client)
    proposal_id = submitted(client, employer)
    response = client.get(act_url(proposal_id), headers=admin_headers())
    assert response.status_code == 200
    questions = InterviewQuestions.model_validate(response.json()).questions
    assert [q.id for q in questions] == [
        "data",
        "languages",
        "experience",
        "volume",
        "availability",
    ]
    assert "text data with Sentiment labels" in questions[0].content
    assert "Spanish" in questions[1].content
    assert "intermediate" in questions[2].content
    assert "10000 files, within 4 weeks" in questions[3].content
    # Deterministic: the same proposal gives the same questions.
    assert client.get(act_url(proposal_id), headers=admin_headers()).json() == response.json()


def test_taking_the_interview_then_the_employer_reads_it(client: TestClient) -> None:
    employer = employer_with_job(client)
    proposal_id = submitted(client, employer)
    before = transcript(client, proposal_id, employer.headers)
    assert_error(before, 404, "NOT_FOUND", proposalId=proposal_id)

    taken = take(client, proposal_id)
    assert taken.status_code == 201, taken.text
    interview = InterviewResponse.model_validate(taken.json()).interview
    assert interview.proposalId == proposal_id
    assert 0 <= interview.score <= 100
    assert interview.summary.startswith("Strongest answer: ")
    assert [m.role for m in interview.messages] == ["interviewer", "candidate"] * 5
    assert len({m.id for m in interview.messages}) == 10

    read = transcript(client, proposal_id, employer.headers)
    assert read.status_code == 200
    assert read.json() == taken.json()
    candidate = [m["content"] for m in read.json()["interview"]["messages"][1::2]]
    assert candidate[0] == ANSWERS[0]
    assert (
        candidate[1]
        == "Spanish is my native language. Write to [removed] or [removed] for samples."
    )
    assert candidate[4].endswith("Portfolio: [removed]")
    assert "maria@example.com" not in read.text
    assert "600 123" not in read.text

    detail = client.get(f"/api/public/v1/proposals/{proposal_id}", headers=employer.headers)
    proposal = detail.json()["proposal"]
    assert proposal["aiInterview"] == {
        "score": interview.score,
        "summary": interview.summary,
        "transcriptAvailable": True,
    }
    assert proposal["metrics"]["interviewScore"] == interview.score
    listed = client.get(
        f"/api/public/v1/jobs/{employer.job['id']}/proposals", headers=employer.headers
    )
    assert [p["metrics"]["interviewScore"] for p in listed.json()["proposals"]] == [interview.score]


def test_same_answers_to_the_same_job_score_the_same(client: TestClient) -> None:
    employer = employer_with_job(client)
    first, second = submitted(client, employer), submitted(client, employer)
    a, b = take(client, first).json()["interview"], take(client, second).json()["interview"]
    assert (a["score"], a["summary"]) == (b["score"], b["summary"])
    assert [m["content"] for m in a["messages"]] == [m["content"] for m in b["messages"]]


def test_list_shows_scores_only_where_an_interview_exists(client: TestClient) -> None:
    employer = employer_with_job(client)
    taken_id, other_id = submitted(client, employer), submitted(client, employer)
    score = take(client, taken_id).json()["interview"]["score"]
    listed = client.get(
        f"/api/public/v1/jobs/{employer.job['id']}/proposals", headers=employer.headers
    ).json()["proposals"]
    assert {p["id"]: p["metrics"]["interviewScore"] for p in listed} == {
        taken_id: score,
        other_id: None,
    }
    detail = client.get(f"/api/public/v1/proposals/{other_id}", headers=employer.headers)
    assert detail.json()["proposal"]["aiInterview"] is None


def test_second_interview_is_409_and_the_first_stays(client: TestClient) -> None:
    employer = employer_with_job(client)
    proposal_id = submitted(client, employer)
    first = take(client, proposal_id)
    again = take(client, proposal_id, ["other"] * 5)
    assert_error(again, 409, "CONFLICT", reason="interview_already_taken", proposalId=proposal_id)
    assert transcript(client, proposal_id, employer.headers).json() == first.json()


@pytest.mark.parametrize(
    "answers",
    [
        None,
        "all good",
        {"data": "x"},
        ["one", "two", "three", "four"],
        ["one", "two", "three", "four", "five", "six"],
        ["one", "two", "three", "four", ""],
        ["one", "two", "three", "four", "   "],
        ["one", "two", 3, "four", "five"],
        ["one", "two", "three", "four", "x" * 5001],
    ],
)
def test_answers_must_be_one_non_empty_string_per_question(
    client: TestClient, answers: Any
) -> None:
    employer = employer_with_job(client)
    proposal_id = submitted(client, employer)
    body = {} if answers is None else {"answers": answers}
    response = client.post(act_url(proposal_id), json=body, headers=admin_headers())
    assert_error(response, 400, "BAD_REQUEST", field="answers")
    assert db_query(client, "SELECT count(*) FROM interviews")[0][0] == 0


def test_invalid_json_body_is_a_zod_style_400(client: TestClient) -> None:
    employer = employer_with_job(client)
    proposal_id = submitted(client, employer)
    response = client.post(
        act_url(proposal_id),
        content=b"{not json",
        headers={**admin_headers(), "Content-Type": "application/json"},
    )
    body = assert_error(response, 400, "BAD_REQUEST")
    assert body["details"]["issues"][0]["path"] == []


def test_bad_answers_come_before_the_lookup(client: TestClient) -> None:
    """D4: validation that needs no lookup answers before the 404."""
    response = client.post(act_url("nope"), json={"answers": []}, headers=admin_headers())
    assert_error(response, 400, "BAD_REQUEST", field="answers")


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("INVITED", "proposal_not_submitted"),
        ("DECLINED", "proposal_declined"),
        ("HIRED", "proposal_hired"),
    ],
)
def test_proposals_that_cannot_take_the_interview(
    client: TestClient, status: str, reason: str
) -> None:
    employer = employer_with_job(client)
    proposal_id = (
        invite(client, employer) if status == "INVITED" else submitted(client, employer, status)
    )
    response = take(client, proposal_id)
    assert_error(response, 409, "CONFLICT", reason=reason, proposalId=proposal_id)
    assert db_query(client, "SELECT count(*) FROM interviews")[0][0] == 0


@pytest.mark.parametrize("status", ["UNREVIEWED", "SHORTLISTED", "MAYBE", "NOT_A_FIT"])
def test_submitted_proposals_take_the_interview(client: TestClient, status: str) -> None:
    employer = employer_with_job(client)
    assert take(client, submitted(client, employer, status)).status_code == 201


def test_operator_operations_on_a_missing_proposal_are_404(client: TestClient) -> None:
    for response in (
        client.get(act_url("nope"), headers=admin_headers()),
        take(client, "nope"),
    ):
        assert_error(response, 404, "NOT_FOUND", proposalId="nope")


def test_operator_operations_need_the_admin_token(client: TestClient) -> None:
    employer = employer_with_job(client)
    proposal_id = submitted(client, employer)
    response = client.get(act_url(proposal_id), headers=employer.headers)
    assert_error(response, 401, "UNAUTHORIZED")
    response = client.post(act_url(proposal_id), json={"answers": ANSWERS})
    assert_error(response, 401, "UNAUTHORIZED")


def test_transcript_of_another_accounts_proposal_is_403_without_content(
    client: TestClient,
) -> None:
    mine, theirs = employer_with_job(client), employer_with_job(client)
    proposal_id = submitted(client, theirs)
    take(client, proposal_id)
    response = transcript(client, proposal_id, mine.headers)
    body = assert_error(response, 403, "FORBIDDEN")
    assert "details" not in body or "proposalId" not in (body["details"] or {})
    assert "Spanish" not in response.text
    assert theirs.job["id"] not in response.text


def test_transcript_of_a_missing_proposal_is_404(client: TestClient) -> None:
    employer = employer_with_job(client)
    response = transcript(client, "nope", employer.headers)
    assert_error(response, 404, "NOT_FOUND", proposalId="nope")


def test_transcript_needs_a_token(client: TestClient) -> None:
    response = client.get("/api/public/v1/proposals/nope/interview")
    assert_error(response, 401, "UNAUTHORIZED")


def test_transcript_needs_proposals_read_before_any_lookup(client: TestClient) -> None:
    employer = employer_with_job(client)
    token = make_token(client, employer.account["id"], scopes=["jobs:read"])
    for proposal_id in ("nope", submitted(client, employer)):
        response = transcript(client, proposal_id, bearer(token))
        assert_error(
            response,
            403,
            "FORBIDDEN",
            requiredScopes=["proposals:read"],
            grantedScopes=["jobs:read"],
        )


def test_transcript_works_before_the_claim(client: TestClient) -> None:
    employer = employer_with_job(client)
    proposal_id = submitted(client, employer)
    take(client, proposal_id)
    unclaim = client.patch(
        f"/api/admin/v1/accounts/{employer.account['id']}",
        json={"claimed": False},
        headers=admin_headers(),
    )
    assert unclaim.json()["account"]["claimed"] is False
    assert transcript(client, proposal_id, employer.headers).status_code == 200


def test_openapi_documents_the_transcript_with_its_response_model(client: TestClient) -> None:
    document = client.get("/api/public/v1/openapi.json").json()
    operation = document["paths"]["/api/public/v1/proposals/{proposalId}/interview"]["get"]
    assert operation["operationId"] == "getProposalInterview"
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/InterviewResponse")
    assert "/api/admin/v1/act/proposals/{proposalId}/interview" not in document["paths"]
