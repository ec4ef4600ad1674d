"""The operator API, as admin-api.md writes it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.app import create_app
from hirehall.core.timefmt import parse_iso
from tests.conftest import FROZEN_AT, admin_headers, bearer, db_query, make_settings
from tests.factories import make_account, make_employer, make_job, make_token, make_trainer

A = "/api/admin/v1"


def post(client: TestClient, path: str, body: Any) -> Any:
    return client.post(f"{A}{path}", json=body, headers=admin_headers())


def test_account_defaults_and_shape(client: TestClient) -> None:
    response = post(client, "/accounts", {"name": "Acme"})
    assert response.status_code == 201
    account = response.json()["account"]
    assert set(account) == {
        "id",
        "name",
        "claimed",
        "features",
        "ownerUserId",
        "ownerEmail",
        "approvalPolicy",
        "paymentMethod",
        "credits",
        "teamsEnabled",
        "createdAt",
    }
    assert account["approvalPolicy"] == "manual"
    assert account["paymentMethod"] is None
    assert account["credits"] == {"availableCents": 0, "reservedCents": 0}
    assert account["ownerEmail"] == f"owner-{account['id']}@example.invalid"
    assert account["claimed"] is True
    assert account["features"] == sorted(account["features"])
    assert len(account["features"]) == 8
    assert account["createdAt"].endswith("Z")
    fetched = client.get(f"{A}/accounts/{account['id']}", headers=admin_headers()).json()
    assert fetched["account"] == account


def test_account_patch_replaces_features(client: TestClient) -> None:
    account = make_account(client)
    response = client.patch(
        f"{A}/accounts/{account['id']}",
        json={"features": ["public_api_hiring"], "claimed": False, "name": "Renamed"},
        headers=admin_headers(),
    )
    assert response.status_code == 200
    patched = response.json()["account"]
    assert patched == {
        **account,
        "features": ["public_api_hiring"],
        "claimed": False,
        "name": "Renamed",
    }
    fetched = client.get(f"{A}/accounts/{account['id']}", headers=admin_headers())
    assert fetched.json()["account"] == patched


@pytest.mark.parametrize(
    ("body", "issue_code"),
    [
        ({"name": "X", "colour": "red"}, "unrecognized_keys"),
        ({"name": ""}, "too_small"),
        ({}, "invalid_type"),
        ({"name": "X", "features": ["public_api_flying"]}, "invalid_enum_value"),
        ({"name": "X", "claimed": "yes"}, "invalid_type"),
    ],
)
def test_bad_account_bodies_are_400(client: TestClient, body: Any, issue_code: str) -> None:
    response = post(client, "/accounts", body)
    assert response.status_code == 400
    assert response.json()["code"] == "BAD_REQUEST"
    assert response.json()["details"]["issues"][0]["code"] == issue_code


def test_missing_account_is_404(client: TestClient) -> None:
    for response in (
        client.get(f"{A}/accounts/nope", headers=admin_headers()),
        post(client, "/accounts/nope/tokens", {}),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "NOT_FOUND"
        assert response.json()["details"] == {"accountId": "nope"}
    # and no token was made for it
    assert db_query(client, "SELECT count(*) FROM api_tokens") == [(0,)]


def test_token_defaults_to_every_scope_and_rejects_unknown(client: TestClient) -> None:
    account = make_account(client)
    minted = post(client, f"/accounts/{account['id']}/tokens", {}).json()
    assert minted["token"].startswith("ot_pat_")
    meta = minted["metadata"]
    assert len(meta["scopes"]) == 11
    assert meta["status"] == "active"
    assert meta["organizationId"] == account["id"]
    assert meta["preview"] == f"ot_pat_{minted['token'][7:11]}********{minted['token'][-4:]}"
    bad = post(client, f"/accounts/{account['id']}/tokens", {"scopes": ["jobs:read", "jobs:fly"]})
    assert bad.status_code == 400
    assert bad.json()["details"]["unknownScopes"] == ["jobs:fly"]


def test_trainer_slug_is_derived_and_made_unique(client: TestClient) -> None:
    first = make_trainer(client, firstName="María", lastName="Gómez")
    second = make_trainer(client, firstName="Maria", lastName="Garcia")
    assert first["profileSlug"] == "maria-g"
    assert second["profileSlug"] == "maria-g-2"
    assert first["lastName"] == "Gómez"
    assert first["status"] == "ACTIVE"
    assert first["availability"] == "FULL_TIME"


def test_explicit_taken_slug_is_409(client: TestClient) -> None:
    make_trainer(client, profileSlug="ana-b")
    response = post(
        client, "/freelancers", {"firstName": "Ana", "lastName": "B", "profileSlug": "ana-b"}
    )
    assert response.status_code == 409
    assert response.json()["details"] == {"reason": "slug_taken"}


def test_trainer_patch(client: TestClient) -> None:
    trainer = make_trainer(client)
    response = client.patch(
        f"{A}/freelancers/{trainer['id']}",
        json={"availability": "NOT_AVAILABLE", "hourlyRateUsd": 21.5, "status": "SUSPENDED"},
        headers=admin_headers(),
    )
    assert response.status_code == 200
    patched = response.json()["freelancer"]
    assert patched["availability"] == "NOT_AVAILABLE"
    assert patched["hourlyRateUsd"] == 21.5
    assert patched["status"] == "SUSPENDED"
    assert client.get(f"{A}/freelancers/nope", headers=admin_headers()).status_code == 404


def test_job_in_any_status(client: TestClient) -> None:
    account = make_account(client)
    job = make_job(
        client,
        account["id"],
        status="DRAFT",
        paymentType="PAY_PER_HOUR",
        pricePerHour=12,
        languages=["Spanish"],
    )
    assert job["status"] == "DRAFT"
    assert job["pay"]["hourlyRate"] == 12
    assert job["languages"] == ["Spanish"]
    assert job["companyName"] == account["name"]
    unknown = post(client, "/jobs", {"accountId": account["id"], "title": "T", "salary": 3})
    assert unknown.status_code == 400
    missing = post(client, "/jobs", {"accountId": "nope", "title": "T"})
    assert missing.status_code == 404


def test_outbox_filters(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    client.post(
        f"/api/public/v1/jobs/{employer.job['id']}/invites",
        json={"freelancerId": trainer["id"]},
        headers=employer.headers,
    )
    everything = client.get(f"{A}/outbox", headers=admin_headers()).json()["messages"]
    assert [m["kind"] for m in everything] == ["trainer_invite"]
    assert set(everything[0]) == {"id", "kind", "to", "subject", "body", "data", "createdAt"}
    none = client.get(f"{A}/outbox", params={"kind": "claim_code"}, headers=admin_headers())
    assert none.json()["messages"] == []


def test_reset_deletes_everything_and_the_admin_token_keeps_working(client: TestClient) -> None:
    employer = make_employer(client)
    assert post(client, "/reset", None).json() == {"ok": True}
    assert client.get("/api/public/v1/auth/me", headers=employer.headers).status_code == 401
    assert (
        client.get(f"{A}/accounts/{employer.account['id']}", headers=admin_headers()).status_code
        == 404
    )


def test_clock_moves_forward_only(frozen_client: TestClient) -> None:
    client = frozen_client  # the server clock reads FROZEN_AT until the test moves it
    before = parse_iso(client.get(f"{A}/clock", headers=admin_headers()).json()["now"])
    assert before == FROZEN_AT
    moved = parse_iso(post(client, "/clock", {"advanceSeconds": 3600}).json()["now"])
    assert moved == FROZEN_AT + timedelta(hours=1)
    target = FROZEN_AT + timedelta(days=3)
    assert parse_iso(post(client, "/clock", {"now": target.isoformat()}).json()["now"]) == target
    backwards = post(client, "/clock", {"now": "2020-01-01T00:00:00Z"})
    assert backwards.status_code == 409
    assert backwards.json()["code"] == "CONFLICT"
    assert backwards.json()["details"]["reason"] == "clock_backwards"
    assert parse_iso(backwards.json()["details"]["now"]) == target
    for body in ({}, {"advanceSeconds": 1, "now": target.isoformat()}, {"advanceSeconds": -5}):
        refused = post(client, "/clock", body)
        assert refused.status_code == 400
        assert refused.json()["code"] == "BAD_REQUEST"
    assert parse_iso(client.get(f"{A}/clock", headers=admin_headers()).json()["now"]) == target


def test_timestamps_follow_the_clock(frozen_client: TestClient) -> None:
    client = frozen_client
    post(client, "/clock", {"advanceSeconds": 86400 * 10})
    account = make_account(client)
    assert parse_iso(account["createdAt"]) == FROZEN_AT + timedelta(days=10)


def test_wrong_or_public_token_is_401(client: TestClient) -> None:
    account = make_account(client)
    public = make_token(client, account["id"])
    for headers in ({}, bearer("wrong"), bearer(public)):
        response = client.get(f"{A}/accounts/{account['id']}", headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "UNAUTHORIZED"


def test_operator_api_is_off_without_a_token(database_url: str, tmp_path: Path) -> None:
    app = create_app(make_settings(database_url, tmp_path, admin_token=None))
    with TestClient(app) as off:
        for path in ("/accounts/x", "/outbox", "/clock"):
            response = off.get(f"{A}{path}", headers=admin_headers())
            assert response.status_code == 404
            assert response.json()["code"] == "NOT_FOUND"


def test_sandbox_controls_are_404_outside_the_sandbox(database_url: str, tmp_path: Path) -> None:
    app = create_app(make_settings(database_url, tmp_path, sandbox=False))
    with TestClient(app) as production:
        account = make_account(production)
        for response in (
            production.post(f"{A}/reset", headers=admin_headers()),
            production.get(f"{A}/clock", headers=admin_headers()),
            production.post(f"{A}/clock", json={"advanceSeconds": 60}, headers=admin_headers()),
        ):
            assert response.status_code == 404
            assert response.json()["code"] == "NOT_FOUND"
        # Nothing was reset: the account is still there; the outbox is not a sandbox control.
        fetched = production.get(f"{A}/accounts/{account['id']}", headers=admin_headers())
        assert fetched.json()["account"] == account
        outbox = production.get(f"{A}/outbox", headers=admin_headers())
        assert outbox.status_code == 200
        assert isinstance(outbox.json()["messages"], list)
