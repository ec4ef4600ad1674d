"""The public, tokenless job board (spec 2.4.1-2.4.4, 1.19, D16, D17)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.board import repository as board_repository
from tests.api.jobs_helpers import API, agent, changes, move_clock, publish, ready_draft
from tests.api.test_invites import assert_envelope
from tests.factories import make_job

CACHE = "public, s-maxage=300, stale-while-revalidate=3600"


def board(client: TestClient, **params: Any) -> Any:
    return client.get(f"{API}/jobs", params=params)


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [job["id"] for job in response.json()["jobs"]]


def open_job(client: TestClient, account_id: str, title: str, **fields: Any) -> str:
    return str(make_job(client, account_id, title=title, status="OPEN", **fields)["id"])


def test_search_matches_title_and_description_with_stemming(client: TestClient) -> None:
    account, _ = agent(client)
    audio = open_job(client, account["id"], "Spanish audio transcription", jobDescription="Calls.")
    boxes = open_job(
        client, account["id"], "Vehicle labeling", jobDescription="Draw bounding boxes."
    )
    make_job(client, account["id"], title="Spanish audio draft", status="DRAFT")
    assert ids(board(client, q="labels")) == [boxes]  # stemmed: labels ~ labeling
    assert ids(board(client, q="Transcription SPANISH")) == [audio]
    assert ids(board(client, q="box")) == [boxes]
    assert ids(board(client, q="spanish boxes")) == []
    assert ids(board(client, q='"; DROP TABLE jobs; -- OR *')) == []
    assert set(ids(board(client))) == {audio, boxes}


def test_filters_by_language_country_and_pay_type(client: TestClient) -> None:
    account, _ = agent(client)
    es = open_job(
        client,
        account["id"],
        "A",
        languages=["Spanish"],
        countries=["MX"],
        paymentType="PAY_PER_HOUR",
    )
    de = open_job(client, account["id"], "B", languages=["German"], paymentType="FIXED_PRICE")
    assert ids(board(client, language="Spanish")) == [es]
    assert ids(board(client, language="de")) == [de]
    assert ids(board(client, country="mx")) == [es]
    assert ids(board(client, payType="FIXED_PRICE")) == [de]
    assert ids(board(client, payType="FIXED_PRICE", language="Spanish")) == []


def test_filters_follow_edits_and_closing(client: TestClient) -> None:
    # PostgreSQL filters on a copy of the facets kept by triggers: it must follow every change.
    account, headers = agent(client)
    job = ready_draft(client, account["id"], status="OPEN", languages=["Spanish"])["id"]
    assert ids(board(client, language="Spanish", q="job")) == [job]
    edited = client.patch(f"{API}/jobs/{job}", json={"languages": ["German"]}, headers=headers)
    assert edited.status_code == 200, edited.text
    assert ids(board(client, language="Spanish")) == []
    assert ids(board(client, language="German", q="job")) == [job]
    # Only stop words: PostgreSQL's query is empty and its GIN index must still answer.
    assert board(client, language="German", q="the").status_code == 200
    closed = client.post(f"{API}/jobs/{job}/close", headers=headers)
    assert closed.status_code == 200, closed.text
    assert ids(board(client, language="German")) == []


@pytest.mark.parametrize("window", [1, 3, 4000])
def test_filtered_pages_are_the_same_however_matches_are_found(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    # PostgreSQL walks the newest `_WINDOW` jobs first and asks the indexes when that window
    # holds less than a page; a tiny window makes every page take the second way.
    monkeypatch.setattr(board_repository, "_WINDOW", window)
    account, _ = agent(client)
    made = []
    for n in range(7):
        language = "Spanish" if n % 3 else "German"
        title = f"Audio transcription {n}" if n % 2 else f"Image labeling {n}"
        made.append((open_job(client, account["id"], title, languages=[language]), n))
        move_clock(client, 1)
    newest_first = [job for job, _ in reversed(made)]
    wanted = [job for job, n in reversed(made) if n % 3 and n % 2]
    for params, expected in [
        ({"language": "Spanish", "q": "audio"}, wanted),
        ({"q": "transcription"}, [job for job, n in reversed(made) if n % 2]),
        ({}, newest_first),
    ]:
        seen: list[str] = []
        cursor = None
        while True:
            page = board(client, limit="2", **params, **({"cursor": cursor} if cursor else {}))
            seen += ids(page)
            cursor = page.json()["nextCursor"]
            if cursor is None:
                break
        assert seen == expected, params


def test_bad_query_values_are_400_naming_the_field(client: TestClient) -> None:
    for params, field in [
        ({"payType": "HOURLY"}, "payType"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ]:
        details = assert_envelope(board(client, **params), 400, "BAD_REQUEST")["details"]
        assert details["field"] == field


def test_pages_newest_published_first_with_an_opaque_cursor(client: TestClient) -> None:
    account, headers = agent(client)
    made = []
    for n in range(5):
        made.append(ready_draft(client, account["id"], title=f"Job {n}")["id"])
    for job_id in reversed(made):  # published in the reverse order of creation
        publish(client, job_id, headers)
        move_clock(client, 1)
    first = board(client, limit="2")
    assert ids(first) == made[:2]
    second = board(client, limit="2", cursor=first.json()["nextCursor"])
    third = board(client, limit="2", cursor=second.json()["nextCursor"])
    assert ids(second) == made[2:4]
    assert ids(third) == made[4:]
    assert third.json()["nextCursor"] is None
    assert first.json()["generatedAt"].endswith("Z")


def test_facets_count_open_jobs(client: TestClient) -> None:
    account, headers = agent(client)
    open_job(
        client,
        account["id"],
        "A",
        languages=["English", "Spanish"],
        countries=["US"],
        paymentType="PAY_PER_HOUR",
        dataType="TEXT",
    )
    open_job(
        client,
        account["id"],
        "B",
        languages=["English"],
        paymentType="PAY_PER_LABEL",
        category="Audio Annotation",
    )
    closed = open_job(client, account["id"], "C", languages=["German"], paymentType="FIXED_PRICE")
    client.post(f"{API}/jobs/{closed}/close", headers=headers)
    response = client.get(f"{API}/jobs/facets")
    assert response.status_code == 200
    body = response.json()
    assert body["totalJobs"] == 2
    assert body["languages"] == [{"value": "English", "count": 2}, {"value": "Spanish", "count": 1}]
    assert body["countries"] == [{"value": "US", "count": 1}]
    assert body["payTypes"] == [
        {"value": "PAY_PER_HOUR", "count": 1},
        {"value": "PAY_PER_LABEL", "count": 1},
    ]
    assert body["categories"] == [
        {"value": "Audio Annotation", "count": 1},
        {"value": "Text Annotation", "count": 1},
    ]


def test_changes_give_each_jobs_latest_event_in_the_window(client: TestClient) -> None:
    account, headers = agent(client)
    job = ready_draft(client, account["id"])
    other = ready_draft(client, account["id"])
    publish(client, job["id"], headers)
    publish(client, other["id"], headers)
    move_clock(client, 60)
    middle = client.get("/api/admin/v1/clock", headers={"Authorization": "Bearer test-admin-token"})
    client.patch(f"{API}/jobs/{job['id']}", json={"headcount": 7}, headers=headers)
    assert [(c["jobId"], c["eventType"]) for c in changes(client)] == [
        (other["id"], "PUBLISHED"),
        (job["id"], "UPDATED"),
    ]
    since = middle.json()["now"]
    response = client.get(f"{API}/jobs/changes", params={"since": since})
    body = response.json()
    assert body["since"] == since
    assert [c["jobId"] for c in body["changes"]] == [job["id"]]
    assert body["until"] >= since


@pytest.mark.parametrize("since", [None, "", "yesterday"])
def test_changes_need_a_valid_since(client: TestClient, since: str | None) -> None:
    params = {} if since is None else {"since": since}
    response = client.get(f"{API}/jobs/changes", params=params)
    assert assert_envelope(response, 400, "BAD_REQUEST")["details"] == {"field": "since"}


def test_get_public_job_and_its_two_404s(client: TestClient) -> None:
    account, headers = agent(client, name="Acme AI")
    job = open_job(client, account["id"], "Spanish Audio Annotation", languages=["Spanish"])
    found = client.get(f"{API}/jobs/{job}")
    assert found.status_code == 200
    assert found.json()["companyName"] == "Acme AI"
    assert found.json()["status"] == "OPEN"
    client.post(f"{API}/jobs/{job}/close", headers=headers)
    gone = client.get(f"{API}/jobs/{job}")
    assert (gone.status_code, gone.json()) == (404, {"id": job, "status": "closed"})
    assert_envelope(client.get(f"{API}/jobs/01nosuchjob"), 404, "NOT_FOUND")
    assert_envelope(client.get(f"{API}/jobs/{'x' * 65}"), 400, "BAD_REQUEST")
    assert_envelope(client.get(f"{API}/jobs/%20"), 400, "BAD_REQUEST")


@pytest.mark.parametrize("path", ["/jobs", "/jobs/facets", "/jobs/changes", "/jobs/abc"])
def test_cors_preflight_and_headers(client: TestClient, path: str) -> None:
    preflight = client.options(f"{API}{path}")
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "GET" in preflight.headers["access-control-allow-methods"]
    response = client.get(f"{API}{path}", params={"since": "2026-01-01T00:00:00Z"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"] == CACHE


def test_errors_carry_cors_but_are_not_cached(client: TestClient) -> None:
    response = board(client, payType="nope")
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == "*"
    assert "cache-control" not in response.headers


def test_board_is_limited_to_120_requests_a_minute_per_ip(client: TestClient) -> None:
    for _ in range(120):
        assert client.get(f"{API}/jobs/facets").status_code == 200
    refused = client.get(f"{API}/jobs")
    details = assert_envelope(refused, 429, "RATE_LIMITED")["details"]
    assert 1 <= details["retryAfterSeconds"] <= 60
    assert refused.headers["retry-after"] == str(details["retryAfterSeconds"])
    assert refused.headers["access-control-allow-origin"] == "*"
    move_clock(client, 60)
    assert client.get(f"{API}/jobs").status_code == 200


def test_mine_is_not_taken_for_a_job_id(client: TestClient) -> None:
    assert_envelope(client.get(f"{API}/jobs/mine"), 401, "UNAUTHORIZED")
