"""`POST /jobs/{id}/close`."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import make_employer, make_job


def test_close_then_close_again(client: TestClient) -> None:
    employer = make_employer(client)
    path = f"/api/public/v1/jobs/{employer.job['id']}/close"
    first = client.post(path, headers=employer.headers)
    assert first.status_code == 200
    assert first.json() == {
        "ok": True,
        "jobId": employer.job["id"],
        "status": "ARCHIVED",
        "alreadyClosed": False,
    }
    assert client.post(path, headers=employer.headers).json()["alreadyClosed"] is True


def test_closing_a_draft_archives_it(client: TestClient) -> None:
    employer = make_employer(client)
    draft = make_job(client, employer.account["id"], status="DRAFT")
    response = client.post(f"/api/public/v1/jobs/{draft['id']}/close", headers=employer.headers)
    assert response.json()["status"] == "ARCHIVED"
    assert response.json()["alreadyClosed"] is False


def test_close_needs_the_publishing_feature(client: TestClient) -> None:
    employer = make_employer(client, features=["public_api_hiring"])
    response = client.post(
        f"/api/public/v1/jobs/{employer.job['id']}/close", headers=employer.headers
    )
    assert response.status_code == 403
    assert response.json()["details"]["featureKey"] == "public_api_job_publishing"
