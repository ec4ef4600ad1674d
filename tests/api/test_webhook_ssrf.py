"""The SSRF guard in a real delivery (decision D39): outside the sandbox a receiver on a
loopback address is refused (the delivery FAILED at once, the reason in the log, nothing
sent), unless HIREHALL_WEBHOOK_ALLOW_PRIVATE=1. The app outside the sandbox has no
POST /worker/run, so the test runs its worker's `run_due` on the app's event loop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.agent_flow import app_with
from tests.factories import make_employer
from tests.receiver import Receiver, receiver
from tests.webhook_helpers import emit, log, operator_view, subscribe


@pytest.fixture
def hook_receiver() -> Iterator[Receiver]:
    with receiver() as running:
        yield running


def run_due(app: TestClient) -> dict[str, int]:
    worker = app.app.state.worker  # type: ignore[attr-defined]
    assert app.portal is not None
    ran: dict[str, int] = app.portal.call(worker.run_due)
    return ran


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_outside_the_sandbox_a_loopback_receiver_is_refused(
    client: TestClient, database_url: str, tmp_path: Path, hook_receiver: Receiver, host: str
) -> None:
    employer = make_employer(client)
    url = hook_receiver.url().replace("127.0.0.1", host)
    hook, _ = subscribe(client, employer, url)
    emit(client, employer)
    with app_with(database_url, tmp_path, sandbox=False) as production:
        assert run_due(production)["deliveries"] == 1
        assert run_due(production)["deliveries"] == 0  # FAILED at once: no retry
    assert hook_receiver.received == []
    [delivery] = log(client, hook["id"])
    assert delivery["status"] == "FAILED"
    [attempt] = delivery["attempts"]
    assert attempt["statusCode"] is None
    assert "loopback address" in attempt["error"]
    assert "HIREHALL_WEBHOOK_ALLOW_PRIVATE" in attempt["error"]
    assert operator_view(client, hook["id"])["consecutiveFailures"] == 1


def test_allow_private_lets_a_private_receiver_through(
    client: TestClient, database_url: str, tmp_path: Path, hook_receiver: Receiver
) -> None:
    employer = make_employer(client)
    hook, _ = subscribe(client, employer, hook_receiver.url())
    emit(client, employer)
    with app_with(database_url, tmp_path, sandbox=False, webhook_allow_private=True) as app:
        assert run_due(app)["deliveries"] == 1
    assert len(hook_receiver.received) == 1
    assert log(client, hook["id"])[0]["status"] == "SUCCEEDED"
