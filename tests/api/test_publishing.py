"""Publish, close and live edits (spec 2.4.6-2.4.8, D9, D17): the gate, moderation, the
daily limits on the operator clock, idempotent answers, and the board's events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.jobs_helpers import API, agent, changes, move_clock, publish, ready_draft
from tests.api.test_invites import assert_envelope
from tests.conftest import db_query


def status_of(client: TestClient, job_id: str) -> str:
    return str(db_query(client, "SELECT status FROM jobs WHERE id = :id", id=job_id)[0][0])


def publish_events(client: TestClient) -> int:
    rows = db_query(client, "SELECT count(*) FROM job_events WHERE event_type = 'PUBLISHED'")
    return int(rows[0][0])  # type: ignore[call-overload]


def test_publish_opens_the_job_and_records_the_event(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"])
    response = publish(client, job["id"], headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == {
        "ok": True,
        "jobId": job["id"],
        "status": "OPEN",
        "alreadyPublished": False,
        "jobUrl": f"http://hirehall.test/jobs/{job['id']}",
        "publishAttemptId": body["publishAttemptId"],
        "warnings": [],
        "sideEffects": {"dispatched": True, "status": "queued"},
    }
    assert isinstance(body["publishAttemptId"], str)
    assert status_of(client, job["id"]) == "OPEN"
    assert [(c["jobId"], c["eventType"]) for c in changes(client)] == [(job["id"], "PUBLISHED")]


def test_publishing_again_is_a_no_op_that_does_not_count(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"])
    publish(client, job["id"], headers)
    again = publish(client, job["id"], headers)
    assert again.status_code == 200
    assert again.json()["alreadyPublished"] is True
    assert again.json()["publishAttemptId"] is None
    assert publish_events(client) == 1


def test_a_draft_that_is_not_ready_is_400_with_the_validation(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"], headcount=None, languages=None)
    details = assert_envelope(publish(client, job["id"], headers), 400, "BAD_REQUEST")["details"]
    assert details["validation"]["publishReady"] is False
    assert details["validation"]["missingFields"] == ["headcount", "languages"]
    assert [m["field"] for m in details["missingFields"]] == ["headcount", "languages"]
    assert status_of(client, job["id"]) == "DRAFT"


def test_publish_of_another_accounts_job_is_404_and_an_archived_one_409(client: TestClient) -> None:
    owner, headers = agent(client)
    _, stranger = agent(client)
    job = ready_draft(client, owner["id"])
    assert_envelope(publish(client, job["id"], stranger), 404, "NOT_FOUND")
    archived = ready_draft(client, owner["id"], status="ARCHIVED")
    details = assert_envelope(publish(client, archived["id"], headers), 409, "CONFLICT")["details"]
    assert details == {"jobId": archived["id"], "status": "ARCHIVED", "requiredStatus": "DRAFT"}


@pytest.fixture
def prohibited(client: TestClient) -> Iterator[None]:
    """The operator's prohibited terms, set on the running app's settings for one test."""
    settings = client.app.state.runtime.settings  # type: ignore[attr-defined]
    settings.prohibited_terms = "crypto mining, adult content"
    yield
    settings.prohibited_terms = ""


MODERATION = [
    pytest.param("Questions? Write to hiring.lead@example.com", "contact_email", id="email"),
    pytest.param("Call me at +1 415 555 0134 to start.", "contact_phone", id="phone"),
    pytest.param("Telegram: @annot_boss for details", "contact_handle", id="handle"),
    pytest.param("We pay via PayPal outside the platform.", "off_platform_payment", id="payment"),
    pytest.param("Label images of Crypto Mining rigs.", "prohibited_term", id="prohibited"),
]


@pytest.mark.usefixtures("prohibited")
@pytest.mark.parametrize(("text", "reason"), MODERATION)
def test_moderation_blocks_publish_with_a_stable_reason(
    client: TestClient, text: str, reason: str
) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"], jobDescription=f"Label 500 images. {text}")
    details = assert_envelope(publish(client, job["id"], headers), 403, "FORBIDDEN")["details"]
    assert details == {"reason": "moderation_blocked", "reasons": [reason]}
    assert status_of(client, job["id"]) == "DRAFT"
    assert publish_events(client) == 0


def test_prices_counts_and_years_pass_moderation(client: TestClient) -> None:
    account, headers = agent(client)
    text = "Label 10,000,000 tokens at $0.05 per label during 2024-2025, version 3.2.1."
    job = ready_draft(client, account["id"], jobDescription=text)
    assert publish(client, job["id"], headers).status_code == 200


@pytest.mark.parametrize(("claimed", "limit"), [(False, 3), (True, 20)])
def test_daily_publish_limit_on_a_rolling_window(
    frozen_client: TestClient, claimed: bool, limit: int
) -> None:
    client = frozen_client  # no wall-clock time passes between the steps
    account, headers = agent(client, claimed=claimed)
    jobs = [ready_draft(client, account["id"]) for _ in range(limit + 1)]
    for job in jobs[:limit]:
        assert publish(client, job["id"], headers).status_code == 200
        move_clock(client, 3600)  # the first publish leaves the window first
    refused = publish(client, jobs[limit]["id"], headers)
    details = assert_envelope(refused, 429, "RATE_LIMITED")["details"]
    assert details["limit"] == limit
    assert details["windowHours"] == 24
    # The oldest publish was `limit` hours ago; it leaves the window in 24 - limit hours.
    assert details["retryAfterSeconds"] == (24 - limit) * 3600
    assert refused.headers["retry-after"] == str(details["retryAfterSeconds"])
    assert status_of(client, jobs[limit]["id"]) == "DRAFT"
    move_clock(client, details["retryAfterSeconds"] - 1)
    early = assert_envelope(publish(client, jobs[limit]["id"], headers), 429, "RATE_LIMITED")
    assert early["details"]["retryAfterSeconds"] == 1
    move_clock(client, 1)
    assert publish(client, jobs[limit]["id"], headers).status_code == 200


def test_limit_is_per_account(client: TestClient) -> None:
    first, first_headers = agent(client, claimed=False)
    second, second_headers = agent(client, claimed=False)
    for _ in range(3):
        assert (
            publish(client, ready_draft(client, first["id"])["id"], first_headers).status_code
            == 200
        )
    over = publish(client, ready_draft(client, first["id"])["id"], first_headers)
    assert assert_envelope(over, 429, "RATE_LIMITED")["details"]["limit"] == 3
    assert (
        publish(client, ready_draft(client, second["id"])["id"], second_headers).status_code == 200
    )


def close(client: TestClient, job_id: str, headers: dict[str, str]) -> Any:
    return client.post(f"{API}/jobs/{job_id}/close", headers=headers)


def test_close_archives_once_and_records_closed(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"])
    publish(client, job["id"], headers)
    first, again = close(client, job["id"], headers), close(client, job["id"], headers)
    assert first.json() == {
        "ok": True,
        "jobId": job["id"],
        "status": "ARCHIVED",
        "alreadyClosed": False,
    }
    assert again.json()["alreadyClosed"] is True
    assert [c["eventType"] for c in changes(client)] == ["CLOSED"]
    assert client.get(f"{API}/jobs").json()["jobs"] == []


def test_closing_a_draft_archives_it_without_a_board_event(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"])
    assert close(client, job["id"], headers).json()["alreadyClosed"] is False
    assert status_of(client, job["id"]) == "ARCHIVED"
    assert changes(client) == []


def edit(client: TestClient, job_id: str, body: Any, headers: dict[str, str]) -> Any:
    return client.patch(f"{API}/jobs/{job_id}", json=body, headers=headers)


def test_editing_a_live_job_is_moderated_and_recorded(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"], status="OPEN")
    response = edit(
        client, job["id"], {"jobTitle": "Tagalog intent labeling", "pricePerHour": 22}, headers
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "ok": True,
        "jobId": job["id"],
        "status": "OPEN",
        "moderation": {"decision": "ALLOW", "reasons": []},
    }
    listed = client.get(f"{API}/jobs/{job['id']}").json()
    assert listed["title"] == "Tagalog intent labeling"
    assert listed["pay"]["hourlyRate"] == 22
    assert [c["eventType"] for c in changes(client)] == ["UPDATED"]


def test_a_blocked_edit_is_applied_and_the_job_returns_to_draft(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"], status="OPEN")
    text = "Send your work to me on WhatsApp: +44 7700 900123"
    response = edit(client, job["id"], {"jobDescription": text}, headers)
    details = assert_envelope(response, 409, "CONFLICT")["details"]
    assert details == {
        "jobId": job["id"],
        "reason": "moderation_blocked",
        "reasons": ["contact_phone", "contact_handle"],
        "status": "DRAFT",
    }
    stored = db_query(client, "SELECT status, description FROM jobs WHERE id = :id", id=job["id"])
    assert stored == [("DRAFT", text)]
    assert client.get(f"{API}/jobs/{job['id']}").json() == {"id": job["id"], "status": "closed"}
    assert [c["eventType"] for c in changes(client)] == ["CLOSED"]


def test_editing_a_job_that_is_not_open_is_409_requiring_open(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"])
    details = assert_envelope(edit(client, job["id"], {"headcount": 4}, headers), 409, "CONFLICT")[
        "details"
    ]
    assert details == {"jobId": job["id"], "status": "DRAFT", "requiredStatus": "OPEN"}


def test_live_edit_validates_like_a_draft_patch(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"], status="OPEN")
    unknown = assert_envelope(edit(client, job["id"], {"budget": 5}, headers), 400, "BAD_REQUEST")
    assert unknown["details"]["issues"][0]["code"] == "unrecognized_keys"
    cleared = assert_envelope(
        edit(client, job["id"], {"languages": None}, headers), 400, "BAD_REQUEST"
    )
    assert cleared["details"]["validation"]["missingFields"] == ["languages"]
    assert status_of(client, job["id"]) == "OPEN"
