"""`GET /messages` in list mode and message mode (section 2.7.1, decision D33), on both
engines."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.messaging.schemas import ConversationList, MessagePage
from tests.api.messaging_helpers import API, Thread, assert_error, messages
from tests.conftest import bearer, db_query
from tests.factories import make_account, make_employer, make_token


def test_list_mode_newest_activity_first_with_counts(client: TestClient) -> None:
    employer = make_employer(client)
    quiet, busy = Thread(client, employer), Thread(client, employer)
    busy.employer_says("Hello")
    reply = busy.trainer_says("Thanks — I can start Monday.")
    busy.trainer_says("And I have done this before.")
    response = messages(client, employer.headers)
    assert response.status_code == 200
    body = response.json()
    ConversationList.model_validate(body)
    assert [c["id"] for c in body["conversations"]] == [busy.id, quiet.id]
    first = body["conversations"][0]
    assert first == {
        "id": busy.id,
        "type": "DIRECT_MESSAGE",
        "bucket": "proposal",
        "jobId": None,
        "proposalId": busy.proposal_id,
        "channelName": None,
        "updatedAt": first["updatedAt"],
        "lastMessage": {
            "id": first["lastMessage"]["id"],
            "content": "And I have done this before.",
            "senderUserId": busy.trainer["id"],
            "isFromViewer": False,
            "createdAt": first["lastMessage"]["createdAt"],
        },
        "unreadCount": 2,
        "needsReplyCount": 2,
    }
    assert first["lastMessage"]["id"] > reply["id"]
    assert body["conversations"][1]["lastMessage"] is None
    assert body["conversations"][1]["unreadCount"] == 0
    assert body["nextCursor"] is None


def test_sending_moves_the_senders_marker_and_reading_changes_nothing(
    client: TestClient,
) -> None:
    thread = Thread(client)
    thread.employer_says("Hello")
    thread.trainer_says("Hi")
    before = db_query(client, "SELECT * FROM conversations")
    for _ in range(2):
        listed = messages(client, thread.employer.headers).json()["conversations"][0]
        assert (listed["unreadCount"], listed["needsReplyCount"]) == (1, 1)
        messages(client, thread.employer.headers, conversationId=thread.id)
    assert db_query(client, "SELECT * FROM conversations") == before  # strictly read-only
    thread.employer_says("Great")
    listed = messages(client, thread.employer.headers).json()["conversations"][0]
    assert (listed["unreadCount"], listed["needsReplyCount"]) == (0, 0)
    assert listed["lastMessage"]["isFromViewer"] is True


def test_is_from_viewer_is_the_tokens_user_not_the_organization(client: TestClient) -> None:
    thread = Thread(client)
    thread.employer_says("Hello from the owner")
    colleague = make_token(client, thread.employer.account["id"])
    body = messages(client, bearer(colleague), conversationId=thread.id).json()
    assert body["messages"][0]["isFromViewer"] is True  # operator tokens act as the owner
    # The organization is one side: the owner's message is not unread for a colleague either.
    assert body["messages"][0]["hasUnreadFlag"] is False


def test_message_mode_older_walks_back_from_the_newest(client: TestClient) -> None:
    thread = Thread(client)
    thread.employer_says("m1")
    for n in range(2, 6):
        thread.trainer_says(f"m{n}")
    response = messages(client, thread.employer.headers, conversationId=thread.id, limit=2)
    assert response.status_code == 200
    body = response.json()
    MessagePage.model_validate(body)
    assert [m["content"] for m in body["messages"]] == ["m5", "m4"]
    assert body["conversation"]["id"] == thread.id
    assert body["conversation"]["unreadCount"] == 4
    assert all(m["hasUnreadFlag"] for m in body["messages"])
    seen = [m["content"] for m in body["messages"]]
    cursor = body["nextCursor"]
    while cursor:
        page = messages(
            client, thread.employer.headers, conversationId=thread.id, limit=2, cursor=cursor
        ).json()
        seen += [m["content"] for m in page["messages"]]
        cursor = page["nextCursor"]
    assert seen == ["m5", "m4", "m3", "m2", "m1"]


def test_message_mode_newer_walks_forward_from_the_oldest_or_the_cursor(
    client: TestClient,
) -> None:
    thread = Thread(client)
    for n in range(1, 6):
        thread.employer_says(f"m{n}")
    params: dict[str, Any] = {"conversationId": thread.id, "limit": 3, "direction": "newer"}
    first = messages(client, thread.employer.headers, **params).json()
    assert [m["content"] for m in first["messages"]] == ["m1", "m2", "m3"]
    second = messages(client, thread.employer.headers, **params, cursor=first["nextCursor"])
    assert [m["content"] for m in second.json()["messages"]] == ["m4", "m5"]
    assert second.json()["nextCursor"] is None
    assert all(m["isFromViewer"] and not m["hasUnreadFlag"] for m in first["messages"])


def test_list_mode_pages_with_a_cursor(client: TestClient) -> None:
    employer = make_employer(client)
    threads = [Thread(client, employer) for _ in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = messages(client, employer.headers, **params).json()
        seen += [c["id"] for c in page["conversations"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == [t.id for t in reversed(threads)]


def test_filter_and_unread_only(client: TestClient) -> None:
    employer = make_employer(client)
    read, unread = Thread(client, employer), Thread(client, employer)
    unread.employer_says("Hello")
    unread.trainer_says("Hi")
    for flag in ("true", "1", "TRUE"):
        body = messages(client, employer.headers, unreadOnly=flag).json()
        assert [c["id"] for c in body["conversations"]] == [unread.id]
    for flag in ("false", "0"):
        body = messages(client, employer.headers, unreadOnly=flag).json()
        assert len(body["conversations"]) == 2
    assert len(messages(client, employer.headers, filter="proposal").json()["conversations"]) == 2
    assert messages(client, employer.headers, filter="job").json()["conversations"] == []
    assert len(messages(client, employer.headers, filter="all").json()["conversations"]) == 2
    assert read.id


def test_only_the_callers_conversations(client: TestClient) -> None:
    Thread(client)
    stranger = make_employer(client)
    assert messages(client, stranger.headers).json() == {"conversations": [], "nextCursor": None}


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"limit": "0"}, "limit", "too_small"),
        ({"limit": "101"}, "limit", "too_big"),
        ({"limit": "abc"}, "limit", "invalid_type"),
        ({"filter": "everything"}, "filter", "invalid_enum_value"),
        ({"unreadOnly": "yes"}, "unreadOnly", "invalid_enum_value"),
        ({"cursor": "garbage!"}, "cursor", "custom"),
        ({"conversationId": "x", "direction": "sideways"}, "direction", "invalid_enum_value"),
        ({"conversationId": "x", "cursor": "garbage"}, "cursor", "custom"),
        ({"conversationId": ""}, "conversationId", "too_small"),
        # A parameter of the other mode has no effect, but a bad value is still refused.
        ({"direction": "sideways"}, "direction", "invalid_enum_value"),
        ({"conversationId": "x", "filter": "everything"}, "filter", "invalid_enum_value"),
        ({"conversationId": "x", "unreadOnly": "yes"}, "unreadOnly", "invalid_enum_value"),
    ],
)
def test_invalid_query_400_with_zod_issues(
    client: TestClient, params: dict[str, str], field: str, code: str
) -> None:
    employer = make_employer(client)
    body = assert_error(messages(client, employer.headers, **params), 400, "BAD_REQUEST")
    assert body["details"]["field"] == field
    assert [(i["code"], i["path"]) for i in body["details"]["issues"]] == [(code, [field])]


def test_a_cursor_of_another_mode_or_conversation_is_400(client: TestClient) -> None:
    employer = make_employer(client)
    one, two = Thread(client, employer), Thread(client, employer)
    for n in range(3):
        one.employer_says(f"m{n}")
    page = messages(client, employer.headers, conversationId=one.id, limit=1).json()
    response = messages(client, employer.headers, conversationId=two.id, cursor=page["nextCursor"])
    assert_error(response, 400, "BAD_REQUEST", field="cursor")
    response = messages(client, employer.headers, cursor=page["nextCursor"])
    assert_error(response, 400, "BAD_REQUEST", field="cursor")
    listed = messages(client, employer.headers, limit=1).json()
    response = messages(
        client, employer.headers, conversationId=one.id, cursor=listed["nextCursor"]
    )
    assert_error(response, 400, "BAD_REQUEST", field="cursor")


def test_unknown_conversation_404_and_another_accounts_403(client: TestClient) -> None:
    thread, stranger = Thread(client), make_employer(client)
    response = messages(client, stranger.headers, conversationId="01kzzzzzzzzzzzzzzzzzzzzzzz")
    assert_error(response, 404, "NOT_FOUND", conversationId="01kzzzzzzzzzzzzzzzzzzzzzzz")
    response = messages(client, stranger.headers, conversationId=thread.id)
    body = assert_error(response, 403, "FORBIDDEN")
    assert "Hello" not in response.text
    assert "details" not in body


def test_needs_messages_read_and_works_before_the_claim(client: TestClient) -> None:
    response = client.get(f"{API}/messages")
    assert_error(response, 401, "UNAUTHORIZED")
    acct = make_account(client, claimed=False, features=[])
    token = make_token(client, acct["id"], scopes=["jobs:read"])
    response = client.get(f"{API}/messages", headers=bearer(token))
    assert_error(response, 403, "FORBIDDEN", requiredScopes=["messages:read"])
    for scopes in (["messages:read"], ["messages:write"]):
        token = make_token(client, acct["id"], scopes=scopes)
        response = client.get(f"{API}/messages", headers=bearer(token))
        assert response.status_code == 200, response.text
