"""The durable worker (decision D40) through the operator's POST /worker/run: due work is
found by the server clock, emails go out with retries, a claim whose worker died is taken
again when its lease ends, and a claim attempt past its time is expired."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hirehall.outbox import repository as outbox_repo
from tests.agent_flow import app_with, claim_email, poll, register, start_claim
from tests.api.test_smtp import Inbox
from tests.conftest import admin_headers, db_query
from tests.live import free_port
from tests.worker_helpers import advance, run_worker

EMAIL = "owner@example.com"


def test_run_answers_every_counter(client: TestClient) -> None:
    assert run_worker(client) == {
        "deliveries": 0,
        "emails": 0,
        "expiries": 0,
        "payouts": 0,
        "simulation": 0,
    }


def test_run_needs_the_admin_token(client: TestClient) -> None:
    response = client.post("/api/admin/v1/worker/run")
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHORIZED"


def test_run_is_sandbox_only(database_url: str, tmp_path: Path) -> None:
    with app_with(database_url, tmp_path, sandbox=False) as app:
        response = app.post("/api/admin/v1/worker/run", headers=admin_headers())
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_a_claim_attempt_past_its_time_is_expired_by_the_clock(frozen_client: TestClient) -> None:
    client = frozen_client
    reg = register(client)
    start_claim(client, reg["claim_token"], EMAIL)
    assert run_worker(client)["expiries"] == 0  # not due yet
    advance(client, 1800)  # the attempt's 30 minutes
    assert run_worker(client)["expiries"] == 1
    assert db_query(client, "SELECT status FROM claim_attempts") == [("EXPIRED",)]
    assert run_worker(client)["expiries"] == 0  # once
    answer = poll(client, reg["claim_token"])
    assert answer.status_code == 400
    assert answer.json()["error"] == "expired_token"


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, Inbox]]:
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()


def test_an_email_is_sent_once_by_the_worker(
    client: TestClient, database_url: str, tmp_path: Path, smtp_server: tuple[str, Inbox]
) -> None:
    url, inbox = smtp_server
    with app_with(database_url, tmp_path, smtp_url=url) as app:
        start_claim(app, register(app)["claim_token"], EMAIL)
        assert inbox.messages == []
        assert run_worker(app)["emails"] == 1
        assert run_worker(app)["emails"] == 0
    assert [mail["To"] for mail in inbox.wait(1)] == [EMAIL]
    message_id = claim_email(client, EMAIL)["id"]
    rows = db_query(
        client, "SELECT status, attempts FROM outbox_sends WHERE message_id = :id", id=message_id
    )
    assert rows == [("SENT", 1)]


def test_an_unreachable_mail_server_is_retried_then_failed(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    # Nobody listens on this port: every attempt fails at once.
    with app_with(database_url, tmp_path, smtp_url=f"smtp://127.0.0.1:{free_port()}") as app:
        start_claim(app, register(app)["claim_token"], EMAIL)
        message_id = claim_email(client, EMAIL)["id"]

        def state() -> tuple[object, ...]:
            sql = "SELECT status, attempts, last_error FROM outbox_sends WHERE message_id = :id"
            return db_query(client, sql, id=message_id)[0]

        assert run_worker(app)["emails"] == 1
        for attempts, wait_minutes in [(1, 1), (2, 5), (3, 30), (4, 120)]:
            assert state()[:2] == ("PENDING", attempts)
            assert state()[2]  # the error is kept
            advance(app, wait_minutes * 60 - 2)
            assert run_worker(app)["emails"] == 0  # not due before its time
            advance(app, 2)
            assert run_worker(app)["emails"] == 1
        assert state()[:2] == ("FAILED", 5)
        advance(app, 86400)
        assert run_worker(app)["emails"] == 0


def test_an_email_whose_worker_died_is_sent_when_its_lease_ends(
    client: TestClient, database_url: str, tmp_path: Path, smtp_server: tuple[str, Inbox]
) -> None:
    url, inbox = smtp_server
    with app_with(database_url, tmp_path, smtp_url=url) as app:
        start_claim(app, register(app)["claim_token"], EMAIL)
        # A worker claims the email and dies before sending it (its claim is all it did).
        runtime = app.app.state.runtime  # type: ignore[attr-defined]

        async def claim_and_die() -> int:
            async with runtime.uow(write=True) as uow:
                now = uow.now()
                rows = await outbox_repo.claim_sends(
                    uow.conn,
                    now=now,
                    lease_until=now + timedelta(seconds=60),
                    token="dead-worker",
                    limit=10,
                )
            return len(rows)

        assert app.portal is not None
        assert app.portal.call(claim_and_die) == 1
        assert run_worker(app)["emails"] == 0  # leased to the dead worker
        advance(app, 60)
        assert run_worker(app)["emails"] == 1
    assert [mail["To"] for mail in inbox.wait(1)] == [EMAIL]


def test_concurrent_runs_send_each_email_once(
    client: TestClient, database_url: str, tmp_path: Path, smtp_server: tuple[str, Inbox]
) -> None:
    url, inbox = smtp_server
    with app_with(database_url, tmp_path, smtp_url=url) as app:
        for n in range(6):
            start_claim(app, register(app)["claim_token"], f"owner{n}@example.com")
        worker = app.app.state.worker  # type: ignore[attr-defined]
        other = type(worker)(app.app.state.runtime)  # type: ignore[attr-defined]

        async def both() -> list[dict[str, int]]:
            return list(await asyncio.gather(worker.run_due(), other.run_due()))

        assert app.portal is not None
        results = app.portal.call(both)
    assert sum(result["emails"] for result in results) == 6
    assert sorted(mail["To"] for mail in inbox.wait(6)) == [
        f"owner{n}@example.com" for n in range(6)
    ]


def test_a_team_invite_past_its_7_days_is_expired_by_the_worker(
    frozen_client: TestClient,
) -> None:
    from tests.api.test_team import invite, owner_account

    client = frozen_client
    _, token = owner_account(client)
    invite(client, token, "late@example.com")
    assert run_worker(client)["expiries"] == 0
    advance(client, 7 * 86400)
    assert run_worker(client)["expiries"] == 1
    assert db_query(client, "SELECT status FROM team_invites") == [("EXPIRED",)]
