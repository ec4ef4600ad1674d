"""Helpers of the team tests: invitations over the public API, the invite email from the
outbox, and the join page walked over HTTP as a browser would."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.factories import outbox
from tests.pages import csrf_of, latest_code

API = "/api/public/v1"


def invite(client: TestClient, token: str, email: str) -> Any:
    return client.post(f"{API}/team/invites", json={"email": email}, headers=bearer(token))


def get_team(client: TestClient, token: str) -> Any:
    return client.get(f"{API}/team", headers=bearer(token))


def invite_email(client: TestClient, email: str) -> dict[str, Any]:
    """The newest team invitation mailed to `email`."""
    messages = outbox(client, kind="team_invite", to=email)
    assert messages, f"no team invitation was sent to {email}"
    return messages[0]


def join_path(message: dict[str, Any]) -> str:
    """The join link of an invitation email, as a path on the app."""
    parts = urlsplit(message["data"]["joinUrl"])
    return f"{parts.path}?{parts.query}"


def token_of(message: dict[str, Any]) -> str:
    query = urlsplit(message["data"]["joinUrl"]).query
    return parse_qs(query)["token"][0]


def sign_in_on_join_page(client: TestClient, path: str, email: str) -> Any:
    """Steps 1 and 2 of the join page: the invited email, then the emailed code. Returns the
    answer to the code form (303 back to the join page)."""
    first = client.get(path)
    assert first.status_code == 200, first.text
    token = parse_qs(urlsplit(path).query)["token"][0]
    sent = client.post(
        "/team/join/signin", data={"token": token, "email": email, "csrf": csrf_of(first.text)}
    )
    assert sent.status_code == 200, sent.text
    return client.post(
        "/team/join/code",
        data={
            "token": token,
            "email": email,
            "code": latest_code(client, email),
            "csrf": csrf_of(sent.text),
        },
        follow_redirects=False,
    )


def join(client: TestClient, path: str, email: str) -> Any:
    """The whole join page: sign in, then accept. Returns the answer to the accept form."""
    signed = sign_in_on_join_page(client, path, email)
    assert signed.status_code == 303, signed.text
    form = client.get(path)
    assert form.status_code == 200, form.text
    token = parse_qs(urlsplit(path).query)["token"][0]
    return client.post("/team/join", data={"token": token, "csrf": csrf_of(form.text)})
