"""The trainer simulation (admin-api.md) through the real app on both engines: its operator
settings and their defaults, an agent's loop that runs unattended (invite → clock → the
trainer accepts with a bid, takes the interview, replies to the employer), declines, and
determinism: the same seed, calls and clock moves on two fresh databases give the same world,
and another seed another one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.core.timefmt import iso
from hirehall.messaging.rules import policy_violation
from tests.conftest import FROZEN_AT, admin_headers, bearer, frozen_app, make_settings
from tests.factories import make_account, make_job, make_token, make_trainer
from tests.simulation_helpers import (
    API,
    A,
    advance,
    configure,
    fresh_database,
    run_simulation,
)

DEFAULTS = {
    "enabled": False,
    "seed": 0,
    "acceptRate": 0.8,
    "responseDelaySeconds": [600, 14400],
    "bidSpread": 0.15,
    "takeInterviews": True,
    "replyToMessages": True,
    "submitMilestones": True,
}


def test_defaults_before_any_put(client: TestClient) -> None:
    response = client.get(f"{A}/simulation", headers=admin_headers())
    assert response.status_code == 200, response.text
    assert response.json() == {"simulation": DEFAULTS}


def test_put_fills_the_defaults_and_get_reads_it(client: TestClient) -> None:
    response = client.put(
        f"{A}/simulation", json={"enabled": True, "seed": 42}, headers=admin_headers()
    )
    assert response.status_code == 200, response.text
    expected = {**DEFAULTS, "enabled": True, "seed": 42}
    assert response.json() == {"simulation": expected}
    assert client.get(f"{A}/simulation", headers=admin_headers()).json() == {"simulation": expected}
    every = {
        "enabled": False,
        "seed": -3,
        "acceptRate": 0.25,
        "responseDelaySeconds": [0, 60],
        "bidSpread": 0,
        "takeInterviews": False,
        "replyToMessages": False,
        "submitMilestones": False,
    }
    again = client.put(f"{A}/simulation", json=every, headers=admin_headers())
    assert again.json() == {"simulation": every}
    # A PUT replaces the whole setting: what it leaves out goes back to the default.
    back = client.put(f"{A}/simulation", json={"enabled": True, "seed": 1}, headers=admin_headers())
    assert back.json() == {"simulation": {**DEFAULTS, "enabled": True, "seed": 1}}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"enabled": True},
        {"seed": 1},
        {"enabled": True, "seed": 1, "surprise": 1},
        {"enabled": "yes", "seed": 1},
        {"enabled": True, "seed": "1"},
        {"enabled": True, "seed": 1.5},
        {"enabled": True, "seed": 1, "acceptRate": 1.5},
        {"enabled": True, "seed": 1, "acceptRate": -0.1},
        {"enabled": True, "seed": 1, "bidSpread": 2},
        {"enabled": True, "seed": 1, "responseDelaySeconds": [10]},
        {"enabled": True, "seed": 1, "responseDelaySeconds": [10, 5]},
        {"enabled": True, "seed": 1, "responseDelaySeconds": [-1, 5]},
        {"enabled": True, "seed": 1, "responseDelaySeconds": [1, 2, 3]},
        [],
    ],
)
def test_bad_bodies(client: TestClient, body: Any) -> None:
    response = client.put(f"{A}/simulation", json=body, headers=admin_headers())
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "BAD_REQUEST"
    assert response.json()["details"]["issues"]
    assert client.get(f"{A}/simulation", headers=admin_headers()).json() == {"simulation": DEFAULTS}


def test_sandbox_only(database_url: str, tmp_path: Path) -> None:
    app = frozen_app(make_settings(database_url, tmp_path, sandbox=False))
    with TestClient(app) as production:
        for response in (
            production.get(f"{A}/simulation", headers=admin_headers()),
            production.put(
                f"{A}/simulation", json={"enabled": True, "seed": 1}, headers=admin_headers()
            ),
        ):
            assert response.status_code == 404
            assert response.json()["code"] == "NOT_FOUND"


def employer_with_job(client: TestClient, **job: Any) -> tuple[str, dict[str, Any]]:
    account = make_account(client, name="Acme Labs")
    token = make_token(client, account["id"])
    fields = {
        "title": "Spanish audio transcription",
        "paymentType": "PAY_PER_HOUR",
        "pricePerHour": 15,
    }
    return token, make_job(client, account["id"], **{**fields, **job})


def invite(client: TestClient, token: str, job_id: str, trainer_id: str) -> str:
    response = client.post(
        f"{API}/jobs/{job_id}/invites", json={"freelancerId": trainer_id}, headers=bearer(token)
    )
    assert response.status_code == 201, response.text
    return str(response.json()["proposalId"])


def proposal(client: TestClient, token: str, proposal_id: str) -> dict[str, Any]:
    response = client.get(f"{API}/proposals/{proposal_id}", headers=bearer(token))
    assert response.status_code == 200, response.text
    return dict(response.json()["proposal"])


def event_types(client: TestClient, token: str) -> list[str]:
    response = client.get(f"{API}/updates", params={"limit": "200"}, headers=bearer(token))
    return [e["type"] for e in response.json()["events"]]


def test_an_agents_loop_runs_unattended(frozen_client: TestClient) -> None:
    """Invite → clock → worker: the trainer accepts with a bid, takes the interview, and
    replies to the employer's message, each after a delay drawn from the seed."""
    client = frozen_client
    configure(client, seed=11, acceptRate=1, responseDelaySeconds=[600, 600])
    token, job = employer_with_job(client)
    trainer = make_trainer(client, firstName="Ana", lastName="Ruiz", hourlyRateUsd=20)
    proposal_id = invite(client, token, job["id"], trainer["id"])
    assert run_simulation(client) == 0  # scheduled, not yet due
    assert proposal(client, token, proposal_id)["status"]["raw"] == "INVITED"
    advance(client, 599)
    assert run_simulation(client) == 0
    advance(client, 1)
    assert run_simulation(client) == 1
    accepted = proposal(client, token, proposal_id)
    assert accepted["status"]["raw"] == "UNREVIEWED"
    bid = accepted["bid"]
    assert bid["unit"] == "PER_HOUR"
    assert 17 <= bid["amountUsd"] <= 23  # within ±15% of the trainer's $20 (hourly job)
    assert round(bid["amountUsd"], 2) == bid["amountUsd"]
    assert accepted["aiInterview"] is None
    assert event_types(client, token) == ["proposal.received"]
    advance(client, 600)
    assert run_simulation(client) == 1
    interview = client.get(f"{API}/proposals/{proposal_id}/interview", headers=bearer(token))
    assert interview.status_code == 200, interview.text
    taken = interview.json()["interview"]
    assert 0 < taken["score"] <= 100
    assert len(taken["messages"]) == 10
    assert proposal(client, token, proposal_id)["metrics"]["interviewScore"] == taken["score"]
    # The employer writes; the trainer answers 600 s later, about the job, within the policy.
    opened = client.post(f"{API}/proposals/{proposal_id}/conversation", headers=bearer(token))
    conversation_id = opened.json()["conversationId"]
    for text in ("Hello Ana, can you start on Monday?", "Also: how many hours a week?"):
        sent = client.post(
            f"{API}/messages",
            json={"conversationId": conversation_id, "content": text},
            headers=bearer(token),
        )
        assert sent.status_code == 201, sent.text
    assert run_simulation(client) == 0
    advance(client, 600)
    assert run_simulation(client) == 2  # one reply; the second message's response is skipped
    thread = client.get(
        f"{API}/messages", params={"conversationId": conversation_id}, headers=bearer(token)
    ).json()
    replies = [m for m in thread["messages"] if not m["isFromViewer"]]
    assert len(replies) == 1
    content = replies[0]["content"]
    assert "Spanish audio transcription" in content
    assert policy_violation(content) is None
    assert len(content) < 300
    assert event_types(client, token) == ["proposal.received", "message.received"]
    assert thread["conversation"]["needsReplyCount"] == 1


def test_bids_on_a_per_label_job_follow_the_jobs_rate(frozen_client: TestClient) -> None:
    client = frozen_client
    configure(client, seed=3, acceptRate=1, responseDelaySeconds=[0, 0], takeInterviews=False)
    token, job = employer_with_job(
        client, title="Bounding boxes", paymentType="PAY_PER_LABEL", pricePerLabel=0.5
    )
    trainer = make_trainer(client, firstName="Li", lastName="Wei", hourlyRateUsd=20)
    proposal_id = invite(client, token, job["id"], trainer["id"])
    assert run_simulation(client) == 1
    bid = proposal(client, token, proposal_id)["bid"]
    assert bid["unit"] == "PER_LABEL"
    assert 0.42 <= bid["amountUsd"] <= 0.58
    advance(client, 86400)
    assert run_simulation(client) == 0  # interviews turned off: nothing was scheduled
    interview = client.get(f"{API}/proposals/{proposal_id}/interview", headers=bearer(token))
    assert interview.status_code == 404


def test_declines_and_what_the_world_no_longer_allows(frozen_client: TestClient) -> None:
    client = frozen_client
    configure(client, seed=5, acceptRate=0, responseDelaySeconds=[60, 60])
    token, job = employer_with_job(client)
    first = make_trainer(client, firstName="Bo", lastName="Kim")
    second = make_trainer(client, firstName="Cy", lastName="Lee")
    declined_id = invite(client, token, job["id"], first["id"])
    answered_id = invite(client, token, job["id"], second["id"])
    assert run_simulation(client) == 0  # both answers scheduled, due in 60 s
    # The second trainer answers on its own first (the operator acting as the trainer).
    accepted = client.post(
        f"{A}/act/proposals/{answered_id}/accept",
        json={"bid": {"amountUsd": 12}},
        headers=admin_headers(),
    )
    assert accepted.status_code == 200, accepted.text
    advance(client, 60)
    # The decline, the skipped acceptance, and the interview after the operator's acceptance.
    assert run_simulation(client) == 3
    assert proposal(client, token, declined_id)["status"]["raw"] == "DECLINED"
    assert proposal(client, token, answered_id)["bid"]["amountUsd"] == 12  # untouched
    responses = client.portal.call(_responses, client)  # type: ignore[union-attr]
    outcomes = {(r["kind"], r["status"], r["result"]) for r in responses}
    assert ("answer_invite", "DONE", "declined") in outcomes
    assert ("answer_invite", "SKIPPED", "already_submitted") in outcomes
    assert ("take_interview", "DONE", "interview_taken") in outcomes
    assert event_types(client, token) == ["proposal.received", "proposal.status_changed"]


async def _responses(client: TestClient) -> list[dict[str, Any]]:
    from hirehall.simulation.service import responses

    async with client.app.state.runtime.uow(write=False) as uow:  # type: ignore[attr-defined]
        return await responses(uow)


def test_nothing_happens_while_disabled(frozen_client: TestClient) -> None:
    client = frozen_client
    token, job = employer_with_job(client)
    trainer = make_trainer(client, firstName="Di", lastName="Ng")
    proposal_id = invite(client, token, job["id"], trainer["id"])
    advance(client, 86400)
    assert run_simulation(client) == 0
    configure(client, enabled=False, seed=1, responseDelaySeconds=[0, 0])
    assert run_simulation(client) == 0
    assert proposal(client, token, proposal_id)["status"]["raw"] == "INVITED"
    # Enabled later, the trainer answers the invite it already had.
    configure(client, seed=1, acceptRate=1, responseDelaySeconds=[0, 0])
    # Without delays one worker run does the whole chain: the acceptance, then the interview.
    assert run_simulation(client) == 2
    assert proposal(client, token, proposal_id)["status"]["raw"] == "UNREVIEWED"
    assert proposal(client, token, proposal_id)["aiInterview"] is not None


TRAINERS = [("Ana", 20), ("Ben", 30), ("Cara", None), ("Dev", 12), ("Eli", 45)]


def scenario(client: TestClient, seed: int) -> dict[str, Any]:
    """The same calls and clock moves, whatever the database: an agent invites five trainers to
    an hourly job and two to a per-label one, lets time pass, writes to every candidate, and
    lets time pass again. Returns the world it leaves, without ids."""
    configure(client, seed=seed, acceptRate=0.6, responseDelaySeconds=[600, 7200])
    account = make_account(client, name="Acme Labs")
    token = make_token(client, account["id"])
    hourly = make_job(
        client,
        account["id"],
        title="Spanish audio transcription",
        paymentType="PAY_PER_HOUR",
        pricePerHour=25,
    )
    per_label = make_job(
        client,
        account["id"],
        title="Image bounding boxes",
        paymentType="PAY_PER_LABEL",
        pricePerLabel=0.4,
    )
    trainers = [
        make_trainer(
            client, firstName=name, lastName="Sim", **({"hourlyRateUsd": rate} if rate else {})
        )
        for name, rate in TRAINERS
    ]
    for index, trainer in enumerate(trainers):
        invite(client, token, hourly["id"], trainer["id"])
        if index < 2:
            invite(client, token, per_label["id"], trainer["id"])
    for _ in range(2):
        advance(client, 3600)
        run_simulation(client)
    proposals = []
    for job in (hourly, per_label):
        listed = client.get(
            f"{API}/jobs/{job['id']}/proposals", params={"limit": "100"}, headers=bearer(token)
        )
        proposals += listed.json()["proposals"]
    for item in proposals:
        if item["status"]["raw"] == "UNREVIEWED":
            opened = client.post(
                f"{API}/proposals/{item['id']}/conversation", headers=bearer(token)
            )
            client.post(
                f"{API}/messages",
                json={
                    "conversationId": opened.json()["conversationId"],
                    "content": "When can you start?",
                },
                headers=bearer(token),
            )
    for _ in range(2):
        advance(client, 3600)
        run_simulation(client)
    return world(client, token, [hourly, per_label])


def world(client: TestClient, token: str, jobs: list[dict[str, Any]]) -> dict[str, Any]:
    described: dict[str, Any] = {}
    for job in jobs:
        listed = client.get(
            f"{API}/jobs/{job['id']}/proposals", params={"limit": "100"}, headers=bearer(token)
        )
        for item in listed.json()["proposals"]:
            detail = proposal(client, token, item["id"])
            key = f"{job['title']} / {detail['candidate']['firstName']}"
            conversation = client.post(
                f"{API}/proposals/{item['id']}/conversation", headers=bearer(token)
            )
            messages: list[Any] = []
            if conversation.status_code in (200, 201):
                thread = client.get(
                    f"{API}/messages",
                    params={"conversationId": conversation.json()["conversationId"]},
                    headers=bearer(token),
                ).json()
                messages = [(m["isFromViewer"], m["content"]) for m in thread["messages"]]
            described[key] = {
                "status": detail["status"]["raw"],
                "bid": detail["bid"],
                "interviewScore": detail["metrics"]["interviewScore"],
                "interview": (detail["aiInterview"] or {}).get("summary"),
                "messages": messages,
            }
    assert client.portal is not None
    described["responses"] = [
        {**r, "plan": {k: v for k, v in r["plan"].items() if k != "conversationId"}}
        for r in client.portal.call(_responses, client)
    ]
    described["events"] = event_types(client, token)
    return described


def test_same_seed_same_world_on_two_fresh_databases(
    frozen_client: TestClient, database_url: str, tmp_path: Path
) -> None:
    first = scenario(frozen_client, seed=2026)
    statuses = {v["status"] for k, v in first.items() if " / " in k}
    assert statuses >= {"UNREVIEWED", "DECLINED"}, statuses  # both answers happen
    assert any(v["messages"] for k, v in first.items() if " / " in k)
    assert any(v["interviewScore"] for k, v in first.items() if " / " in k)
    with fresh_database(database_url, tmp_path) as url:
        app = frozen_app(make_settings(url, tmp_path / "second"))
        with TestClient(app, raise_server_exceptions=False) as second:
            # Both apps' frozen clocks start at the same instant.
            clock = second.get(f"{A}/clock", headers=admin_headers()).json()["now"]
            assert clock == iso(FROZEN_AT)
            assert scenario(second, seed=2026) == first
            second.post(f"{A}/reset", headers=admin_headers())
            other = scenario(second, seed=2027)
    assert other != first
    assert [v["bid"] for k, v in other.items() if " / " in k] != [
        v["bid"] for k, v in first.items() if " / " in k
    ]
