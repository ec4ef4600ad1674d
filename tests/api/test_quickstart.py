"""OpenTrain's quickstart, as an agent runs it: plain description -> draft -> fill in what
the prompts ask -> publish -> the job is on the board and in the change feed."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.jobs_helpers import API, answer, changes
from tests.conftest import db_query

DESCRIPTION = """Spanish call-center transcription

We need native Spanish speakers to transcribe customer support calls.
Accuracy matters more than speed; you will follow our style guide.
"""


def test_quickstart_from_plain_text_to_the_public_board(client: TestClient) -> None:
    # Call 1: the agent registers itself, with no human and no token (section 2.1.1).
    registered = client.post(
        "/api/agent/identity", json={"agent_name": "Scout", "organization_name": "Acme Labs"}
    )
    assert registered.status_code == 201, registered.text
    headers = {"Authorization": f"Bearer {registered.json()['access_token']}"}
    me = client.get(f"{API}/auth/me", headers=headers).json()
    assert me["account"]["claimed"] is False
    body = {"rawJobDescription": DESCRIPTION}
    created = client.post(f"{API}/job-drafts", json=body, headers=headers)
    assert created.status_code == 201, created.text
    draft = created.json()
    job_id = draft["jobId"]
    assert draft["status"] == "DRAFT"
    assert draft["draftUrl"] == f"http://hirehall.test/job-post?jobId={job_id}"
    assert draft["normalizedFields"]["languages"] == ["Spanish"]
    assert draft["validation"]["publishReady"] is False

    prompts, rounds = draft["missingFields"], 0
    while prompts:
        rounds += 1
        assert rounds < 10, "the prompts never converge"
        for prompt in prompts:
            assert prompt["prompt"].startswith("ask: ")
            patch = {key: answer(prompt) for key in prompt["updateKeys"]}
            response = client.patch(f"{API}/job-drafts/{job_id}", json=patch, headers=headers)
            assert response.status_code == 200, response.text
        prompts = response.json()["missingFields"]
    assert response.json()["validation"] == {
        "publishReady": True,
        "issueCount": 0,
        "missingFieldCount": 0,
        "missingFields": [],
        "issues": [],
    }

    published = client.post(f"{API}/jobs/{job_id}/publish", headers=headers)
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "OPEN"
    assert published.json()["alreadyPublished"] is False

    board = client.get(f"{API}/jobs", params={"q": "spanish transcription"})
    assert [job["id"] for job in board.json()["jobs"]] == [job_id]
    assert board.json()["jobs"][0]["companyName"] == "Acme Labs"
    assert [(c["jobId"], c["eventType"]) for c in changes(client)] == [(job_id, "PUBLISHED")]
    assert db_query(client, "SELECT status FROM jobs WHERE id = :id", id=job_id) == [("OPEN",)]
