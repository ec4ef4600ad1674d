"""Issue 7's acceptance test: the hiring loop walked as its three parties would, over HTTP.

The employer's agent uses the public API with its token; the trainer signs in on the trainer
pages (email, then the emailed code read from the operator's outbox) and acts through their
forms; nobody takes a shortcut through the operator's `act` operations."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.factories import make_account, make_job, make_token, make_trainer
from tests.pages import csrf_of, sign_in

API = "/api/public/v1"
TRAINER_EMAIL = "sofia.trainer@example.com"
_TEXTAREA = re.compile(r'<textarea[^>]*\bname="([^"]+)"')


class Agent:
    """The employer's agent: a token with the post-claim scopes, on a claimed account."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(f"{API}{path}", params=params, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, path: str, body: dict[str, Any], status: int = 201) -> Any:
        response = self.client.post(f"{API}{path}", json=body, headers=self.headers)
        assert response.status_code == status, response.text
        return response.json()

    def updates(self, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        page = self.get("/updates", **({"cursor": cursor} if cursor else {}))
        return page["events"], page["nextCursor"]


def trainer_posts(client: TestClient, page_path: str, action: str, **fields: str) -> Any:
    """The trainer submits a form of a page they are looking at (its CSRF token included)."""
    html = client.get(page_path).text
    return client.post(action, data={"csrf": csrf_of(html), **fields}, follow_redirects=False)


def test_the_hiring_loop_as_the_three_parties_walk_it(client: TestClient) -> None:
    # The operator's world: a claimed employer account, its agent's token, an open job, a trainer.
    account = make_account(client, name="Acme Speech")
    agent = Agent(client, make_token(client, account["id"], scopes=_POST_CLAIM))
    job = make_job(
        client,
        account["id"],
        title="Spanish call-center transcription",
        paymentType="PAY_PER_HOUR",
        pricePerHour=15,
        languages=["Spanish"],
        countries=["ES"],
        dataType="Audio",
        labelTypes=["Transcription"],
        experienceLevel="INTERMEDIATE",
        jobDescription="Transcribe Spanish call-center audio and mark speaker turns.",
    )
    trainer = make_trainer(
        client,
        email=TRAINER_EMAIL,
        countryCode="ES",
        expertiseLevel="EXPERT",
        languages=[{"language": "Spanish", "proficiency": "NATIVE"}],
        skills={"dataTypes": ["AUDIO"], "labelTypes": ["CLASSIFICATION"]},
    )
    _, cursor = agent.updates(None)
    assert cursor is None

    # 1. The agent invites the trainer.
    invited = agent.post(f"/jobs/{job['id']}/invites", {"freelancerId": trainer["id"]})
    proposal_id = invited["proposalId"]

    # 2. The trainer signs in on the trainer pages and accepts with a bid.
    client.cookies.clear()
    sign_in(client, TRAINER_EMAIL, "/trainer")
    inbox = client.get("/trainer").text
    assert f'href="/trainer/proposals/{proposal_id}"' in inbox
    page = f"/trainer/proposals/{proposal_id}"
    accepted = trainer_posts(
        client,
        page,
        f"{page}/accept",
        amountUsd="18.50",
        unit="PER_HOUR",
        coverLetter="Native Spanish speaker; I transcribed 400 hours of support calls.",
    )
    assert accepted.status_code == 303, accepted.text

    # 3. /updates shows proposal.received.
    seen, cursor = agent.updates(cursor)
    assert [(e["type"], e["resourceId"], e["jobId"]) for e in seen] == [
        ("proposal.received", proposal_id, job["id"])
    ]

    # 4. The agent reads the proposal: the bid and the match score.
    proposal = agent.get(f"/proposals/{proposal_id}")["proposal"]
    assert proposal["status"]["raw"] == "UNREVIEWED"
    assert proposal["bid"] == {"amountUsd": 18.5, "unit": "PER_HOUR", "labelerHourlyRateUsd": None}
    # Met: language, country, data type, experience; not met: label type → 4 of 5.
    assert proposal["metrics"]["matchScore"] == 0.8
    assert proposal["aiInterview"] is None

    # 5. The trainer takes the interview on its page.
    interview_page = f"{page}/interview"
    questions = client.get(interview_page)
    assert questions.status_code == 200, questions.text
    fields = _TEXTAREA.findall(questions.text)
    assert len(fields) == 5
    answers = {
        name: f"Answer {n}: I have transcribed Spanish audio for three years, with speaker "
        "turns and timestamps, and I can work 30 hours a week until the deadline."
        for n, name in enumerate(fields, 1)
    }
    taken = trainer_posts(client, interview_page, interview_page, **answers)
    assert taken.status_code in (200, 303), taken.text

    # 6. The agent reads the transcript (and the score in the proposal).
    interview = agent.get(f"/proposals/{proposal_id}/interview")["interview"]
    assert interview["proposalId"] == proposal_id
    roles = [m["role"] for m in interview["messages"]]
    assert roles.count("interviewer") == 5
    assert roles.count("candidate") == 5
    detail = agent.get(f"/proposals/{proposal_id}")["proposal"]
    assert detail["aiInterview"]["transcriptAvailable"] is True
    assert detail["metrics"]["interviewScore"] == interview["score"]

    # 7. The agent opens the conversation and writes.
    opened = agent.post(f"/proposals/{proposal_id}/conversation", {})
    conversation_id = opened["conversationId"]
    agent.post(
        "/messages",
        {"conversationId": conversation_id, "content": "Thanks Sofia! Can you start Monday?"},
    )

    # 8. The trainer replies on the conversation page.
    thread = f"/trainer/conversations/{conversation_id}"
    assert "Can you start Monday?" in client.get(thread).text
    replied = trainer_posts(client, thread, thread, content="Yes, Monday works for me.")
    assert replied.status_code == 303, replied.text

    # 9. /updates shows message.received for the trainer's reply (and for the agent's own).
    seen, cursor = agent.updates(cursor)
    received = [e for e in seen if e["type"] == "message.received"]
    assert received, seen
    assert {e["data"]["conversationId"] for e in received} == {conversation_id}
    assert received[-1]["jobId"] == job["id"]

    # 10. The agent reads the thread with unreadCount / needsReplyCount.
    listed = agent.get("/messages")["conversations"]
    [item] = [c for c in listed if c["id"] == conversation_id]
    assert item["proposalId"] == proposal_id
    assert item["unreadCount"] == 1
    assert item["needsReplyCount"] == 1
    assert item["lastMessage"]["content"] == "Yes, Monday works for me."
    assert item["lastMessage"]["isFromViewer"] is False
    thread_page = agent.get("/messages", conversationId=conversation_id, direction="newer")
    assert [m["content"] for m in thread_page["messages"]] == [
        "Thanks Sofia! Can you start Monday?",
        "Yes, Monday works for me.",
    ]
    assert [m["isFromViewer"] for m in thread_page["messages"]] == [True, False]
    # Reading never changes read state (D33).
    assert agent.get("/messages")["conversations"][0]["unreadCount"] == 1


_POST_CLAIM = [
    "jobs:read",
    "jobs:write",
    "proposals:read",
    "proposals:write",
    "messages:read",
    "messages:write",
    "payments:read",
    "team:read",
    "team:write",
]
