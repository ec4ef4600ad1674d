"""Every source of errors answers the contract's envelope, once per source."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hirehall.app import create_app
from hirehall.core.errors import Conflict
from tests.conftest import frozen_app, make_settings
from tests.factories import make_employer


def assert_envelope(response: object, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["code"] == code
    assert body["requestId"] == response.headers["x-request-id"]  # type: ignore[attr-defined]
    assert uuid.UUID(body["requestId"]).version == 4
    assert "Traceback" not in response.text  # type: ignore[attr-defined]
    return dict(body)


@pytest.fixture
def boom_client(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """The real app with two extra routes that fail, to reach the last-resort handlers."""
    app: FastAPI = create_app(make_settings(database_url, tmp_path))

    async def explode() -> None:
        raise RuntimeError("secret internal detail")

    async def conflict() -> None:
        raise Conflict("Nope.", reason="test_reason", jobId="j1")

    app.add_api_route("/api/public/v1/_test/explode", explode)
    app.add_api_route("/api/public/v1/_test/conflict", conflict)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_typed_error(boom_client: TestClient) -> None:
    body = assert_envelope(boom_client.get("/api/public/v1/_test/conflict"), 409, "CONFLICT")
    assert body["details"] == {"reason": "test_reason", "jobId": "j1"}


def test_unexpected_exception_is_500_without_stack_trace(
    boom_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    response = boom_client.get("/api/public/v1/_test/explode")
    body = assert_envelope(response, 500, "INTERNAL_ERROR")
    assert "secret internal detail" not in response.text
    assert "details" not in body
    logged = [r for r in caplog.records if r.name == "hirehall"]
    assert str(body["requestId"]) in logged[-1].getMessage()
    assert "secret internal detail" in caplog.text  # the operator sees it, the client does not


def test_body_validation(client: TestClient) -> None:
    employer = make_employer(client)
    response = client.post(
        f"/api/public/v1/jobs/{employer.job['id']}/invites", json={}, headers=employer.headers
    )
    body = assert_envelope(response, 400, "BAD_REQUEST")
    assert body["details"]["issues"][0]["path"] == ["freelancerId"]  # type: ignore[index]


def test_unknown_route(client: TestClient) -> None:
    assert_envelope(client.get("/api/public/v1/no/such/route"), 404, "NOT_FOUND")


def test_wrong_method(client: TestClient) -> None:
    response = client.delete("/api/public/v1/auth/me")
    assert_envelope(response, 405, "BAD_REQUEST")
    assert "GET" in response.headers["allow"]


def test_authentication_error_has_www_authenticate(client: TestClient) -> None:
    response = client.get("/api/public/v1/auth/me")
    assert_envelope(response, 401, "UNAUTHORIZED")
    assert response.headers["www-authenticate"] == "Bearer"


def test_success_carries_a_request_id_too(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert uuid.UUID(response.headers["x-request-id"]).version == 4


def test_readyz_checks_the_database(client: TestClient) -> None:
    assert client.get("/readyz").json() == {"ok": True, "database": "ok"}


def test_rate_limited_per_token(database_url: str, tmp_path: Path) -> None:
    # A frozen clock: the one-minute window cannot run out between the calls on a slow machine.
    app = frozen_app(make_settings(database_url, tmp_path, token_rate_limit_per_minute=3))
    admin = {"Authorization": "Bearer test-admin-token"}
    with TestClient(app) as limited:
        limited.post("/api/admin/v1/reset", headers=admin)
        employer = make_employer(limited)

        def me() -> Any:
            return limited.get("/api/public/v1/auth/me", headers=employer.headers)

        assert [me().status_code for _ in range(4)] == [200, 200, 200, 429]
        response = me()
        body = assert_envelope(response, 429, "RATE_LIMITED")
        # Windows are aligned on the server clock (floor(now / 60)): the wait is what is left of
        # the current minute of the frozen server clock.
        clock = limited.get("/api/admin/v1/clock", headers=admin).json()["now"]
        now = datetime.fromisoformat(clock.replace("Z", "+00:00")).timestamp()
        wait = max(1, math.ceil((math.floor(now / 60) + 1) * 60 - now))
        assert body["details"] == {"retryAfterSeconds": wait}
        assert response.headers["retry-after"] == str(wait)
        if wait > 1:
            moved = limited.post(
                "/api/admin/v1/clock", json={"advanceSeconds": wait - 1}, headers=admin
            )
            assert moved.status_code == 200
            assert assert_envelope(me(), 429, "RATE_LIMITED")["details"] == {"retryAfterSeconds": 1}
        moved = limited.post("/api/admin/v1/clock", json={"advanceSeconds": 1}, headers=admin)
        assert moved.status_code == 200
        assert me().status_code == 200


def test_openapi_declares_the_envelope_on_every_operation(client: TestClient) -> None:
    document = client.get("/api/public/v1/openapi.json").json()
    names = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    assert {"inviteFreelancer", "getProposal", "listJobProposals", "getFreelancerProfile"} <= names
    assert {"getAuthMe", "closeJob"} <= names
    for path, item in document["paths"].items():
        # Agent auth answers the OAuth error shape (section 1.3.2), everything else the envelope.
        shape = "OAuthError" if path.startswith("/api/agent/") else "ErrorEnvelope"
        for operation in item.values():
            for status in ("400", "500"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": f"#/components/schemas/{shape}"}
            assert "422" not in operation["responses"]
    assert not any(path.startswith("/api/admin") for path in document["paths"])


def test_nul_characters_are_bad_input_not_a_500(client: TestClient) -> None:
    employer = make_employer(client)
    job = employer.job["id"]
    responses = [
        client.post(
            "/api/public/v1/jobs/%00/invites", json={"freelancerId": "x"}, headers=employer.headers
        ),
        client.get(f"/api/public/v1/jobs/{job}/proposals?cursor=%00", headers=employer.headers),
        client.post(
            f"/api/public/v1/jobs/{job}/invites",
            json={"freelancerId": "a\u0000b"},
            headers=employer.headers,
        ),
    ]
    for response in responses:
        body = assert_envelope(response, 400, "BAD_REQUEST")
        assert body["details"]["issues"][0]["code"] == "custom"  # type: ignore[index]
