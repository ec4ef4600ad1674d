"""Writes that follow an organization-scoped read name the organization (or the trainer) in
their own WHERE, so a thread id alone can never reach another party's thread (issue 10's
review: "organization in the WHERE of every write"). Each test calls the repository's write
with another party on a real thread, through the app's own engine, and shows nothing moved."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from hirehall.core import ids
from hirehall.messaging import repository as repo
from tests.api.messaging_helpers import Thread
from tests.conftest import db_query
from tests.factories import make_employer


def _run_write(client: TestClient, side: str, party: str, thread_id: str) -> object:
    engine = client.app.state.runtime.engine  # type: ignore[attr-defined]

    async def run() -> object:
        async with engine.begin() as conn:
            now = datetime.now(UTC)
            row = await repo.number_message(conn, thread_id, side, party, ids.new_id(now), now)
            await repo.mark_read(conn, thread_id, side, party)
            return row

    assert client.portal is not None
    return client.portal.call(run)


def _counters(client: TestClient, thread_id: str) -> tuple[object, ...]:
    sql = (
        "SELECT message_count, employer_unread, trainer_unread, employer_read_seq "
        "FROM conversations WHERE id = :id"
    )
    return db_query(client, sql, id=thread_id)[0]


def test_a_thread_write_for_another_organization_changes_nothing(client: TestClient) -> None:
    thread = Thread(client)
    thread.employer_says("Hello, can you start on Monday?")
    before = _counters(client, thread.id)
    stranger = make_employer(client)
    assert _run_write(client, "employer", stranger.account["id"], thread.id) is None
    assert _counters(client, thread.id) == before


def test_a_thread_write_for_another_trainer_changes_nothing(client: TestClient) -> None:
    thread = Thread(client)
    thread.employer_says("Hello, can you start on Monday?")
    before = _counters(client, thread.id)
    other = Thread(client)  # a second trainer, with a thread of their own
    assert _run_write(client, "trainer", other.trainer["id"], thread.id) is None
    assert _counters(client, thread.id) == before


def test_the_thread_party_itself_still_writes(client: TestClient) -> None:
    thread = Thread(client)
    thread.employer_says("Hello, can you start on Monday?")
    count = _counters(client, thread.id)[0]
    row = _run_write(client, "trainer", thread.trainer["id"], thread.id)
    assert row is not None
    assert _counters(client, thread.id)[0] == int(count) + 1  # type: ignore[call-overload]
