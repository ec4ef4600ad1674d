"""Steps of the agent-auth ceremony over HTTP, as an agent and a human take them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi.testclient import TestClient

from hirehall.agents.rules import GRANT_TYPE
from hirehall.app import create_app
from tests.conftest import admin_headers, make_settings
from tests.factories import outbox

Response = httpx.Response


def register(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/api/agent/identity", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def start_claim(client: TestClient, claim_token: str, email: str) -> dict[str, Any]:
    response = client.post(
        "/api/agent/identity/claim", json={"claim_token": claim_token, "email": email}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def poll(client: TestClient, claim_token: str, grant_type: str = GRANT_TYPE) -> Response:
    return client.post(
        "/api/agent/oauth/token", data={"grant_type": grant_type, "claim_token": claim_token}
    )


def advance(client: TestClient, seconds: int) -> None:
    response = client.post(
        "/api/admin/v1/clock", json={"advanceSeconds": seconds}, headers=admin_headers()
    )
    assert response.status_code == 200, response.text


def claim_email(client: TestClient, email: str) -> dict[str, Any]:
    """The newest claim email sent to that address, as the human reads it."""
    messages = outbox(client, to=email, kind="claim_code")
    assert messages, f"no claim email to {email}"
    return messages[0]


def page_path(verification_uri: str) -> str:
    """The claim page's path and query (the test app answers on any host name)."""
    parts = urlsplit(verification_uri)
    return f"{parts.path}?{parts.query}"


def page_token(verification_uri: str) -> str:
    return urlsplit(verification_uri).query.removeprefix("token=")


def submit_code(client: TestClient, verification_uri: str, email: str, code: str) -> Response:
    form = {"token": page_token(verification_uri), "email": email, "code": code}
    return client.post("/claim", data=form)


def assert_oauth(response: Response, status: int, error: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error
    assert set(body) <= {"error", "error_description"}
    assert "code" not in body
    assert "requestId" not in body
    return dict(body)


@contextmanager
def app_with(database_url: str, state_dir: Path, **overrides: Any) -> Iterator[TestClient]:
    """A second app on the same database with other settings (limits, SMTP, switches)."""
    settings = make_settings(database_url, state_dir, **overrides)
    with TestClient(create_app(settings), raise_server_exceptions=False) as other:
        yield other
