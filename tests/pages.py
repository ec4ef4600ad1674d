"""Helpers for page tests over HTTP (TestClient or httpx against a live server): read a
form's CSRF token, and sign in as a human would, reading the code from the outbox (the
operator's view of the mailbox)."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.conftest import admin_headers

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def latest_code(http: Any, email: str) -> str:
    """The newest sign-in code mailed to `email`."""
    response = http.get(
        "/api/admin/v1/outbox",
        params={"kind": "sign_in_code", "to": email.strip().lower()},
        headers=admin_headers(),
    )
    assert response.status_code == 200, response.text
    messages = response.json()["messages"]
    assert messages, f"no sign-in code was sent to {email}"
    return str(messages[0]["data"]["code"])


def request_code(http: Any, email: str, next_url: str = "/") -> httpx.Response:
    form = http.get("/signin", params={"next": next_url})
    assert form.status_code == 200, form.text
    return http.post("/signin", data={"email": email, "next": next_url, "csrf": csrf_of(form.text)})


def sign_in(http: Any, email: str, next_url: str = "/") -> httpx.Response:
    """Email → code from the outbox → the session cookie lands in `http`'s cookie jar.
    Returns the answer to the code form (303 to `next_url`)."""
    sent = request_code(http, email, next_url)
    assert sent.status_code == 200, sent.text
    done = http.post(
        "/signin/code",
        data={
            "email": email,
            "code": latest_code(http, email),
            "next": next_url,
            "csrf": csrf_of(sent.text),
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    return done
