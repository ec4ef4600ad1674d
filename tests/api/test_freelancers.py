"""`GET /freelancers/{idOrSlug}`: the masked public profile."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.factories import make_account, make_employer, make_token, make_trainer

PROFILE = {
    "firstName": "Maria",
    "lastName": "Gutierrez",
    "profileSlug": "maria-g",
    "title": "Text Annotation Specialist",
    "city": "Madrid",
    "countryCode": "ES",
    "hourlyRateUsd": 18,
    "expertiseLevel": "EXPERT",
    "englishLevel": "FLUENT",
    "identityVerified": True,
    "languages": [{"language": "Spanish", "proficiency": "NATIVE"}],
    "skills": {"tags": ["SENTIMENT_ANALYSIS"], "dataTypes": ["TEXT"]},
    "reviews": [
        {"id": "r1", "rating": 5, "comment": "Great", "createdAt": "2026-01-01T00:00:00.000Z"}
    ],
}


@pytest.mark.parametrize("key", ["id", "profileSlug"])
def test_profile_by_id_or_slug_is_masked(client: TestClient, key: str) -> None:
    employer, trainer = make_employer(client), make_trainer(client, **PROFILE)
    response = client.get(f"/api/public/v1/freelancers/{trainer[key]}", headers=employer.headers)
    assert response.status_code == 200
    profile = response.json()["freelancer"]
    assert profile["id"] == trainer["id"]
    assert profile["displayName"] == "Maria G."
    assert profile["lastNameInitial"] == "G"
    assert profile["profilePath"] == "/profile/maria-g"
    assert profile["country"] == "Spain"
    assert profile["hourlyRateUsd"] == 18
    assert profile["talentType"] == "Individual"
    assert profile["stats"]["reviewCount"] == 1
    assert profile["stats"]["averageRating"] == 5
    assert "lastName" not in profile
    assert "status" not in profile
    assert "Gutierrez" not in response.text
    assert "email" not in response.text.lower()


@pytest.mark.parametrize("status", ["SUSPENDED", "DEACTIVATED"])
def test_hidden_trainer_is_404(client: TestClient, status: str) -> None:
    employer, trainer = make_employer(client), make_trainer(client, status=status)
    response = client.get(f"/api/public/v1/freelancers/{trainer['id']}", headers=employer.headers)
    missing = client.get("/api/public/v1/freelancers/no-such-trainer", headers=employer.headers)
    for answer in (response, missing):
        assert answer.status_code == 404
        assert answer.json()["code"] == "NOT_FOUND"
    # Hidden looks exactly like missing: nothing tells that the trainer exists.
    assert {k: v for k, v in response.json().items() if k != "requestId"} == {
        k: v for k, v in missing.json().items() if k != "requestId"
    }
    assert trainer["id"] not in response.text


def test_employer_user_and_unknown_are_404(client: TestClient) -> None:
    employer, other = make_employer(client), make_account(client)
    for key in (other["ownerUserId"], "no-such-slug"):
        response = client.get(f"/api/public/v1/freelancers/{key}", headers=employer.headers)
        assert response.status_code == 404
        assert response.json()["code"] == "NOT_FOUND"


def test_profile_needs_proposals_read(client: TestClient) -> None:
    account, trainer = make_account(client), make_trainer(client)
    token = make_token(client, account["id"], scopes=["jobs:read"])
    response = client.get(f"/api/public/v1/freelancers/{trainer['id']}", headers=bearer(token))
    assert response.status_code == 403
    assert response.json()["details"]["requiredScopes"] == ["proposals:read"]
