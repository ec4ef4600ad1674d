"""`GET /updates` (section 2.10.1, decision D34): scope filtering, cursor, limit, hasMore.

Events are recorded with `record_event` itself, in a real transaction of the app's engine,
until every kind of change that records them exists (proposal events are also checked over
HTTP in test_proposal_lifecycle.py)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.events.service import record_event
from tests.conftest import bearer, db_query
from tests.factories import make_account, make_employer, make_token

URL = "/api/public/v1/updates"


def record(client: TestClient, organization_id: str, event_type: str, **data: Any) -> str:
    """Records one event through the service, in its own committed transaction."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    resource = data.pop("resource", "res_1")
    job_id = data.pop("job", None)

    async def run() -> str:
        async with runtime.uow(write=True) as uow:
            return await record_event(
                uow,
                organization_id=organization_id,
                event_type=event_type,
                resource_id=resource,
                job_id=job_id,
                data=data,
            )

    assert client.portal is not None
    return str(client.portal.call(run))


def poll(client: TestClient, token: str, **params: Any) -> Any:
    return client.get(URL, params=params, headers=bearer(token))


def test_events_have_the_contract_shape_oldest_first(client: TestClient) -> None:
    employer = make_employer(client)
    job_id, org = employer.job["id"], employer.account["id"]
    first = record(
        client,
        org,
        "proposal.received",
        resource="prop_1",
        job=job_id,
        proposalId="prop_1",
        jobId=job_id,
    )
    second = record(
        client,
        org,
        "proposal.status_changed",
        resource="prop_1",
        job=job_id,
        proposalId="prop_1",
        status="SHORTLISTED",
    )
    response = poll(client, employer.token)
    assert response.status_code == 200
    body = response.json()
    assert int(second) > int(first)
    assert body["nextCursor"] == second
    assert body["hasMore"] is False
    [received, changed] = body["events"]
    assert received == {
        "id": first,
        "type": "proposal.received",
        "apiVersion": "v1",
        "createdAt": received["createdAt"],
        "resourceId": "prop_1",
        "jobId": job_id,
        "data": {"proposalId": "prop_1", "jobId": job_id},
    }
    assert received["createdAt"].endswith("Z")
    assert len(received["createdAt"]) == 24
    assert changed["id"] == second
    assert changed["data"] == {"proposalId": "prop_1", "status": "SHORTLISTED"}


def test_ids_come_from_one_increasing_sequence_across_accounts(client: TestClient) -> None:
    a, b = make_account(client)["id"], make_account(client)["id"]
    ids = [int(record(client, org, "message.received")) for org in (a, b, a, b)]
    assert ids == sorted(ids)
    assert len(set(ids)) == 4


def test_an_empty_feed_without_cursor_answers_null_cursor(client: TestClient) -> None:
    employer = make_employer(client)
    response = poll(client, employer.token)
    assert response.status_code == 200
    assert response.json() == {"events": [], "nextCursor": None, "hasMore": False}


def test_an_empty_page_echoes_the_input_cursor(client: TestClient) -> None:
    employer = make_employer(client)
    last = record(client, employer.account["id"], "message.received")
    for cursor in (last, "99999999999999999999999999"):
        response = poll(client, employer.token, cursor=cursor)
        assert response.status_code == 200
        assert response.json() == {"events": [], "nextCursor": cursor, "hasMore": False}


def test_cursor_and_has_more_walk_the_feed(client: TestClient) -> None:
    employer = make_employer(client)
    ids = [record(client, employer.account["id"], "message.received") for _ in range(5)]
    first = poll(client, employer.token, limit=2).json()
    assert [e["id"] for e in first["events"]] == ids[:2]
    assert first["hasMore"] is True
    assert first["nextCursor"] == ids[1]
    second = poll(client, employer.token, limit=2, cursor=first["nextCursor"]).json()
    assert [e["id"] for e in second["events"]] == ids[2:4]
    third = poll(client, employer.token, limit=2, cursor=second["nextCursor"]).json()
    assert [e["id"] for e in third["events"]] == ids[4:]
    assert third["hasMore"] is False
    assert third["nextCursor"] == ids[4]
    assert poll(client, employer.token, cursor="0").json()["events"][0]["id"] == ids[0]


def test_limit_defaults_to_50_and_allows_200(client: TestClient) -> None:
    employer = make_employer(client)
    for _ in range(51):
        record(client, employer.account["id"], "message.received")
    default = poll(client, employer.token).json()
    assert len(default["events"]) == 50
    assert default["hasMore"] is True
    widest = poll(client, employer.token, limit="200").json()
    assert len(widest["events"]) == 51
    assert widest["hasMore"] is False


@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten", "1.5", ""])
def test_a_limit_outside_1_to_200_is_400(client: TestClient, limit: str) -> None:
    employer = make_employer(client)
    response = poll(client, employer.token, limit=limit)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "BAD_REQUEST"
    assert body["details"] == {"field": "limit"}


@pytest.mark.parametrize("cursor", ["-1", "abc", "1.5", "", " 1", "1e3", "+3", "٣", "0x10"])
def test_a_cursor_that_is_not_a_non_negative_integer_is_400(
    client: TestClient, cursor: str
) -> None:
    employer = make_employer(client)
    response = poll(client, employer.token, cursor=cursor)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "BAD_REQUEST"
    assert body["details"] == {"field": "cursor"}
    assert set(body) == {"error", "code", "requestId", "details"}


def test_another_accounts_events_never_show(client: TestClient) -> None:
    mine, other = make_employer(client), make_employer(client)
    record(client, other.account["id"], "proposal.received")
    own = record(client, mine.account["id"], "proposal.received")
    assert [e["id"] for e in poll(client, mine.token).json()["events"]] == [own]


ALL_TYPES = [
    "proposal.received",
    "proposal.status_changed",
    "message.received",
    "contract.created",
    "milestone.status_changed",
    "payment.pending",
    "approval.confirmed",
    "contract.budget_state_changed",
]


@pytest.mark.parametrize(
    ("scopes", "visible"),
    [
        (["proposals:read"], ALL_TYPES[:2]),
        (["proposals:write"], ALL_TYPES[:2]),
        (["messages:read"], ALL_TYPES[2:3]),
        (["messages:write", "jobs:read"], ALL_TYPES[2:3]),
        (["payments:read"], ALL_TYPES[3:]),
        (["payments:write"], ALL_TYPES[3:]),
        (["proposals:read", "payments:read"], ALL_TYPES[:2] + ALL_TYPES[3:]),
        (["proposals:read", "messages:read", "payments:read"], ALL_TYPES),
    ],
)
def test_each_type_shows_only_with_its_scope(
    client: TestClient, scopes: list[str], visible: list[str]
) -> None:
    account = make_account(client)["id"]
    for kind in ALL_TYPES:
        record(client, account, kind)
    token = make_token(client, account, scopes=scopes)
    body = poll(client, token).json()
    assert [e["type"] for e in body["events"]] == visible
    assert body["hasMore"] is False


def test_hidden_types_do_not_count_against_the_page(client: TestClient) -> None:
    account = make_account(client)["id"]
    record(client, account, "message.received")
    shown = record(client, account, "proposal.received")
    record(client, account, "message.received")
    token = make_token(client, account, scopes=["proposals:read"])
    body = poll(client, token, limit=1).json()
    assert [e["id"] for e in body["events"]] == [shown]
    assert body["hasMore"] is False


def test_a_token_without_any_of_the_three_scopes_is_403(client: TestClient) -> None:
    account = make_account(client)["id"]
    token = make_token(client, account, scopes=["jobs:write", "team:read"])
    # The scope check comes before the cursor's validation (D4).
    response = poll(client, token, cursor="bad")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "FORBIDDEN"
    assert body["details"] == {
        "requiredScopes": ["proposals:read", "messages:read", "payments:read"],
        "grantedScopes": ["jobs:write", "team:read"],
    }


def test_the_feed_needs_a_token(client: TestClient) -> None:
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHORIZED"


def test_the_feed_works_before_the_claim(client: TestClient) -> None:
    account = make_account(client, claimed=False)["id"]
    token = make_token(client, account, scopes=["proposals:read"])
    shown = record(client, account, "proposal.received")
    assert [e["id"] for e in poll(client, token).json()["events"]] == [shown]


def test_an_unknown_event_type_is_refused_by_record_event(client: TestClient) -> None:
    account = make_account(client)["id"]
    with pytest.raises(ValueError, match="unknown event type"):
        record(client, account, "proposal.exploded")
    assert db_query(client, "SELECT count(*) FROM events")[0][0] == 0
