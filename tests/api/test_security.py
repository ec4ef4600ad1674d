"""Security by default: keyed token hashes, masked trainers, other accounts' objects hidden."""

from __future__ import annotations

import hashlib
import hmac

from fastapi.testclient import TestClient

from tests.conftest import bearer, db_query
from tests.factories import make_account, make_employer, make_token, make_trainer


def test_tokens_are_stored_only_as_keyed_hashes(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"])
    rows = db_query(client, "SELECT * FROM api_tokens")
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0])
    assert token not in stored
    assert token[len("ot_pat_") + 9 :] not in stored  # the secret after the public id
    keyed = hmac.new(b"test-secret-key", token.encode(), hashlib.sha256).hexdigest()
    plain = hashlib.sha256(token.encode()).hexdigest()
    hashes = db_query(client, "SELECT token_hash FROM api_tokens")
    assert hashes == [(keyed,)]
    assert plain not in stored


def test_a_token_with_a_changed_character_is_401(client: TestClient) -> None:
    account = make_account(client)
    token = make_token(client, account["id"])
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.get("/api/public/v1/auth/me", headers={"Authorization": f"Bearer {tampered}"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    body = response.json()
    assert body == {
        "error": "Invalid API token.",
        "code": "UNAUTHORIZED",
        "requestId": response.headers["x-request-id"],
    }
    assert client.get("/api/public/v1/auth/me", headers=bearer(token)).status_code == 200


def test_trainers_never_show_a_last_name_anywhere_public(client: TestClient) -> None:
    employer = make_employer(client)
    trainer = make_trainer(client, lastName="Zzyzxsurname")
    invited = client.post(
        f"/api/public/v1/jobs/{employer.job['id']}/invites",
        json={"freelancerId": trainer["id"]},
        headers=employer.headers,
    ).json()
    responses = [
        client.get(f"/api/public/v1/freelancers/{trainer['id']}", headers=employer.headers),
        client.get(f"/api/public/v1/proposals/{invited['proposalId']}", headers=employer.headers),
        client.get(f"/api/public/v1/jobs/{employer.job['id']}/proposals", headers=employer.headers),
    ]
    for response in responses:
        assert response.status_code == 200
        assert "Zzyzxsurname" not in response.text
        assert 'lastName"' not in response.text
        assert "email" not in response.text.lower()


def test_another_accounts_token_cannot_be_revoked_or_seen(client: TestClient) -> None:
    mine, theirs = make_employer(client), make_employer(client)
    their_id = client.get("/api/public/v1/auth/me", headers=theirs.headers).json()["token"]["id"]
    response = client.delete(f"/api/public/v1/tokens/{their_id}", headers=mine.headers)
    assert response.status_code == 404
    missing = client.delete("/api/public/v1/tokens/nope", headers=mine.headers)
    assert {k: v for k, v in response.json().items() if k != "requestId"} == {
        **{k: v for k, v in missing.json().items() if k != "requestId"},
        "details": {"tokenId": their_id},
    }
    listed = client.get("/api/public/v1/tokens", headers=mine.headers).json()["tokens"]
    assert their_id not in [token["id"] for token in listed]
    assert client.get("/api/public/v1/auth/me", headers=theirs.headers).status_code == 200


def test_closing_another_accounts_job_is_404(client: TestClient) -> None:
    mine, theirs = make_employer(client), make_employer(client)
    response = client.post(f"/api/public/v1/jobs/{theirs.job['id']}/close", headers=mine.headers)
    assert response.status_code == 404
    again = client.post(f"/api/public/v1/jobs/{theirs.job['id']}/close", headers=theirs.headers)
    assert again.json()["alreadyClosed"] is False
