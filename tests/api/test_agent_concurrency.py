"""Concurrent polls after the human confirmed deliver the post-claim token once, against a
running server with two worker processes, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from hirehall.agents.rules import GRANT_TYPE
from tests.agent_flow import register, start_claim, submit_code
from tests.conftest import db_query
from tests.live import Call, burst, live_server

N = 16
# Each round is a new claim polled by N clients at once (connections opened before the burst,
# tests.live.burst). On PostgreSQL every poll reads the claim before it waits for the row lock
# of the first poll's UPDATE, so later polls act on a stale `delivered_at`: the race is there
# in most rounds. SQLite runs write transactions one at a time (BEGIN IMMEDIATE): no race.
ROUNDS = {"postgresql": 5, "sqlite": 2}


def test_concurrent_polls_deliver_one_token(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    """Kills: the delivery's conditional UPDATE without `delivered_at IS NULL`
    (agents/repository.take_delivery) on PostgreSQL: two polls would each get a token."""
    rounds = ROUNDS[make_url(database_url).get_backend_name()]
    with live_server(database_url, tmp_path, workers=2) as base:
        for round_ in range(rounds):
            email = f"owner{round_}@example.com"
            reg = register(client)
            started = start_claim(client, reg["claim_token"], email)
            submit_code(client, started["verification_uri"], email, started["user_code"])
            form = {"grant_type": GRANT_TYPE, "claim_token": reg["claim_token"]}
            call = Call("POST", "/api/agent/oauth/token", {"data": form})
            results = [(r.status_code, r.json()) for r in burst(base, [call] * N)]
            statuses = Counter(status for status, _ in results)
            assert statuses[200] == 1, (round_, results)
            refused = {body["error"] for status, body in results if status != 200}
            assert refused <= {"invalid_grant", "slow_down"}, (round_, results)
            assert all(status in (200, 400) for status, _ in results), (round_, results)
            delivered = next(body for status, body in results if status == 200)
            assert delivered["access_token"].startswith("ot_pat_")
            minted = db_query(
                client, "SELECT count(*) FROM api_tokens WHERE pre_claim = :f", f=False
            )
            assert minted == [(round_ + 1,)], (round_, minted)  # one post-claim token per claim
