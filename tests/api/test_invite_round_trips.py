"""The founding endpoint on PostgreSQL is one statement (issue 10): authentication, the
route's gates, the lookups, the idempotent insert and the trainer's notification, sent in
autocommit (no BEGIN or COMMIT round trip); the sandbox adds its clock read. Every other
answer (a failed gate, a bad body, an unknown job) still comes from the ordinary path, with
the same envelope. Statements are counted with SQLAlchemy's cursor events on the app's own
engine. Kills the mutations "the fast path skipped" (several statements) and "gates missing
from the statement" (an unclaimed or flag-less account's invite would be written)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.conftest import admin_headers, bearer, db_query
from tests.factories import make_employer, make_trainer

API = "/api/public/v1"


@contextmanager
def statements(client: TestClient) -> Iterator[list[str]]:
    engine = client.app.state.runtime.engine.sync_engine  # type: ignore[attr-defined]
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split())[:60])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _invite(client: TestClient, token: str, job_id: str, trainer_id: str) -> Any:
    return client.post(
        f"{API}/jobs/{job_id}/invites", json={"freelancerId": trainer_id}, headers=bearer(token)
    )


@pytest.mark.postgresql_only
def test_an_invite_is_one_statement_in_autocommit(client: TestClient) -> None:
    employer = make_employer(client)
    job_id = employer.job["id"]
    first, second = make_trainer(client), make_trainer(client)
    assert _invite(client, employer.token, job_id, first["id"]).status_code == 201  # warm
    with statements(client) as seen:
        created = _invite(client, employer.token, job_id, second["id"])
        again = _invite(client, employer.token, job_id, second["id"])
    assert created.status_code == 201, created.text
    assert again.status_code == 200, again.text
    assert again.json()["proposalId"] == created.json()["proposalId"]
    assert again.json()["alreadyInvited"] is True
    # Per request: the sandbox clock's read, then the one statement (no BEGIN, no COMMIT).
    assert len(seen) == 4, seen
    assert seen[0].startswith("SELECT sandbox_clock.offset_ms"), seen
    assert seen[1].startswith("WITH t AS ( SELECT api_tokens.id"), seen
    assert seen[2:] == seen[:2]
    [(kind, user_id)] = db_query(
        client,
        "SELECT kind, user_id FROM outbox_messages WHERE data->>'proposalId' = :p",
        p=created.json()["proposalId"],
    )
    assert (kind, user_id) == ("trainer_invite", second["id"])


@pytest.mark.postgresql_only
def test_a_failed_gate_writes_nothing_and_answers_as_before(client: TestClient) -> None:
    employer = make_employer(client)
    trainer = make_trainer(client)
    account_id = employer.account["id"]
    # The hiring flag off: no token passes the statement; the ordinary path names the gate.
    changed = client.patch(
        f"/api/admin/v1/accounts/{account_id}",
        json={"features": ["public_api_job_drafting"]},
        headers=admin_headers(),
    )
    assert changed.status_code == 200, changed.text
    refused = _invite(client, employer.token, employer.job["id"], trainer["id"])
    assert refused.status_code == 403, refused.text
    assert refused.json()["details"]["featureKey"] == "public_api_hiring"
    rows = db_query(
        client, "SELECT count(*) FROM proposals WHERE job_id = :j", j=employer.job["id"]
    )
    assert rows == [(0,)]
    revoked = _invite(client, "ot_pat_0000_not-a-token", employer.job["id"], trainer["id"])
    assert revoked.status_code == 401
    assert revoked.json()["code"] == "UNAUTHORIZED"
