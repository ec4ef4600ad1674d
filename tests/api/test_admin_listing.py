"""The operator's lists (admin-api.md, "Listing"): accounts, freelancers, jobs; newest first,
`limit` 1-100 (default 25), `cursor`, filters; bad parameters answer 400 in the envelope."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.messaging_helpers import assert_error
from tests.conftest import admin_headers
from tests.factories import make_account, make_job, make_trainer

ADMIN = "/api/admin/v1"


def listing(client: TestClient, what: str, **params: Any) -> Any:
    return client.get(f"{ADMIN}/{what}", params=params, headers=admin_headers())


def walk(client: TestClient, what: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = listing(client, what, **query)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {what, "nextCursor"}
        items += body[what]
        cursor = body["nextCursor"]
        if cursor is None:
            return items


def test_accounts_newest_first_with_cursor(client: TestClient) -> None:
    made = [make_account(client) for _ in range(5)]
    body = listing(client, "accounts").json()
    assert body == {"accounts": list(reversed(made)), "nextCursor": None}
    assert walk(client, "accounts", limit=2) == list(reversed(made))


def test_default_limit_is_25(client: TestClient) -> None:
    for _ in range(26):
        make_account(client)
    body = listing(client, "accounts").json()
    assert len(body["accounts"]) == 25
    assert body["nextCursor"] is not None
    assert len(listing(client, "accounts", cursor=body["nextCursor"]).json()["accounts"]) == 1


def test_freelancers_newest_first_filtered_by_status_and_availability(
    client: TestClient,
) -> None:
    ana = make_trainer(client, firstName="Ana")
    bo = make_trainer(client, firstName="Bo", availability="PART_TIME")
    cy = make_trainer(client, firstName="Cy", status="SUSPENDED")
    make_account(client)  # an employer's owner is no trainer
    everyone = walk(client, "freelancers", limit=1)
    assert [t["id"] for t in everyone] == [cy["id"], bo["id"], ana["id"]]
    assert everyone[-1] == ana  # the same object as the operator's read
    assert [t["id"] for t in walk(client, "freelancers", status="ACTIVE")] == [bo["id"], ana["id"]]
    assert [t["id"] for t in walk(client, "freelancers", availability="PART_TIME")] == [bo["id"]]
    assert walk(client, "freelancers", status="SUSPENDED", availability="PART_TIME") == []


def test_jobs_newest_first_filtered_by_account_and_status(client: TestClient) -> None:
    one, two = make_account(client), make_account(client)
    a = make_job(client, one["id"])
    b = make_job(client, two["id"], status="DRAFT")
    c = make_job(client, one["id"], status="ARCHIVED")
    assert walk(client, "jobs", limit=2) == [c, b, a]
    assert [j["id"] for j in walk(client, "jobs", accountId=one["id"])] == [c["id"], a["id"]]
    assert [j["id"] for j in walk(client, "jobs", status="DRAFT")] == [b["id"]]
    assert [j["id"] for j in walk(client, "jobs", accountId=one["id"], status="OPEN")] == [a["id"]]
    assert walk(client, "jobs", accountId="01kzzzzzzzzzzzzzzzzzzzzzzz") == []


@pytest.mark.parametrize("what", ["accounts", "freelancers", "jobs"])
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_paging_400(client: TestClient, what: str, params: dict[str, str], field: str) -> None:
    assert_error(listing(client, what, **params), 400, "BAD_REQUEST", field=field)


def test_limits_1_and_100_are_taken(client: TestClient) -> None:
    make_account(client)
    for limit in ("1", "100"):
        assert listing(client, "accounts", limit=limit).status_code == 200


@pytest.mark.parametrize(
    ("what", "params", "field", "key"),
    [
        ("jobs", {"status": "LIVE"}, "status", "supportedStatuses"),
        ("freelancers", {"status": "BUSY"}, "status", "supportedStatuses"),
        ("freelancers", {"availability": "WEEKENDS"}, "availability", "supportedValues"),
    ],
)
def test_bad_filters_400(
    client: TestClient, what: str, params: dict[str, str], field: str, key: str
) -> None:
    body = assert_error(listing(client, what, **params), 400, "BAD_REQUEST", field=field)
    assert body["details"][key]


@pytest.mark.parametrize("what", ["accounts", "freelancers", "jobs"])
def test_needs_the_admin_token(client: TestClient, what: str) -> None:
    response = client.get(f"{ADMIN}/{what}", headers={"Authorization": "Bearer nope"})
    assert_error(response, 401, "UNAUTHORIZED")
