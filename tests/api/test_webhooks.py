"""Webhook subscriptions (sections 2.12.1-2.12.4, decisions D20, D39): validation, scopes
per event type, the limit of 10, the secret shown once, another account's webhook hidden."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.events.rules import EVENT_SCOPES
from hirehall.webhooks.schemas import EventType
from tests.conftest import admin_headers, bearer, db_query
from tests.factories import make_account, make_employer, make_token

URL = "/api/public/v1/webhooks"
HOOK = "https://example.com/hooks/opentrain"
ALL_TYPES = list(EVENT_SCOPES)


def create(client: TestClient, headers: dict[str, str], **body: Any) -> Any:
    payload = {"url": HOOK, "eventTypes": ["proposal.received"], **body}
    return client.post(URL, json=payload, headers=headers)


def test_the_schema_lists_exactly_the_event_catalog() -> None:
    assert list(EventType.__args__) == ALL_TYPES  # type: ignore[attr-defined]


def test_create_answers_the_subscription_and_the_secret_once(client: TestClient) -> None:
    employer = make_employer(client)
    response = create(
        client,
        employer.headers,
        eventTypes=["proposal.received", "message.received", "proposal.received"],
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"webhook", "secret", "message"}
    hook = body["webhook"]
    assert hook == {
        "id": hook["id"],
        "url": HOOK,
        "eventTypes": ["proposal.received", "message.received"],  # duplicates removed
        "status": "ACTIVE",
        "createdAt": hook["createdAt"],
        "disabledAt": None,
        "disabledReason": None,
    }
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", body["secret"])
    assert len(base64.b64decode(body["secret"].removeprefix("whsec_"))) == 32
    assert "only returned once" in body["message"]
    # Never shown again, and not stored as it is.
    listed = client.get(URL, headers=employer.headers).json()
    assert listed == {"webhooks": [hook]}
    one = client.get(f"{URL}/{hook['id']}", headers=employer.headers).json()
    assert one == {"webhook": hook}
    stored = db_query(client, "SELECT secret_sealed FROM webhooks")[0][0]
    assert body["secret"] not in str(stored)
    assert body["secret"].removeprefix("whsec_") not in str(stored)


def test_list_is_newest_first(client: TestClient) -> None:
    employer = make_employer(client)
    ids = [create(client, employer.headers).json()["webhook"]["id"] for _ in range(3)]
    listed = client.get(URL, headers=employer.headers).json()["webhooks"]
    assert [hook["id"] for hook in listed] == ids[::-1]


@pytest.mark.parametrize(
    ("body", "path", "code"),
    [
        ({"eventTypes": ["proposal.received"]}, ["url"], "invalid_type"),
        ({"url": HOOK}, ["eventTypes"], "invalid_type"),
        ({"url": HOOK, "eventTypes": []}, ["eventTypes"], "too_small"),
        ({"url": HOOK, "eventTypes": ["job.created"]}, ["eventTypes", 0], "invalid_enum_value"),
        ({"url": HOOK, "eventTypes": "proposal.received"}, ["eventTypes"], "invalid_type"),
        (
            {"url": "http://example.com/hook", "eventTypes": ["proposal.received"]},
            ["url"],
            "custom",
        ),
        ({"url": "ftp://example.com/hook", "eventTypes": ["proposal.received"]}, ["url"], "custom"),
        ({"url": "/hooks/relative", "eventTypes": ["proposal.received"]}, ["url"], "custom"),
        ({"url": "https://", "eventTypes": ["proposal.received"]}, ["url"], "custom"),
        (
            {"url": "https://a.example/" + "x" * 2031, "eventTypes": ["message.received"]},
            ["url"],
            "too_big",
        ),
        ({"url": "https://exa mple.com/", "eventTypes": ["message.received"]}, ["url"], "custom"),
        (
            {"url": "https://example.com:99999/", "eventTypes": ["message.received"]},
            ["url"],
            "custom",
        ),
    ],
)
def test_bad_bodies_are_400_with_issues(
    client: TestClient, body: dict[str, Any], path: list[Any], code: str
) -> None:
    employer = make_employer(client)
    response = client.post(URL, json=body, headers=employer.headers)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["code"] == "BAD_REQUEST"
    assert [(issue["path"], issue["code"]) for issue in error["details"]["issues"]] == [
        (path, code)
    ]
    assert db_query(client, "SELECT count(*) FROM webhooks") == [(0,)]


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080/hook",
        "http://127.0.0.1:9/hook",
        "http://[::1]:9/hook",
        "https://example.com/" + "x" * (2048 - len("https://example.com/")),
    ],
)
def test_local_http_and_the_longest_url_are_accepted(client: TestClient, url: str) -> None:
    employer = make_employer(client)
    response = create(client, employer.headers, url=url)
    assert response.status_code == 201, response.text
    assert response.json()["webhook"]["url"] == url


def test_without_webhooks_manage_it_is_403(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"], scopes=["proposals:read"])
    for response in (create(client, bearer(token)), client.get(URL, headers=bearer(token))):
        assert response.status_code == 403
        assert response.json()["details"] == {
            "requiredScopes": ["webhooks:manage"],
            "grantedScopes": ["proposals:read"],
        }


def test_each_type_needs_its_read_scope(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"], scopes=["webhooks:manage", "proposals:write"])
    refused = create(
        client,
        bearer(token),
        eventTypes=["proposal.received", "contract.created", "message.received"],
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "FORBIDDEN"
    assert refused.json()["details"] == {
        "requiredScopes": ["payments:read", "messages:read"],
        "grantedScopes": ["webhooks:manage", "proposals:write"],
    }
    # proposals:write implies proposals:read (D6).
    assert create(client, bearer(token), eventTypes=["proposal.status_changed"]).status_code == 201


def test_the_feature_flag_is_required(client: TestClient) -> None:
    account = make_account(client, features=["public_api_hiring"])
    token = make_token(client, account["id"])
    response = create(client, bearer(token))
    assert response.status_code == 403
    assert response.json()["details"] == {"featureKey": "public_api_webhooks", "mode": "ALLOWLIST"}


def test_the_eleventh_subscription_is_409_and_disabled_ones_count(client: TestClient) -> None:
    employer = make_employer(client)
    for _ in range(10):
        assert create(client, employer.headers).status_code == 201
    db_query(client, "SELECT 1")  # nothing to do; the disabled one below still counts
    hook_id = client.get(URL, headers=employer.headers).json()["webhooks"][0]["id"]
    from tests.conftest import db_execute

    db_execute(client, "UPDATE webhooks SET status = 'DISABLED' WHERE id = :id", id=hook_id)
    refused = create(client, employer.headers)
    assert refused.status_code == 409
    assert refused.json()["code"] == "CONFLICT"
    assert refused.json()["details"] == {"reason": "webhook_limit_reached", "limit": 10}
    # Another account has its own ten.
    assert create(client, make_employer(client).headers).status_code == 201
    # Deleting one makes room.
    assert client.delete(f"{URL}/{hook_id}", headers=employer.headers).status_code == 200
    assert create(client, employer.headers).status_code == 201


def test_delete_answers_the_snapshot_and_removes_it(client: TestClient) -> None:
    employer = make_employer(client)
    hook = create(client, employer.headers).json()["webhook"]
    deleted = client.delete(f"{URL}/{hook['id']}", headers=employer.headers)
    assert deleted.status_code == 200
    assert deleted.json() == {"webhook": hook, "deleted": True}
    for response in (
        client.get(f"{URL}/{hook['id']}", headers=employer.headers),
        client.delete(f"{URL}/{hook['id']}", headers=employer.headers),
    ):
        assert response.status_code == 404
        assert response.json()["details"] == {"resource": "webhooks", "webhookId": hook["id"]}
    assert client.get(URL, headers=employer.headers).json() == {"webhooks": []}


@pytest.mark.parametrize("webhook_id", ["nope", "0" * 26, "x" * 300])
def test_unknown_and_another_accounts_webhooks_are_404(client: TestClient, webhook_id: str) -> None:
    owner, other = make_employer(client), make_employer(client)
    hook_id = create(client, owner.headers).json()["webhook"]["id"]
    for wanted in (webhook_id, hook_id):
        for response in (
            client.get(f"{URL}/{wanted}", headers=other.headers),
            client.delete(f"{URL}/{wanted}", headers=other.headers),
        ):
            assert response.status_code == 404
            assert response.json()["code"] == "NOT_FOUND"
            assert response.json()["details"] == {"resource": "webhooks", "webhookId": wanted}
    assert client.get(URL, headers=other.headers).json() == {"webhooks": []}
    assert client.get(f"{URL}/{hook_id}", headers=owner.headers).status_code == 200


def test_the_operator_lists_every_subscription(client: TestClient) -> None:
    first, second = make_employer(client), make_employer(client)
    hook = create(client, first.headers).json()["webhook"]
    create(client, second.headers)
    listed = client.get(
        "/api/admin/v1/webhooks",
        params={"accountId": first.account["id"]},
        headers=admin_headers(),
    ).json()
    assert listed == {
        "webhooks": [{**hook, "accountId": first.account["id"], "consecutiveFailures": 0}]
    }
    everything = client.get("/api/admin/v1/webhooks", headers=admin_headers()).json()
    assert len(everything["webhooks"]) == 2
