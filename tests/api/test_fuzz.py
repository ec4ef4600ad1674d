"""Hypothesis throws arbitrary bodies, ids, queries and headers at the endpoints: never a 500,
always the envelope, only documented statuses."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_employer, make_trainer

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
BODIES = (
    JSON.map(lambda v: json.dumps(v).encode())
    | st.binary(max_size=64)
    | st.fixed_dictionaries({"freelancerId": JSON}).map(lambda v: json.dumps(v).encode())
)
IDS = (
    st.text(min_size=1, max_size=80)
    .filter(lambda s: "/" not in s and s.strip() == s and s not in {".", ".."})
    .map(lambda s: quote(s, safe=""))
)
ENVELOPE_KEYS = {"error", "code", "requestId", "details"}
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def assert_safe(response: Any, allowed: set[int]) -> None:
    assert response.status_code in allowed, (response.status_code, response.text)
    assert response.status_code != 500
    if response.status_code >= 400:
        body = response.json()
        assert set(body) <= ENVELOPE_KEYS
        assert {"error", "code", "requestId"} <= set(body)


def test_invite_survives_any_body_and_id(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)

    @FUZZ
    @given(body=BODIES, job_id=IDS | st.just(employer.job["id"]))
    def check(body: bytes, job_id: str) -> None:
        response = client.post(
            f"/api/public/v1/jobs/{job_id}/invites",
            content=body,
            headers={**employer.headers, "Content-Type": "application/json"},
        )
        assert_safe(response, {200, 201, 400, 404, 409})

    check()
    assert trainer["id"]


def test_reads_survive_any_id_and_query(client: TestClient) -> None:
    employer = make_employer(client)

    @FUZZ
    @given(
        some_id=IDS,
        status=st.none() | st.text(max_size=15),
        limit=st.none() | st.text(max_size=6),
        cursor=st.none() | st.text(max_size=30),
    )
    def check(some_id: str, status: str | None, limit: str | None, cursor: str | None) -> None:
        params = {
            k: v for k, v in {"status": status, "limit": limit, "cursor": cursor}.items() if v
        }
        for path in (
            f"/api/public/v1/jobs/{some_id}/proposals",
            f"/api/public/v1/proposals/{some_id}",
            f"/api/public/v1/freelancers/{some_id}",
        ):
            response = client.get(path, params=params, headers=employer.headers)
            assert_safe(response, {200, 400, 403, 404})

    check()


def test_any_authorization_header_is_401_or_200(client: TestClient) -> None:
    @FUZZ
    @given(header=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80))
    def check(header: str) -> None:
        response = client.get("/api/public/v1/auth/me", headers={"Authorization": header})
        assert_safe(response, {401})

    check()


def _operations(client: TestClient) -> list[tuple[str, str, list[str]]]:
    document = client.get("/api/public/v1/openapi.json").json()
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            found.append((method.upper(), path, params))
    return found


def test_every_operation_survives_arbitrary_input(client: TestClient) -> None:
    """Every route of our OpenAPI document, fuzzed the way schemathesis would: random path
    values, query values and bodies, with a valid token; never a 500, always our error shapes."""
    employer = make_employer(client)
    draft = client.post(
        "/api/public/v1/job-drafts",
        json={"rawJobDescription": "Label 500 images, $0.05 per image"},
        headers=employer.headers,
    )
    assert draft.status_code == 201
    known = [employer.job["id"], draft.json()["jobId"]]
    operations = _operations(client)
    assert len(operations) >= 20

    @settings(FUZZ, max_examples=400)
    @given(
        index=st.integers(min_value=0, max_value=len(operations) - 1),
        some_id=IDS | st.sampled_from(known),
        query=st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=12), max_size=3),
        body=BODIES,
        use_query_names=st.booleans(),
    )
    def check(
        index: int, some_id: str, query: dict[str, str], body: bytes, use_query_names: bool
    ) -> None:
        method, path, names = operations[index]
        url = path
        for name in ("id", "jobId", "proposalId", "idOrSlug", "tokenId"):
            url = url.replace("{" + name + "}", some_id)
        if use_query_names and names:
            query = dict(zip(names, query.values(), strict=False))
        headers = {**employer.headers, "Content-Type": "application/json"}
        if path.startswith("/api/agent/"):
            headers = {"Content-Type": "application/json"}
        response = client.request(method, url, params=query, content=body, headers=headers)
        assert response.status_code < 500, (method, url, response.status_code, response.text)
        closed_job = response.status_code == 404 and response.json().get("status") == "closed"
        if response.status_code >= 400 and path.startswith("/api/public/v1") and not closed_job:
            assert {"error", "code", "requestId"} <= set(response.json())
        if response.status_code >= 400 and path.startswith("/api/agent/"):
            assert "error" in response.json()

    check()
