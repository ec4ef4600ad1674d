"""Concurrent identical requests produce what one request would, against a running server
(two worker processes), on SQLite and PostgreSQL.

A race test only proves something if the race happens: the token is used before each burst
(its first use records lastUsedAt, a row lock that would queue every request of the burst
behind it), the connections are opened before it (tests.live.burst), and the burst is
repeated, since one burst meets a snapshot race only some of the time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from tests.conftest import bearer, db_query
from tests.factories import make_employer, make_job, make_token, make_trainer, outbox
from tests.live import Call, burst, live_server

N = 32
# Rounds of the invite burst. One warmed burst of 32 met PostgreSQL's statement-snapshot race
# in about half of the rounds measured (issue 12); ten rounds miss it with odds under 1 in 300.
# SQLite has no snapshot race (one writer at a time); its rounds look for plain BEGIN's
# failures between the two worker processes.
INVITE_ROUNDS = {"postgresql": 10, "sqlite": 5}
CLOSE_ROUNDS = 3


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server per engine for the module (a start costs up to a minute on a loaded
    machine); each test still begins with an empty database (the `client` fixture)."""
    with live_server(database_url, tmp_path_factory.mktemp("live"), workers=2) as base:
        yield base


def warm(base: str, headers: dict[str, str]) -> None:
    """Uses the token once, so that the burst does not take its lastUsedAt row lock."""
    assert httpx.get(f"{base}/api/public/v1/auth/me", headers=headers).status_code == 200


def test_32_concurrent_identical_invites_make_one_proposal(
    client: TestClient, server: str, database_url: str
) -> None:
    """Kills: the invite without ON CONFLICT (both engines: a 500 or a second proposal); the
    PostgreSQL invite without its fresh read of the winner (`proposals/service.py`: a repeat
    whose statement snapshot predates the winner's commit sees no id and answers
    `proposalId: null`); plain BEGIN instead of BEGIN IMMEDIATE on SQLite (a writer whose
    snapshot another process moved past fails at once: 500)."""
    employer = make_employer(client)
    rounds = INVITE_ROUNDS[make_url(database_url).get_backend_name()]
    for round_ in range(rounds):
        trainer = make_trainer(client)
        warm(server, employer.headers)
        path = f"/api/public/v1/jobs/{employer.job['id']}/invites"
        call = Call(
            "POST", path, {"json": {"freelancerId": trainer["id"]}, "headers": employer.headers}
        )
        responses = burst(server, [call] * N)
        statuses = Counter(r.status_code for r in responses)
        assert statuses == {201: 1, 200: N - 1}, (round_, statuses, responses[0].text)
        bodies = [r.json() for r in responses]
        proposal_ids = {body["proposalId"] for body in bodies}
        assert len(proposal_ids) == 1, (round_, proposal_ids)
        stored = db_query(
            client,
            "SELECT id FROM proposals WHERE job_id = :job AND freelancer_user_id = :trainer",
            job=employer.job["id"],
            trainer=trainer["id"],
        )
        assert stored == [(proposal_ids.pop(),)]
        assert sorted(body["alreadyInvited"] for body in bodies) == [False] + [True] * (N - 1)
        assert len(outbox(client, to=trainer["id"])) == 1
    assert db_query(client, "SELECT count(*) FROM proposals")[0][0] == rounds


def test_concurrent_closes_close_once(client: TestClient, server: str) -> None:
    """Kills: the close's UPDATE without `status <> ARCHIVED` (every caller would close and
    record a CLOSED event of its own)."""
    employer = make_employer(client)
    for round_ in range(CLOSE_ROUNDS):
        job = make_job(client, employer.account["id"])
        warm(server, employer.headers)
        call = Call("POST", f"/api/public/v1/jobs/{job['id']}/close", {"headers": employer.headers})
        responses = burst(server, [call] * 8)
        assert {r.status_code for r in responses} == {200}, (round_, responses[0].text)
        bodies = [r.json() for r in responses]
        assert {(b["jobId"], b["status"]) for b in bodies} == {(job["id"], "ARCHIVED")}
        assert sorted(b["alreadyClosed"] for b in bodies) == [False] + [True] * 7
        closed_events = db_query(
            client,
            "SELECT count(*) FROM job_events WHERE job_id = :id AND event_type = 'CLOSED'",
            id=job["id"],
        )
        assert closed_events == [(1,)]
        stored = db_query(client, "SELECT status FROM jobs WHERE id = :id", id=job["id"])
        assert stored == [("ARCHIVED",)]


def test_first_reads_of_many_tokens_during_writes_never_fail(
    client: TestClient, server: str
) -> None:
    """A token's first use records lastUsedAt: a write. Read requests doing it while other
    requests write must not fail (SQLite refuses to upgrade a read transaction whose snapshot
    another writer has moved past). Kills: the lastUsedAt write done inside the read
    transaction on SQLite (500 `database is locked`)."""
    employer = make_employer(client)
    warm(server, employer.headers)
    tokens = [make_token(client, employer.account["id"]) for _ in range(16)]
    trainers = [make_trainer(client)["id"] for _ in range(16)]
    invite_path = f"/api/public/v1/jobs/{employer.job['id']}/invites"
    reads = [Call("GET", "/api/public/v1/tokens", {"headers": bearer(t)}) for t in tokens]
    writes = [
        Call("POST", invite_path, {"json": {"freelancerId": t}, "headers": employer.headers})
        for t in trainers
    ]
    responses = burst(server, reads + writes)
    assert Counter(r.status_code for r in responses) == {200: 16, 201: 16}
    used = db_query(client, "SELECT count(*) FROM api_tokens WHERE last_used_at IS NOT NULL")
    assert used[0][0] == 17  # every token's first use was recorded, the employer's too
