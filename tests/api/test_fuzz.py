"""Hypothesis throws bodies, ids, queries and headers at every operation, on both engines,
each test on a fresh app (its own connection pool: PostgreSQL's first executions of a
statement are planned with the values folded in, where a length-limited coercion fails).
Ids are drawn from the world the test made (so success paths are fuzzed too) and from
unknown ones of every length up to the body limit, with non-ASCII and NUL characters.
Never a 500, always our error shapes, only documented statuses.

The seed is random each run and printed on failure; replay with HIREHALL_FUZZ_SEED=<seed>."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

from hirehall.app import create_app
from tests.conftest import bearer, make_settings
from tests.factories import make_employer, make_job, make_token, make_trainer

SEED = int(os.environ.get("HIREHALL_FUZZ_SEED") or secrets.randbits(32))
BODY_LIMIT = 1024 * 1024  # decision D42
ENVELOPE_KEYS = {"error", "code", "requestId", "details"}
# Column lengths and their neighbours, the contract's 64 for public job ids, and beyond: in
# a URL up to 4096 characters (percent-encoded, that nears httpx's 64 KiB URL limit), in a
# body up to the body limit.
LENGTHS = st.one_of(
    st.integers(min_value=1, max_value=300),
    st.sampled_from([25, 26, 27, 64, 65, 80, 81, 120, 121, 200, 201, 4096]),
)
BODY_LENGTHS = st.one_of(LENGTHS, st.sampled_from([65536, BODY_LIMIT // 2, BODY_LIMIT - 64]))
# Units repeated to a length: ASCII, non-ASCII, astral, NUL, separators.
UNITS = st.one_of(
    st.text(min_size=1, max_size=3),
    st.sampled_from(["x", "ñ", "é", "\u00a0", "🙂", "\x00", "a\x00", "0", "Z", " ", "%", "-"]),
)


def _repeat(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def odd_text(lengths: st.SearchStrategy[int] = LENGTHS) -> st.SearchStrategy[str]:
    return st.builds(_repeat, UNITS, lengths)


def fuzz(max_examples: int) -> Callable[[Callable[..., None]], Callable[[], None]]:
    """Hypothesis settings with this run's seed; a failure says how to replay it."""

    def wrap(test: Callable[..., None]) -> Callable[[], None]:
        configured = seed(SEED)(
            settings(
                max_examples=max_examples,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )(test)
        )

        def run() -> None:
            try:
                configured()
            except BaseException as exc:
                raise AssertionError(
                    f"fuzzing failed; replay with HIREHALL_FUZZ_SEED={SEED}: {exc}"
                ) from exc

        return run

    return wrap


@dataclass
class World:
    headers: dict[str, str]
    jobs: list[str]  # open, draft and another account's
    trainers: list[str]
    slugs: list[str]
    proposals: list[str]
    tokens: list[str]  # revocable: never the token the requests use

    def ids(self, real: list[str], lengths: st.SearchStrategy[int] = LENGTHS) -> Any:
        return st.one_of(st.sampled_from(real), odd_text(lengths))


def make_world(client: TestClient) -> World:
    employer, other = make_employer(client), make_employer(client)
    trainers = [make_trainer(client) for _ in range(3)]
    draft = make_job(client, employer.account["id"], status="DRAFT")
    invited = client.post(
        f"/api/public/v1/jobs/{other.job['id']}/invites",
        json={"freelancerId": trainers[0]["id"]},
        headers=other.headers,
    )
    mine = client.post(
        f"/api/public/v1/jobs/{employer.job['id']}/invites",
        json={"freelancerId": trainers[1]["id"]},
        headers=employer.headers,
    )
    assert (invited.status_code, mine.status_code) == (201, 201)
    spare = make_token(client, employer.account["id"])
    spare_id = client.get("/api/public/v1/auth/me", headers=bearer(spare)).json()["token"]["id"]
    return World(
        headers=employer.headers,
        jobs=[employer.job["id"], draft["id"], other.job["id"]],
        trainers=[t["id"] for t in trainers],
        slugs=[t["profileSlug"] for t in trainers],
        proposals=[mine.json()["proposalId"], invited.json()["proposalId"]],
        tokens=[spare_id],
    )


@pytest.fixture
def fresh(client: TestClient, database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """A new app (a new pool) on the database `client` just emptied."""
    with TestClient(
        create_app(make_settings(database_url, tmp_path)), raise_server_exceptions=False
    ) as app:
        yield app


def assert_safe(response: Any, allowed: set[int]) -> None:
    assert response.status_code in allowed, (response.status_code, response.text[:500])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) <= ENVELOPE_KEYS, body
        assert {"error", "code", "requestId"} <= set(body), body
        assert body["requestId"] == response.headers["x-request-id"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def test_invite_survives_any_id_and_reaches_success(client: TestClient, fresh: TestClient) -> None:
    world = make_world(client)
    seen: set[int] = set()
    bodies = st.one_of(
        st.fixed_dictionaries({"freelancerId": world.ids(world.trainers, BODY_LENGTHS)}).map(
            json.dumps
        ),
        st.fixed_dictionaries({"freelancerId": JSON}).map(json.dumps),
        JSON.map(json.dumps),
        st.binary(max_size=64),
    )

    @fuzz(max_examples=60)
    @given(job_id=world.ids(world.jobs), body=bodies)
    @example(job_id=world.jobs[0], body=json.dumps({"freelancerId": world.trainers[2]}))
    def check(job_id: str, body: str | bytes) -> None:
        response = fresh.post(
            f"/api/public/v1/jobs/{quote(job_id, safe='')}/invites",
            content=body,
            headers={**world.headers, "Content-Type": "application/json"},
        )
        assert_safe(response, {200, 201, 400, 404, 409, 413})
        seen.add(response.status_code)

    check()
    assert seen & {200, 201}, seen  # the success path was fuzzed, not only the refusals


def test_reads_survive_any_id_and_query(client: TestClient, fresh: TestClient) -> None:
    world = make_world(client)
    texts = st.none() | st.text(max_size=15) | odd_text()

    @fuzz(max_examples=40)
    @given(
        job_id=world.ids(world.jobs),
        proposal_id=world.ids(world.proposals),
        trainer=world.ids(world.trainers + world.slugs),
        status=texts | st.sampled_from(["invited", "Not a fit", "OPEN", " draft "]),
        limit=st.none() | st.text(max_size=6) | st.integers(-5, 200).map(str),
        cursor=texts | st.sampled_from(world.proposals),
    )
    def check(
        job_id: str,
        proposal_id: str,
        trainer: str,
        status: str | None,
        limit: str | None,
        cursor: str | None,
    ) -> None:
        params = {
            k: v for k, v in {"status": status, "limit": limit, "cursor": cursor}.items() if v
        }
        for path in (
            f"/api/public/v1/jobs/{quote(job_id, safe='')}/proposals",
            f"/api/public/v1/proposals/{quote(proposal_id, safe='')}",
            f"/api/public/v1/freelancers/{quote(trainer, safe='')}",
            f"/api/public/v1/jobs/{quote(job_id, safe='')}",
            "/api/public/v1/jobs/mine",
        ):
            response = fresh.get(path, params=params, headers=world.headers)
            closed = response.status_code == 404 and response.json().get("status") == "closed"
            if not closed:
                assert_safe(response, {200, 400, 403, 404, 429})

    check()


def test_any_authorization_header_is_401(fresh: TestClient) -> None:
    @fuzz(max_examples=40)
    @given(header=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80))
    def check(header: str) -> None:
        response = fresh.get("/api/public/v1/auth/me", headers={"Authorization": header})
        assert_safe(response, {401})

    check()


_REAL_FOR = {
    "id": "jobs",
    "jobId": "jobs",
    "proposalId": "proposals",
    "idOrSlug": "trainers",
    "tokenId": "tokens",
}


def _operations(client: TestClient) -> list[tuple[str, str, list[str], list[str]]]:
    document = client.get("/api/public/v1/openapi.json").json()
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            params = operation.get("parameters", [])
            query = [p["name"] for p in params if p["in"] == "query"]
            in_path = [p["name"] for p in params if p["in"] == "path"]
            found.append((method.upper(), path, query, in_path))
    return found


def test_every_operation_survives_arbitrary_input(client: TestClient, fresh: TestClient) -> None:
    """Every route of our OpenAPI document, fuzzed the way schemathesis would: path values
    (real or not), query values and bodies, with a valid token; never a 500, always our
    error shapes."""
    world = make_world(client)
    operations = _operations(fresh)
    assert len(operations) >= 20
    pools = {
        "jobs": world.jobs,
        "proposals": world.proposals,
        "trainers": world.trainers + world.slugs,
        "tokens": world.tokens,
    }
    path_values = st.fixed_dictionaries(
        {name: world.ids(pools[pool]) for name, pool in _REAL_FOR.items()}
    )
    bodies = st.one_of(
        JSON.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=64),
        st.fixed_dictionaries({"freelancerId": world.ids(world.trainers)}).map(
            lambda v: json.dumps(v).encode()
        ),
        odd_text(BODY_LENGTHS).map(lambda s: json.dumps({"jobTitle": s}).encode()),
    )

    @fuzz(max_examples=300)
    @given(
        index=st.integers(min_value=0, max_value=len(operations) - 1),
        values=path_values,
        query=st.dictionaries(st.text(min_size=1, max_size=8), odd_text(), max_size=3),
        body=bodies,
        use_query_names=st.booleans(),
    )
    def check(
        index: int,
        values: dict[str, str],
        query: dict[str, str],
        body: bytes,
        use_query_names: bool,
    ) -> None:
        method, path, names, in_path = operations[index]
        url = path
        for name in in_path:
            url = url.replace("{" + name + "}", quote(values.get(name, values["id"]), safe=""))
        if use_query_names and names:
            query = dict(zip(names, query.values(), strict=False))
        headers = {**world.headers, "Content-Type": "application/json"}
        if path.startswith("/api/agent/"):
            headers = {"Content-Type": "application/json"}
        response = fresh.request(method, url, params=query, content=body, headers=headers)
        assert response.status_code < 500, (method, url, response.status_code, response.text)
        closed_job = response.status_code == 404 and response.json().get("status") == "closed"
        if response.status_code >= 400 and path.startswith("/api/public/v1") and not closed_job:
            assert {"error", "code", "requestId"} <= set(response.json())
        if response.status_code >= 400 and path.startswith("/api/agent/"):
            assert "error" in response.json()

    check()
