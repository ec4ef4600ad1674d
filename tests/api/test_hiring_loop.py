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


def test_the_hiring_loop_up_to_the_agent_reading_the_bid(client: TestClient) -> None:
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
    # Steps 5-10 (interview page, conversation and messages) wait for the interview page and
    # messaging to land on main.


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
