"""The founding endpoint's hot path (issue 10). On PostgreSQL it is one statement on the hot
pool: authentication, the route's gates, the lookups, the idempotent insert and the trainer's
notification, sent in autocommit (no BEGIN or COMMIT round trip); the sandbox adds its clock
read. On SQLite it is one unit on the writer thread. Every other answer (a failed gate, a bad
body, an unknown job) still comes from the ordinary path, with the same envelope, and both
paths write and answer alike. Statements are counted with SQLAlchemy's cursor events on the
app's own engine and with the hot pool's query loggers. Kills the mutations "the hot path
skipped" (statements on the ordinary engine) and "gates missing from the hot path" (a
flag-less account's invite would be written)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.conftest import admin_headers, bearer, db_query
from tests.factories import make_employer, make_trainer

API = "/api/public/v1"


@contextmanager
def statements(client: TestClient) -> Iterator[tuple[list[str], list[str]]]:
    """The statements sent through the app's engine, and those sent on the hot path (the
    PostgreSQL hot pool's statements, as they are sent)."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    engine = runtime.engine.sync_engine
    ordinary: list[str] = []
    hot: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        ordinary.append(" ".join(statement.split())[:60])

    def record_hot(statement: str) -> None:
        hot.append(" ".join(statement.split())[:60])

    loggers = None if runtime.settings.is_sqlite else runtime.hot_pool.query_loggers
    event.listen(engine, "before_cursor_execute", record)
    if loggers is not None:
        loggers.append(record_hot)
    try:
        yield ordinary, hot
    finally:
        event.remove(engine, "before_cursor_execute", record)
        if loggers is not None:
            loggers.remove(record_hot)


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
    with statements(client) as (ordinary, hot):
        created = _invite(client, employer.token, job_id, second["id"])
        again = _invite(client, employer.token, job_id, second["id"])
    assert created.status_code == 201, created.text
    assert again.status_code == 200, again.text
    assert again.json()["proposalId"] == created.json()["proposalId"]
    assert again.json()["alreadyInvited"] is True
    # Nothing through the ordinary engine; per request on the hot pool: the sandbox clock's
    # read, then the one statement (autocommit: no BEGIN, no COMMIT).
    assert ordinary == []
    assert len(hot) == 4, hot
    assert hot[0].startswith("SELECT offset_ms FROM sandbox_clock"), hot
    assert hot[1].startswith("WITH t AS ( SELECT api_tokens.id"), hot
    assert hot[2:] == hot[:2]
    [(kind, user_id)] = db_query(
        client,
        "SELECT kind, user_id FROM outbox_messages WHERE data->>'proposalId' = :p",
        p=created.json()["proposalId"],
    )
    assert (kind, user_id) == ("trainer_invite", second["id"])


@pytest.mark.sqlite_only
def test_on_sqlite_an_invite_is_one_unit_on_the_writer_thread(client: TestClient) -> None:
    employer = make_employer(client)
    job_id = employer.job["id"]
    trainer = make_trainer(client)
    writer = client.app.state.runtime.sqlite_writer  # type: ignore[attr-defined]
    before = writer.units
    with statements(client) as (ordinary, _hot):
        created = _invite(client, employer.token, job_id, trainer["id"])
        again = _invite(client, employer.token, job_id, trainer["id"])
    assert (created.status_code, again.status_code) == (201, 200), (created.text, again.text)
    assert ordinary == []  # neither request touched aiosqlite or async SQLAlchemy
    assert writer.units - before == 2
    [(kind, user_id)] = db_query(
        client,
        "SELECT kind, user_id FROM outbox_messages WHERE json_extract(data, '$.proposalId') = :p",
        p=created.json()["proposalId"],
    )
    assert (kind, user_id) == ("trainer_invite", trainer["id"])


def test_the_hot_and_the_ordinary_path_write_and_answer_alike(client: TestClient) -> None:
    """The hot path's rows and answers are the ordinary path's: a body with an extra key (which
    the contract ignores) takes the ordinary route, the plain body the hot path."""
    employer = make_employer(client)
    job_id = employer.job["id"]
    hot_trainer, ordinary_trainer = make_trainer(client), make_trainer(client)
    hot = _invite(client, employer.token, job_id, hot_trainer["id"])
    ordinary = client.post(
        f"{API}/jobs/{job_id}/invites",
        json={"freelancerId": ordinary_trainer["id"], "note": "takes the ordinary route"},
        headers=bearer(employer.token),
    )
    assert (hot.status_code, ordinary.status_code) == (201, 201)
    for first, second in ((hot, ordinary), (_repeat(client, employer, hot_trainer), ordinary)):
        assert sorted(first.headers) == sorted(second.headers)
        assert first.headers["content-type"] == second.headers["content-type"]
        assert list(first.json()) == list(second.json())
    # Stored alike: SQLite's datetimes as SQLAlchemy's fixed-width text, PostgreSQL's typed.
    rows = db_query(
        client,
        "SELECT created_at, updated_at, status, origin FROM proposals WHERE job_id = :j",
        j=job_id,
    )
    assert len(rows) == 2, rows
    assert {_shape(row) for row in rows} == {_shape(rows[0])}, rows
    assert _shape(rows[0])[:2] in (
        (("text", True), ("text", True)),  # SQLite
        (("datetime", True), ("datetime", True)),  # PostgreSQL
    ), rows
    read = [
        client.get(f"{API}/proposals/{answer.json()['proposalId']}", headers=bearer(employer.token))
        for answer in (hot, ordinary)
    ]
    assert [r.status_code for r in read] == [200, 200]
    first, second = (r.json()["proposal"] for r in read)
    assert len(first["createdAt"]) == len(second["createdAt"])
    assert sorted(first) == sorted(second)
    notes = db_query(
        client,
        "SELECT kind, created_at FROM outbox_messages WHERE user_id IN (:a, :b)",
        a=hot_trainer["id"],
        b=ordinary_trainer["id"],
    )
    assert len(notes) == 2, notes
    assert {_shape(note) for note in notes} == {_shape(notes[0])}, notes


_STORED_MOMENT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")


def _shape(row: tuple[object, ...]) -> tuple[object, ...]:
    """A row with each datetime replaced by its kind: SQLite's text must be SQLAlchemy's
    fixed format; PostgreSQL's a timezone-aware datetime."""

    def kind(value: object) -> object:
        if isinstance(value, datetime):
            return ("datetime", value.tzinfo is not None)
        if isinstance(value, str) and value[:2] == "20" and " " in value:
            return ("text", bool(_STORED_MOMENT.fullmatch(value)))
        return value

    return tuple(kind(value) for value in row)


def _repeat(client: TestClient, employer: Any, trainer: dict[str, Any]) -> Any:
    again = _invite(client, employer.token, employer.job["id"], trainer["id"])
    assert again.status_code == 200
    assert again.json()["alreadyInvited"] is True
    return again


def test_a_failed_gate_writes_nothing_and_answers_as_before(client: TestClient) -> None:
    employer = make_employer(client)
    trainer = make_trainer(client)
    account_id = employer.account["id"]
    # The hiring flag off: no token passes the hot path; the ordinary path names the gate.
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


def test_invites_the_hot_path_does_not_take_get_the_ordinary_answers(client: TestClient) -> None:
    """Only a plain request with a capped Content-Length takes the hot path: a body over
    D42's cap is 413 before anything else, a chunked body and a query string are the ordinary
    route's, and both still invite."""
    employer = make_employer(client)
    path = f"{API}/jobs/{employer.job['id']}/invites"
    padded = b'{"freelancerId": "' + b"0" * 26 + b'", "pad": "' + b"x" * (1024 * 1024) + b'"}'
    too_large = client.post(path, content=padded, headers=bearer(employer.token))
    assert too_large.status_code == 413, too_large.text
    assert too_large.json()["details"]["reason"] == "body_too_large"
    assert too_large.json()["requestId"] == too_large.headers["x-request-id"]

    trainer = make_trainer(client)
    body = f'{{"freelancerId": "{trainer["id"]}"}}'.encode()
    chunked = client.post(
        path, content=iter([body[:10], body[10:]]), headers=bearer(employer.token)
    )
    assert chunked.status_code == 201, chunked.text
    assert chunked.json()["alreadyInvited"] is False

    other = make_trainer(client)
    with_query = client.post(
        f"{path}?source=test", json={"freelancerId": other["id"]}, headers=bearer(employer.token)
    )
    assert with_query.status_code == 201, with_query.text
    again = _invite(client, employer.token, employer.job["id"], other["id"])
    assert again.status_code == 200
    assert again.json()["proposalId"] == with_query.json()["proposalId"]
