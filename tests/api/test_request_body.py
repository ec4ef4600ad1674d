"""Decision D42: a request body is capped (413 before authentication) and read completely
before any transaction or lock is taken, so a client that stalls mid-body blocks nobody."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.types import Message

from hirehall.app import create_app
from tests.conftest import admin_headers, make_settings
from tests.factories import make_employer, make_trainer
from tests.live import live_server

MIB = 1024 * 1024


def _assert_too_large(response: httpx.Response, limit: int) -> None:
    assert response.status_code == 413, response.text
    body = response.json()
    assert body["code"] == "BAD_REQUEST"
    assert body["details"] == {"reason": "body_too_large", "limitBytes": limit}
    assert body["requestId"] == response.headers["x-request-id"]
    assert "error" in body


def test_a_body_over_the_limit_is_413_before_authentication(client: TestClient) -> None:
    # No token at all: the size is checked first, so the answer is 413, not 401.
    response = client.post(
        "/api/public/v1/job-drafts",
        content=b"x" * (MIB + 1),
        headers={"Content-Type": "application/json"},
    )
    _assert_too_large(response, MIB)


def test_a_streamed_body_is_cut_off_as_soon_as_it_passes_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):  # 40 x 64 KiB = 2.5 MiB, no Content-Length (chunked)
            yield b" " * 65536

    employer = make_employer(client)
    response = client.post(
        "/api/public/v1/job-drafts",
        content=chunks(),
        headers={**employer.headers, "Content-Type": "application/json"},
    )
    _assert_too_large(response, MIB)
    assert "content-length" not in response.request.headers


def test_the_limit_is_a_setting(database_url: str, tmp_path: Path) -> None:
    settings = make_settings(database_url, tmp_path, max_body_bytes=200)
    with TestClient(create_app(settings), raise_server_exceptions=False) as small:
        assert small.post("/api/admin/v1/reset", headers=admin_headers()).status_code == 200
        employer = make_employer(small)
        url = f"/api/public/v1/jobs/{employer.job['id']}/invites"
        too_big = small.post(url, headers=employer.headers, json={"freelancerId": "x" * 200})
        _assert_too_large(too_big, 200)
        trainer = make_trainer(small)
        fits = small.post(url, headers=employer.headers, json={"freelancerId": trainer["id"]})
        assert fits.status_code == 201, fits.text


def _stall(base: str, path: str, token: str) -> socket.socket:
    """Sends the headers and half of the body, then nothing more."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n"
    )
    sock.sendall(head.encode() + b'{"freelancerId": ')
    return sock


def test_a_stalled_body_holds_no_lock(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    employer, other = make_employer(client), make_employer(client)
    trainers = [make_trainer(client)["id"] for _ in range(2)]
    with live_server(database_url, tmp_path, workers=1) as base:
        path = f"/api/public/v1/jobs/{employer.job['id']}/invites"
        stalled = _stall(base, path, employer.token)
        try:
            # Long enough for the server to have dispatched the stalled request (before D42
            # it then held SQLite's write lock, or the token's row lock on PostgreSQL).
            time.sleep(1.0)
            with httpx.Client(base_url=base, timeout=20) as http:
                for who, trainer in ((other, trainers[0]), (employer, trainers[1])):
                    started = time.monotonic()
                    response = http.post(
                        f"/api/public/v1/jobs/{who.job['id']}/invites",
                        headers=who.headers,
                        json={"freelancerId": trainer},
                    )
                    assert response.status_code == 201, response.text
                    assert time.monotonic() - started < 5
        finally:
            stalled.close()


def test_a_client_that_hangs_up_mid_body_is_logged_at_info(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Driven at the ASGI level: the only way to hang up halfway through a body."""
    messages: list[Message] = [
        {"type": "http.request", "body": b'{"freelancerId": ', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/public/v1/jobs/x/invites",
        "raw_path": b"/api/public/v1/jobs/x/invites",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"200")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    with caplog.at_level(logging.INFO, logger="hirehall"):
        assert client.portal is not None
        client.portal.call(client.app, scope, receive, send)
    assert sent == []  # nobody to answer
    records = [r for r in caplog.records if r.name == "hirehall"]
    assert [r.levelno for r in records] == [logging.INFO]
    assert "disconnected" in records[0].getMessage()
