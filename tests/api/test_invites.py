"""`POST /jobs/{id}/invites`, row by row of invites.md, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import admin_headers, bearer, db_execute, db_query
from tests.factories import (
    Employer,
    make_account,
    make_employer,
    make_job,
    make_token,
    make_trainer,
    outbox,
)


def invite(client: TestClient, job_id: str, body: Any, headers: dict[str, str]) -> Any:
    if isinstance(body, bytes):
        return client.post(
            f"/api/public/v1/jobs/{job_id}/invites",
            content=body,
            headers={**headers, "Content-Type": "application/json"},
        )
    return client.post(f"/api/public/v1/jobs/{job_id}/invites", json=body, headers=headers)


def proposal_count(client: TestClient) -> int:
    return int(db_query(client, "SELECT count(*) FROM proposals")[0][0])  # type: ignore[call-overload]


def assert_envelope(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["error"], str)
    assert body["error"]
    assert body["requestId"] == response.headers["x-request-id"]
    assert set(body) <= {"error", "code", "requestId", "details"}
    return dict(body)


def assert_nothing_written(client: TestClient) -> None:
    assert proposal_count(client) == 0
    assert outbox(client, kind="trainer_invite") == []


def test_new_invite_is_201_with_the_contract_body(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    response = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "ok": True,
        "proposalId": body["proposalId"],
        "jobId": employer.job["id"],
        "freelancerId": trainer["id"],
        "alreadyInvited": False,
    }
    assert "www-authenticate" not in response.headers
    assert proposal_count(client) == 1


def test_new_invite_notifies_the_trainer_once(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    first = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    second = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    assert first.status_code == 201, first.text
    assert second.status_code == 200, second.text  # without ON CONFLICT: a 500
    assert second.json() == {**first.json(), "alreadyInvited": True}
    assert proposal_count(client) == 1
    messages = outbox(client, to=trainer["id"])
    assert len(messages) == 1
    assert messages[0]["kind"] == "trainer_invite"
    assert messages[0]["data"]["proposalId"] == first.json()["proposalId"]
    assert messages[0]["data"]["jobId"] == employer.job["id"]
    assert messages[0]["data"]["jobTitle"] == employer.job["title"]
    assert messages[0]["subject"] == f"You are invited to apply: {employer.job['title']}"
    assert messages[0]["body"].startswith(f"Hi {trainer['firstName']}, an employer invited you")
    assert messages[0]["to"] == trainer["id"]


def test_repeat_is_200_with_the_same_proposal_and_changes_nothing(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    first = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    before = db_query(client, "SELECT id, status, updated_at FROM proposals")
    again = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    assert again.status_code == 200
    assert again.json() == {**first.json(), "alreadyInvited": True}
    assert db_query(client, "SELECT id, status, updated_at FROM proposals") == before


def test_a_trainer_who_applied_already_gets_200_and_keeps_the_application(
    client: TestClient,
) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    now = datetime.now(UTC)
    db_execute(
        client,
        "INSERT INTO proposals (id, job_id, freelancer_user_id, status, origin, created_at,"
        " updated_at) VALUES ('applied-proposal', :job, :trainer, 'UNREVIEWED', 'APPLIED',"
        " :now, :now)",
        job=employer.job["id"],
        trainer=trainer["id"],
        now=now.replace(tzinfo=None) if client.app.state.runtime.settings.is_sqlite else now,  # type: ignore[attr-defined]
    )
    response = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    assert response.status_code == 200
    assert response.json()["proposalId"] == "applied-proposal"
    assert response.json()["alreadyInvited"] is True
    assert db_query(client, "SELECT status FROM proposals") == [("UNREVIEWED",)]
    assert outbox(client, kind="trainer_invite") == []


def test_unknown_extra_keys_are_ignored(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    body = {"freelancerId": trainer["id"], "message": "hi", "rate": 3}
    response = invite(client, employer.job["id"], body, employer.headers)
    assert response.status_code == 201, response.text
    assert response.json() == {
        "ok": True,
        "proposalId": response.json()["proposalId"],
        "jobId": employer.job["id"],
        "freelancerId": trainer["id"],
        "alreadyInvited": False,
    }
    stored = db_query(client, "SELECT id, job_id, freelancer_user_id, status FROM proposals")
    assert stored == [(response.json()["proposalId"], employer.job["id"], trainer["id"], "INVITED")]


BAD_BODIES = [
    pytest.param(b"", [], "invalid_type", id="missing"),
    pytest.param(b"{not json", [], "custom", id="not-json"),
    pytest.param(b"[1, 2]", [], "invalid_type", id="array"),
    pytest.param(b'"text"', [], "invalid_type", id="string"),
    pytest.param(b"null", [], "invalid_type", id="null"),
    pytest.param(b"{}", ["freelancerId"], "invalid_type", id="freelancerId-missing"),
    pytest.param(b'{"freelancerId": 42}', ["freelancerId"], "invalid_type", id="number"),
    pytest.param(b'{"freelancerId": null}', ["freelancerId"], "invalid_type", id="null-id"),
    pytest.param(b'{"freelancerId": ["a"]}', ["freelancerId"], "invalid_type", id="list-id"),
    pytest.param(b'{"freelancerId": ""}', ["freelancerId"], "too_small", id="empty"),
]


@pytest.mark.parametrize(("raw", "path", "issue_code"), BAD_BODIES)
def test_bad_body_is_400_with_zod_issues_and_writes_nothing(
    client: TestClient, raw: bytes, path: list[str], issue_code: str
) -> None:
    employer = make_employer(client)
    body = assert_envelope(
        invite(client, employer.job["id"], raw, employer.headers), 400, "BAD_REQUEST"
    )
    issues = body["details"]["issues"]
    assert issues[0]["path"] == path
    assert issues[0]["code"] == issue_code
    assert isinstance(issues[0]["message"], str)
    assert_nothing_written(client)


def _headers_for(client: TestClient, employer: Employer, kind: str) -> dict[str, str]:
    if kind == "none":
        return {}
    if kind == "basic":
        return {"Authorization": "Basic dXNlcjpwYXNz"}
    if kind == "bearer-empty":
        return {"Authorization": "Bearer "}
    if kind == "unknown":
        return bearer("ot_pat_deadbeef_notarealtoken")
    if kind == "admin-token":
        return admin_headers()
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["none", "basic", "bearer-empty", "unknown", "admin-token"])
def test_unauthenticated_is_401_with_www_authenticate(client: TestClient, kind: str) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    response = invite(
        client,
        employer.job["id"],
        {"freelancerId": trainer["id"]},
        _headers_for(client, employer, kind),
    )
    assert_envelope(response, 401, "UNAUTHORIZED")
    assert response.headers["www-authenticate"] == "Bearer"
    assert_nothing_written(client)


def test_revoked_token_is_401(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    me = client.get("/api/public/v1/auth/me", headers=employer.headers).json()
    revoked = client.delete(f"/api/public/v1/tokens/{me['token']['id']}", headers=employer.headers)
    assert revoked.status_code == 200
    response = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    assert_envelope(response, 401, "UNAUTHORIZED")
    assert_nothing_written(client)


def test_expired_token_is_401_by_the_operator_clock(client: TestClient) -> None:
    account = make_account(client)
    job, trainer = make_job(client, account["id"]), make_trainer(client)
    expires = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    token = make_token(client, account["id"], expiresAt=expires)
    clock = client.post(
        "/api/admin/v1/clock", json={"advanceSeconds": 7200}, headers=admin_headers()
    )
    assert clock.status_code == 200
    response = invite(client, job["id"], {"freelancerId": trainer["id"]}, bearer(token))
    assert_envelope(response, 401, "UNAUTHORIZED")
    assert_nothing_written(client)


def test_missing_scope_is_403_with_required_and_granted(client: TestClient) -> None:
    account = make_account(client)
    job, trainer = make_job(client, account["id"]), make_trainer(client)
    token = make_token(client, account["id"], scopes=["jobs:read", "proposals:read"])
    response = invite(client, job["id"], {"freelancerId": trainer["id"]}, bearer(token))
    body = assert_envelope(response, 403, "FORBIDDEN")
    assert body["details"] == {
        "requiredScopes": ["proposals:write"],
        "grantedScopes": ["jobs:read", "proposals:read"],
    }
    assert_nothing_written(client)


def test_hiring_feature_off_is_403_with_feature_key(client: TestClient) -> None:
    employer = make_employer(client, features=["public_api_job_drafting"])
    trainer = make_trainer(client)
    response = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    body = assert_envelope(response, 403, "FORBIDDEN")
    assert body["details"] == {"featureKey": "public_api_hiring", "mode": "ALLOWLIST"}
    assert_nothing_written(client)


def test_unclaimed_account_is_403_claim_required(client: TestClient) -> None:
    employer, trainer = make_employer(client, claimed=False), make_trainer(client)
    response = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    body = assert_envelope(response, 403, "FORBIDDEN")
    assert body["details"] == {
        "reason": "account_claim_required",
        "claimUrl": "http://hirehall.test/claim",
        "action": "invite AI trainers",
    }
    assert_nothing_written(client)


def _strip_request_id(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "requestId"}


def test_another_accounts_job_is_404_identical_to_a_missing_one(client: TestClient) -> None:
    mine, theirs, trainer = make_employer(client), make_employer(client), make_trainer(client)
    foreign = invite(client, theirs.job["id"], {"freelancerId": trainer["id"]}, mine.headers)
    missing = invite(client, "no-such-job", {"freelancerId": trainer["id"]}, mine.headers)
    assert_envelope(foreign, 404, "NOT_FOUND")
    assert_envelope(missing, 404, "NOT_FOUND")
    assert _strip_request_id(foreign.json()) == _strip_request_id(missing.json())
    assert theirs.job["id"] not in foreign.text
    assert_nothing_written(client)


@pytest.mark.parametrize("status", ["DRAFT", "ARCHIVED", "PENDING_APPROVAL", "COMPLETED"])
def test_unpublished_job_is_409_job_not_published(client: TestClient, status: str) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    job = make_job(client, employer.account["id"], status=status)
    response = invite(client, job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    body = assert_envelope(response, 409, "CONFLICT")
    assert body["details"] == {"reason": "job_not_published", "jobId": job["id"], "status": status}
    assert_nothing_written(client)


def test_missing_user_is_404(client: TestClient) -> None:
    employer = make_employer(client)
    response = invite(client, employer.job["id"], {"freelancerId": "nobody"}, employer.headers)
    assert_envelope(response, 404, "NOT_FOUND")
    assert_nothing_written(client)


def test_employer_user_is_409_not_a_freelancer(client: TestClient) -> None:
    employer, other = make_employer(client), make_account(client)
    body = {"freelancerId": other["ownerUserId"]}
    response = invite(client, employer.job["id"], body, employer.headers)
    assert assert_envelope(response, 409, "CONFLICT")["details"] == {"reason": "not_a_freelancer"}
    assert_nothing_written(client)


@pytest.mark.parametrize(
    "trainer_fields",
    [{"availability": "NOT_AVAILABLE"}, {"status": "SUSPENDED"}, {"status": "DEACTIVATED"}],
    ids=["not-available", "suspended", "deactivated"],
)
def test_unavailable_trainer_is_409(client: TestClient, trainer_fields: dict[str, str]) -> None:
    employer, trainer = make_employer(client), make_trainer(client, **trainer_fields)
    response = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    details = assert_envelope(response, 409, "CONFLICT")["details"]
    assert details == {"reason": "freelancer_unavailable"}
    assert_nothing_written(client)


def test_repeat_after_the_job_closed_is_409(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    closed = client.post(
        f"/api/public/v1/jobs/{employer.job['id']}/close", headers=employer.headers
    )
    assert closed.status_code == 200
    response = invite(client, employer.job["id"], {"freelancerId": trainer["id"]}, employer.headers)
    assert assert_envelope(response, 409, "CONFLICT")["details"]["reason"] == "job_not_published"


ORDER_CASES = [
    # (what is wrong, expected status, expected code/reason)
    pytest.param(
        {"no_auth": True, "scope": False, "body": b"x"}, 401, None, id="auth-before-scope"
    ),
    pytest.param(
        {"scope": False, "unclaimed": True}, 403, "requiredScopes", id="scope-before-claim"
    ),
    pytest.param({"feature": False, "unclaimed": True}, 403, "featureKey", id="flag-before-claim"),
    pytest.param({"unclaimed": True, "body": b"{}"}, 403, "reason", id="claim-before-body"),
    pytest.param({"body": b"{}", "job": "missing"}, 400, "issues", id="body-before-job"),
    pytest.param({"job": "draft", "user": "missing"}, 409, "reason", id="job-before-user"),
]


@pytest.mark.parametrize(("wrong", "status", "detail_key"), ORDER_CASES)
def test_order_of_checks(
    client: TestClient, wrong: dict[str, Any], status: int, detail_key: str | None
) -> None:
    features = None if wrong.get("feature", True) else ["public_api_job_drafting"]
    account = make_account(
        client, claimed=not wrong.get("unclaimed"), **({"features": features} if features else {})
    )
    scopes = None if wrong.get("scope", True) else ["jobs:read"]
    token = make_token(client, account["id"], **({"scopes": scopes} if scopes else {}))
    job_status = "DRAFT" if wrong.get("job") == "draft" else "OPEN"
    job_id = make_job(client, account["id"], status=job_status)["id"]
    if wrong.get("job") == "missing":
        job_id = "missing-job"
    trainer_id = "missing-user" if wrong.get("user") == "missing" else make_trainer(client)["id"]
    headers = {} if wrong.get("no_auth") else bearer(token)
    body: Any = wrong.get("body", {"freelancerId": trainer_id})
    response = invite(client, job_id, body, headers)
    assert response.status_code == status, response.text
    if detail_key is not None:
        assert detail_key in response.json()["details"]
