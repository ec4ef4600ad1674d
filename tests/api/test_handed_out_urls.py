"""D26: every URL the API hands out opens a page. Each URL is taken from a real API answer
and requested: `draftUrl`/`reviewUrl` (the account's human only), `jobUrl`, the job's `url`
and `applyUrl` (the public job page, "Apply" for a signed-in trainer), and `profilePath`
(the masked profile)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.api.jobs_helpers import API, READY, agent, publish
from tests.conftest import admin_headers
from tests.factories import make_account, make_trainer
from tests.pages import sign_in

LAST_NAME = "Zabaleta-Unique"
TRAINER_EMAIL = "maria.z@example.com"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _draft(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    created = client.post(
        f"{API}/job-drafts",
        json={"rawJobDescription": "We need people to label images of cats, $15/hour."},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    return dict(created.json())


def test_draft_and_review_urls_open_for_the_accounts_human_only(client: TestClient) -> None:
    account, headers = agent(client)
    draft = _draft(client, headers)
    assert draft["draftUrl"] == draft["reviewUrl"]
    url = path_of(draft["draftUrl"])
    assert url == f"/job-post?jobId={draft['jobId']}"
    # Nobody signed in: off to the sign-in page, and back here afterwards.
    anonymous = client.get(url, follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == f"/signin?next=/job-post%3FjobId%3D{draft['jobId']}"
    done = sign_in(client, account["ownerEmail"], url)
    assert done.headers["location"] == url
    page = client.get(url)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "What the draft still needs" in page.text
    for field in draft["missingFields"]:
        assert field["label"] in page.text
    assert draft["missingFields"]  # the text lacks fields, so the page lists some


def test_another_accounts_human_and_a_trainer_get_a_404_page(client: TestClient) -> None:
    _account, headers = agent(client)
    url = path_of(_draft(client, headers)["draftUrl"])
    other = make_account(client)
    sign_in(client, other["ownerEmail"], "/account")
    refused = client.get(url)
    assert refused.status_code == 404
    assert "Page not found" in refused.text
    client.cookies.clear()
    make_trainer(client, email=TRAINER_EMAIL)
    sign_in(client, TRAINER_EMAIL, "/account")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/job-post", "/job-post?jobId=", "/job-post?jobId=nope", "/job-post?jobId=" + "x" * 500]
)
def test_bad_draft_links_are_404_pages(client: TestClient, url: str) -> None:
    account = make_account(client)
    sign_in(client, account["ownerEmail"], "/account")
    answer = client.get(url)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")


def test_job_urls_open_the_public_job_page(client: TestClient) -> None:
    account, headers = agent(client, name="Acme Vision")
    job_id = _draft(client, headers)["jobId"]
    patched = client.patch(
        f"{API}/job-drafts/{job_id}", json={**READY, "jobTitle": "Cat labeling"}, headers=headers
    )
    assert patched.status_code == 200, patched.text
    published = publish(client, job_id, headers)
    assert published.status_code == 200, published.text
    mine = client.get(f"{API}/jobs/mine", headers=headers).json()
    public = client.get(f"{API}/jobs/{job_id}").json()
    urls = {
        path_of(published.json()["jobUrl"]),
        path_of(mine["jobs"][0]["jobUrl"]),
        path_of(public["job"]["url"] if "job" in public else public["url"]),
    }
    assert f"/jobs/{job_id}" in urls
    for url in urls:
        page = client.get(url)
        assert page.status_code == 200, url
        assert "Cat labeling" in page.text
        assert "Acme Vision" in page.text
        assert "Sign in to apply" in page.text
        assert f'href="/signin?next=/trainer/jobs/{job_id}/apply"' in page.text
    apply_url = public["job"]["applyUrl"] if "job" in public else public["applyUrl"]
    went = client.get(path_of(apply_url), follow_redirects=False)
    assert went.status_code == 303
    assert went.headers["location"] == f"/jobs/{job_id}"
    # A signed-in trainer gets the Apply link; an employer is told trainers apply.
    make_trainer(client, email=TRAINER_EMAIL)
    sign_in(client, TRAINER_EMAIL, "/account")
    page = client.get(f"/jobs/{job_id}")
    assert f'id="apply" href="/trainer/jobs/{job_id}/apply"' in page.text
    assert "Apply to this job" in page.text
    client.cookies.clear()
    sign_in(client, account["ownerEmail"], "/account")
    assert "AI trainers apply from their own account" in client.get(f"/jobs/{job_id}").text


def test_a_closed_or_draft_job_page_is_a_404_page(client: TestClient) -> None:
    _account, headers = agent(client)
    draft_id = _draft(client, headers)["jobId"]
    assert client.get(f"/jobs/{draft_id}").status_code == 404
    created = client.post(
        "/api/admin/v1/jobs",
        json={"accountId": _account["id"], "title": "Closed one", "status": "ARCHIVED"},
        headers=admin_headers(),
    )
    assert created.status_code == 201
    closed = client.get(f"/jobs/{created.json()['job']['id']}")
    assert closed.status_code == 404
    assert "Page not found" in closed.text


@pytest.mark.parametrize(
    "url",
    [
        "/jobs/nope",
        "/jobs/" + "x" * 300,
        "/jobs/%20",
        "/api/out",
        "/api/out?job=",
        "/api/out?job=../../etc",
        "/profile/nobody",
        "/profile/" + "y" * 300,
    ],
)
def test_bad_public_links_are_404_pages(client: TestClient, url: str) -> None:
    answer = client.get(url, follow_redirects=False)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")


def test_profile_path_opens_the_masked_profile(client: TestClient) -> None:
    trainer = make_trainer(
        client,
        firstName="Maria",
        lastName=LAST_NAME,
        email=TRAINER_EMAIL,
        title="Spanish annotator",
        bio="Ten years of transcription.",
    )
    employer, headers = agent(client)
    profile = client.get(f"{API}/freelancers/{trainer['id']}", headers=headers).json()
    path = profile["freelancer"]["profilePath"]
    assert path == f"/profile/{trainer['profileSlug']}"
    page = client.get(path)
    assert page.status_code == 200
    assert "Maria Z." in page.text
    assert "Spanish annotator" in page.text
    assert "Ten years of transcription." in page.text
    assert LAST_NAME not in page.text
    assert "abaleta" not in page.text
    assert TRAINER_EMAIL not in page.text
    # Suspended trainers' profiles are hidden, like in the API.
    client.patch(
        f"/api/admin/v1/freelancers/{trainer['id']}",
        json={"status": "SUSPENDED"},
        headers=admin_headers(),
    )
    assert client.get(path).status_code == 404
    assert employer
