"""`POST /messages` (section 2.7.2, decisions D31-D32) and the operator's act/messages, row by
row, on both engines."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.messaging.schemas import MessageSent
from tests.api.messaging_helpers import (
    API,
    Thread,
    act_send,
    assert_error,
    message_count,
    messages,
    send,
)
from tests.conftest import admin_headers, bearer, db_execute, db_query
from tests.factories import make_account, make_employer, make_token, make_trainer


def test_a_message_is_201_with_the_message_object(client: TestClient) -> None:
    thread = Thread(client)
    response = send(client, thread.employer.headers, thread.id, "  Hello Maria, are you free?  ")
    assert response.status_code == 201, response.text
    body = response.json()
    MessageSent.model_validate(body)
    message = body["message"]
    assert body == {"ok": True, "message": message}
    assert message == {
        "id": message["id"],
        "createdAt": message["createdAt"],
        "updatedAt": message["createdAt"],
        "conversationId": thread.id,
        "jobId": None,
        "senderUserId": thread.employer.account["ownerUserId"],
        "isFromViewer": True,
        "content": "Hello Maria, are you free?",
        "messageType": None,
        "system": False,
        "hasUnreadFlag": False,
        "attachmentCount": 0,
        "hasAudio": False,
        "editedAt": None,
        "reactionCount": 0,
    }
    assert db_query(client, "SELECT content, sender_side, seq FROM messages") == [
        ("Hello Maria, are you free?", "employer", 1)
    ]


def test_the_trainer_replies_through_the_operator_act(client: TestClient) -> None:
    thread = Thread(client)
    thread.employer_says("Hello")
    response = act_send(client, thread.trainer["id"], thread.id, "Hi! I can start Monday.")
    assert response.status_code == 201, response.text
    body = response.json()
    MessageSent.model_validate(body)
    assert body["message"]["senderUserId"] == thread.trainer["id"]
    assert body["message"]["isFromViewer"] is True
    assert body["message"]["content"] == "Hi! I can start Monday."


def test_the_trainer_cannot_write_first_409(client: TestClient) -> None:
    thread = Thread(client)
    response = act_send(client, thread.trainer["id"], thread.id, "Hi, me first")
    assert_error(response, 409, "CONFLICT", reason="employer_first_message_required")
    assert message_count(client) == 0


def test_another_trainer_gets_404_for_the_thread(client: TestClient) -> None:
    thread = Thread(client)
    thread.employer_says("Hello")
    other = make_trainer(client)
    response = act_send(client, other["id"], thread.id, "Hi")
    assert_error(response, 404, "NOT_FOUND", conversationId=thread.id)
    assert message_count(client) == 1


def test_act_as_a_user_who_is_not_a_trainer_404(client: TestClient) -> None:
    thread = Thread(client)
    owner = thread.employer.account["ownerUserId"]
    response = act_send(client, owner, thread.id, "Hi")
    assert_error(response, 404, "NOT_FOUND")
    response = act_send(client, "01kzzzzzzzzzzzzzzzzzzzzzzz", thread.id, "Hi")
    assert_error(response, 404, "NOT_FOUND")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"userId": "x", "conversationId": "y"},
        {"userId": "x", "conversationId": "y", "content": ""},
    ],
)
def test_act_bad_body_400(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/api/admin/v1/act/messages", json=body, headers=admin_headers())
    assert_error(response, 400, "BAD_REQUEST")
    assert response.json()["details"]["issues"]


@pytest.mark.parametrize(
    ("content", "code", "path"),
    [
        ("", "too_small", ["content"]),
        ("   \n\t ", "too_small", ["content"]),
        ("x" * 10_001, "too_big", ["content"]),
        (42, "invalid_type", ["content"]),
    ],
)
def test_bad_content_400_with_zod_issues(
    client: TestClient, content: Any, code: str, path: list[str]
) -> None:
    thread = Thread(client)
    response = send(client, thread.employer.headers, thread.id, content)
    body = assert_error(response, 400, "BAD_REQUEST")
    assert [(i["code"], i["path"]) for i in body["details"]["issues"]] == [(code, path)]
    assert message_count(client) == 0


def test_content_of_exactly_10000_characters_after_trimming_is_taken(client: TestClient) -> None:
    thread = Thread(client)
    response = send(client, thread.employer.headers, thread.id, "  " + "x" * 10_000 + "  ")
    assert response.status_code == 201
    assert len(response.json()["message"]["content"]) == 10_000


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (b"", []),
        (b"{not json", []),
        (b"[]", []),
        (b'{"content": "hi"}', ["conversationId"]),
        (b'{"conversationId": "x", "content": "hi", "extra": 1}', []),
    ],
)
def test_bad_bodies_400(client: TestClient, raw: bytes, path: list[str]) -> None:
    thread = Thread(client)
    response = client.post(
        f"{API}/messages",
        content=raw,
        headers={**thread.employer.headers, "Content-Type": "application/json"},
    )
    body = assert_error(response, 400, "BAD_REQUEST")
    assert body["details"]["issues"][0]["path"] == path
    assert message_count(client) == 0


def test_unknown_conversation_404(client: TestClient) -> None:
    employer = make_employer(client)
    response = send(client, employer.headers, "01kzzzzzzzzzzzzzzzzzzzzzzz", "Hello")
    assert_error(response, 404, "NOT_FOUND", conversationId="01kzzzzzzzzzzzzzzzzzzzzzzz")


def test_not_a_participant_403(client: TestClient) -> None:
    thread, stranger = Thread(client), make_employer(client)
    response = send(client, stranger.headers, thread.id, "Hello")
    assert_error(response, 403, "FORBIDDEN")
    assert message_count(client) == 0


@pytest.mark.parametrize(
    "content",
    [
        "Write to me at maria.garcia@example.com",
        "Call me: +34 612 345 678",
        "My number is (612) 345-6789",
        "Let's move to WhatsApp",
        "Add me on telegram please",
        "https://t.me/someone",
        "Join our Discord",
        "Text me on Signal",
    ],
)
def test_off_platform_contact_is_blocked_and_nothing_stored(
    client: TestClient, content: str
) -> None:
    thread = Thread(client)
    response = send(client, thread.employer.headers, thread.id, content)
    assert_error(
        response, 403, "FORBIDDEN", reason="message_policy_blocked", policy="off_platform_contact"
    )
    assert message_count(client) == 0
    listed = messages(client, thread.employer.headers).json()["conversations"][0]
    assert listed["lastMessage"] is None


def test_the_trainer_is_held_to_the_same_policy(client: TestClient) -> None:
    thread = Thread(client)
    thread.employer_says("Hello")
    response = act_send(client, thread.trainer["id"], thread.id, "mail me: a.b@c.io")
    assert_error(
        response, 403, "FORBIDDEN", reason="message_policy_blocked", policy="off_platform_contact"
    )
    assert message_count(client) == 1


def test_dates_are_not_phone_numbers(client: TestClient) -> None:
    thread = Thread(client)
    response = send(client, thread.employer.headers, thread.id, "From 2026-07-01 to 2026-07-15")
    assert response.status_code == 201


def test_a_read_only_conversation_409(client: TestClient) -> None:
    # Nothing makes a proposal thread read-only before hiring exists (D31): set as a hire will.
    thread = Thread(client)
    db_execute(client, "UPDATE conversations SET read_only = :yes", yes=True)
    response = send(client, thread.employer.headers, thread.id, "Hello")
    assert_error(response, 409, "CONFLICT", reason="read_only_conversation")
    response = act_send(client, thread.trainer["id"], thread.id, "Hello")
    assert_error(response, 409, "CONFLICT", reason="read_only_conversation")
    assert message_count(client) == 0


def test_a_suspended_trainer_cannot_be_messaged_409(client: TestClient) -> None:
    thread = Thread(client)
    response = client.patch(
        f"/api/admin/v1/freelancers/{thread.trainer['id']}",
        json={"status": "SUSPENDED"},
        headers=admin_headers(),
    )
    assert response.status_code == 200, response.text
    response = send(client, thread.employer.headers, thread.id, "Hello")
    assert_error(response, 409, "CONFLICT", reason="message_blocked")
    assert message_count(client) == 0


def test_thirty_a_minute_per_sender_then_429_and_refusals_do_not_count(
    client: TestClient,
) -> None:
    first, second = Thread(client), None
    second = Thread(client, first.employer)
    for n in range(29):
        first.employer_says(f"message {n}")
    blocked = send(client, first.employer.headers, first.id, "call +34 612 345 678")
    assert blocked.status_code == 403
    second.employer_says("the 30th, in another thread of the same sender")
    response = send(client, first.employer.headers, first.id, "the 31st")
    body = assert_error(response, 429, "RATE_LIMITED")
    retry = body["details"]["retryAfterSeconds"]
    assert 1 <= retry <= 60
    assert response.headers["retry-after"] == str(retry)
    assert message_count(client) == 30
    # Another sender is not limited by this one.
    first.trainer_says("the trainer has a limit of their own")
    client.post("/api/admin/v1/clock", json={"advanceSeconds": 61}, headers=admin_headers())
    first.employer_says("a minute later")


def test_429_is_checked_after_the_state(client: TestClient) -> None:
    thread = Thread(client)
    for n in range(30):
        thread.employer_says(f"message {n}")
    db_execute(client, "UPDATE conversations SET read_only = :yes", yes=True)
    response = send(client, thread.employer.headers, thread.id, "one more")
    assert_error(response, 409, "CONFLICT", reason="read_only_conversation")


def test_without_a_token_401(client: TestClient) -> None:
    response = client.post(f"{API}/messages", json={"conversationId": "x", "content": "hi"})
    assert_error(response, 401, "UNAUTHORIZED")


def test_gates_in_the_order_scope_feature_claim_then_validation(client: TestClient) -> None:
    bad = {"conversationId": "x", "content": ""}
    acct = make_account(client, claimed=False, features=[])
    token = make_token(client, acct["id"], scopes=["messages:read"])
    response = client.post(f"{API}/messages", json=bad, headers=bearer(token))
    assert_error(response, 403, "FORBIDDEN", requiredScopes=["messages:write"])
    token = make_token(client, acct["id"], scopes=["messages:write"])
    response = client.post(f"{API}/messages", json=bad, headers=bearer(token))
    assert_error(response, 403, "FORBIDDEN", featureKey="public_api_messaging_writes")
    acct = make_account(client, claimed=False, features=["public_api_messaging_writes"])
    token = make_token(client, acct["id"], scopes=["messages:write"])
    response = client.post(f"{API}/messages", json=bad, headers=bearer(token))
    assert_error(response, 403, "FORBIDDEN", reason="account_claim_required")
    acct = make_account(client, features=["public_api_messaging_writes"])
    token = make_token(client, acct["id"], scopes=["messages:write"])
    response = client.post(f"{API}/messages", json=bad, headers=bearer(token))
    assert_error(response, 400, "BAD_REQUEST")


def test_a_trainer_reply_emits_message_received_for_the_employer_only(
    client: TestClient,
) -> None:
    thread = Thread(client)
    thread.employer_says("Hello")  # the employer's own message: no event for anyone
    reply = thread.trainer_says("Hi!")
    events = client.get(f"{API}/updates", headers=thread.employer.headers).json()["events"]
    received = [e for e in events if e["type"] == "message.received"]
    assert received == [
        {
            "id": received[0]["id"],
            "type": "message.received",
            "apiVersion": "v1",
            "createdAt": reply["createdAt"],
            "resourceId": reply["id"],
            "jobId": thread.employer.job["id"],
            "data": {"conversationId": thread.id, "messageId": reply["id"]},
        }
    ]


def test_a_refused_reply_emits_nothing(client: TestClient) -> None:
    thread = Thread(client)
    act_send(client, thread.trainer["id"], thread.id, "me first")
    thread.employer_says("Hello")
    act_send(client, thread.trainer["id"], thread.id, "mail me at a@b.io")
    events = client.get(f"{API}/updates", headers=thread.employer.headers).json()["events"]
    assert [e for e in events if e["type"] == "message.received"] == []
