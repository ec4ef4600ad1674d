"""Ids of any length and any characters on the invite, as the FIRST invite requests of a
fresh app (a fresh connection pool): PostgreSQL plans a prepared statement's first executions
with the values folded in (custom plans), so a value coerced to a length-limited column fails
there before any row is looked at, and only there. Both engines, table-driven."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from hirehall.app import create_app
from hirehall.core import ids
from tests.conftest import bearer, make_settings
from tests.factories import make_account, make_employer, make_job, make_token, make_trainer, outbox

REAL = "01m8d9db4far9nembhb0w42bas"  # well-formed (26 characters of the alphabet), unknown
BOUNDARY_IDS = [
    pytest.param(REAL[:25], id="25"),
    pytest.param(REAL, id="26-unknown"),
    pytest.param(REAL + "x", id="27"),
    pytest.param("x" * 200, id="200"),
    pytest.param("user_a8f3c2d1e4b5a6978877665544332211", id="issue-11"),
    pytest.param("ñ" * 26, id="26-non-ascii"),
    pytest.param("é" * 27, id="27-non-ascii"),
    pytest.param("a\x00b", id="nul"),
    pytest.param("\x00" * 26, id="26-nul"),
    pytest.param(REAL.upper(), id="26-upper"),
    pytest.param("🙂" * 30, id="emoji"),
]


@pytest.fixture
def fresh(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """A new app on the session's database: its own engine, so no connection has run the
    invite statement yet."""
    settings = make_settings(database_url, tmp_path)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def _invite(client: TestClient, job_id: str, freelancer_id: str, headers: dict[str, str]) -> Any:
    return client.post(
        f"/api/public/v1/jobs/{_path(job_id)}/invites",
        json={"freelancerId": freelancer_id},
        headers=headers,
    )


def _path(value: str) -> str:
    return quote(value, safe="")


def _assert_404(response: Any, message: str) -> None:
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["code"] == "NOT_FOUND"
    assert body["error"] == message
    assert body["requestId"] == response.headers["x-request-id"]


def _assert_nul_refused(response: Any) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == "BAD_REQUEST"
    assert body["details"]["issues"][0]["code"] == "custom"
    assert body["requestId"] == response.headers["x-request-id"]


@pytest.mark.parametrize("freelancer_id", BOUNDARY_IDS)
def test_unknown_freelancer_id_of_any_shape_is_404_from_the_first_request(
    client: TestClient, fresh: TestClient, freelancer_id: str
) -> None:
    employer = make_employer(client)
    for _ in range(7):  # past PostgreSQL's five custom plans, into the generic one
        response = _invite(fresh, employer.job["id"], freelancer_id, employer.headers)
        if "\x00" in freelancer_id:
            # No stored string can hold a NUL: the body is refused as invalid (D8).
            _assert_nul_refused(response)
        else:
            _assert_404(response, "Freelancer not found.")


@pytest.mark.parametrize("job_id", [*BOUNDARY_IDS, pytest.param("j" * 100, id="100")])
def test_unknown_job_id_of_any_shape_is_404_from_the_first_request(
    client: TestClient, fresh: TestClient, job_id: str
) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    if "\x00" in job_id:
        # A NUL in the path is refused before routing (400, the envelope's own rule).
        _assert_nul_refused(_invite(fresh, job_id, trainer["id"], employer.headers))
        return
    for _ in range(7):
        _assert_404(_invite(fresh, job_id, trainer["id"], employer.headers), "Job not found.")


def test_the_issues_exact_request_on_a_fresh_pool(client: TestClient, fresh: TestClient) -> None:
    employer = make_employer(client)
    response = _invite(
        fresh, employer.job["id"], "user_a8f3c2d1e4b5a6978877665544332211", employer.headers
    )
    _assert_404(response, "Freelancer not found.")


def test_a_real_id_with_a_suffix_never_matches_the_real_row(
    client: TestClient, fresh: TestClient
) -> None:
    """Compared as text: no truncation to the column's length can make `<id>x` the job."""
    employer, trainer = make_employer(client), make_trainer(client)
    _assert_404(
        _invite(fresh, employer.job["id"] + "x", trainer["id"], employer.headers), "Job not found."
    )
    _assert_404(
        _invite(fresh, employer.job["id"], trainer["id"] + " ", employer.headers),
        "Freelancer not found.",
    )
    ok = _invite(fresh, employer.job["id"], trainer["id"], employer.headers)
    assert ok.status_code == 201, ok.text


def test_a_valid_invite_works_after_the_boundaries_on_the_same_pool(
    client: TestClient, fresh: TestClient
) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    for bad in ("x" * 27, "x" * 200, "ñ" * 26):
        _assert_404(
            _invite(fresh, employer.job["id"], bad, employer.headers), "Freelancer not found."
        )
    first = _invite(fresh, employer.job["id"], trainer["id"], employer.headers)
    again = _invite(fresh, employer.job["id"], trainer["id"], employer.headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["proposalId"] == again.json()["proposalId"]
    assert ids.looks_like_id(first.json()["proposalId"])


def test_a_300_character_job_title_fits_the_invite_notification(
    client: TestClient, fresh: TestClient
) -> None:
    """The notification's subject is built from the title; the column holds 300 characters."""

    account, trainer = make_account(client), make_trainer(client)
    job = make_job(client, account["id"], title="é" * 300)
    headers = bearer(make_token(client, account["id"]))
    response = _invite(fresh, job["id"], trainer["id"], headers)
    assert response.status_code == 201, response.text
    subject = outbox(client, kind="trainer_invite")[0]["subject"]
    assert subject.startswith("You are invited to apply: éé")
    assert len(subject) == 300
