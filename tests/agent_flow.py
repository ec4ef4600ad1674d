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
from tests.pages import csrf_of, latest_code

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


def claim_sign_in(client: Any, verification_uri: str, email: str) -> Response:
    """D25 step 1 and 2: the human signs in on the claim page with `email`, reading the
    sign-in code from their mailbox (the outbox). A 303 means signed in."""
    token = page_token(verification_uri)
    page = client.get(page_path(verification_uri))
    if 'action="/claim/signin"' not in page.text:
        return page  # closed, unknown, or already signed in
    sent = client.post(
        "/claim/signin", data={"token": token, "email": email, "csrf": csrf_of(page.text)}
    )
    if sent.status_code != 200:
        return sent
    code = latest_code(client, email)
    form = {"token": token, "email": email, "code": code, "csrf": csrf_of(sent.text)}
    return client.post("/claim/code", data=form, follow_redirects=False)


def submit_code(client: Any, verification_uri: str, email: str, code: str) -> Response:
    """The whole human side: sign in as `email` when not yet, then type the agent's code."""
    page = client.get(page_path(verification_uri))
    if 'action="/claim/signin"' in page.text:
        signed = claim_sign_in(client, verification_uri, email)
        if signed.status_code != 303:
            return signed
        page = client.get(page_path(verification_uri))
    if 'action="/claim"' not in page.text:
        return page
    form = {"token": page_token(verification_uri), "code": code, "csrf": csrf_of(page.text)}
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
