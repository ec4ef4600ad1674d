"""The claim email really goes out over SMTP when HIREHALL_SMTP_URL is set: a real SMTP
server (aiosmtpd) listens on a local port and receives it, sent by the worker after the
transaction committed (the test app runs the worker through POST /worker/run)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from tests.agent_flow import app_with, claim_email, register
from tests.live import free_port
from tests.worker_helpers import run_worker

EMAIL = "owner@example.com"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def wait(self, count: int, timeout: float = 10) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, Inbox]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()


def test_the_claim_email_is_sent_over_smtp(
    client: TestClient, database_url: str, tmp_path: Path, smtp_server: tuple[str, Inbox]
) -> None:
    url, inbox = smtp_server
    with app_with(database_url, tmp_path, smtp_url=url) as app:
        reg = register(app, agent_name="Scout")
        response = app.post(
            "/api/agent/identity/claim", json={"claim_token": reg["claim_token"], "email": EMAIL}
        )
        assert response.status_code == 200
        assert response.json()["email_sent"] is True
        assert inbox.messages == []  # queued in the transaction; the worker mails it
        assert run_worker(app)["emails"] == 1
        received = inbox.wait(1)
    assert len(received) == 1
    mail = received[0]
    assert mail["To"] == EMAIL
    recorded = claim_email(client, EMAIL)
    assert mail["Subject"] == recorded["subject"]
    text = mail.get_payload(decode=True)
    assert isinstance(text, bytes)
    assert recorded["data"]["userCode"] in text.decode()
    assert recorded["data"]["verificationUri"] in text.decode()


def test_nothing_is_sent_for_a_refused_request(
    client: TestClient, database_url: str, tmp_path: Path, smtp_server: tuple[str, Inbox]
) -> None:
    url, inbox = smtp_server
    with app_with(database_url, tmp_path, smtp_url=url) as app:
        refused = app.post(
            "/api/agent/identity/claim", json={"claim_token": "ot_clm_unknown", "email": EMAIL}
        )
        assert refused.status_code == 400
        assert run_worker(app)["emails"] == 0
    assert inbox.messages == []


def test_without_smtp_the_email_is_only_recorded(client: TestClient) -> None:
    reg = register(client)
    client.post(
        "/api/agent/identity/claim", json={"claim_token": reg["claim_token"], "email": EMAIL}
    )
    assert claim_email(client, EMAIL)["to"] == EMAIL
