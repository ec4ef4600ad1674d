"""`POST /proposals/{id}/conversation` (section 2.5.3, decision D31), row by row, on both
engines."""

from __future__ import annotations

from fastapi.testclient import TestClient

from hirehall.auth.rules import preview
from hirehall.messaging.schemas import ConversationStarted
from tests.api.messaging_helpers import (
    API,
    assert_error,
    conversation_count,
    invited_proposal,
    start,
    submitted_proposal,
)
from tests.conftest import bearer, db_execute, db_query
from tests.factories import (
    Employer,
    make_account,
    make_employer,
    make_job,
    make_token,
    make_trainer,
)


def test_first_opening_is_201_then_200_with_the_same_conversation(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    proposal_id = submitted_proposal(client, employer, trainer["id"])
    first = start(client, employer, proposal_id)
    assert first.status_code == 201
    body = first.json()
    ConversationStarted.model_validate(body)
    assert body == {
        "ok": True,
        "conversationId": body["conversationId"],
        "proposalId": proposal_id,
        "jobId": employer.job["id"],
        "created": True,
    }
    again = start(client, employer, proposal_id)
    assert again.status_code == 200
    assert again.json() == {**body, "created": False}
    assert conversation_count(client) == 1
    rows = db_query(
        client,
        "SELECT bucket, type, organization_id, freelancer_user_id, job_id FROM conversations",
    )
    assert rows == [
        ("proposal", "DIRECT_MESSAGE", employer.account["id"], trainer["id"], employer.job["id"])
    ]


def test_any_token_of_the_organization_gets_the_same_thread(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    proposal_id = submitted_proposal(client, employer, trainer["id"])
    first = start(client, employer, proposal_id).json()
    other = Employer(employer.account, make_token(client, employer.account["id"]), employer.job)
    again = start(client, other, proposal_id)
    assert again.status_code == 200
    assert again.json()["conversationId"] == first["conversationId"]


def test_an_invited_proposal_is_not_ready_409(client: TestClient) -> None:
    employer, trainer = make_employer(client), make_trainer(client)
    proposal_id = invited_proposal(client, employer, trainer["id"])
    response = start(client, employer, proposal_id)
    assert_error(
        response,
        409,
        "CONFLICT",
        reason="proposal_not_ready_for_messaging",
        proposalId=proposal_id,
        status="INVITED",
    )
    assert conversation_count(client) == 0


def test_an_unknown_proposal_is_404(client: TestClient) -> None:
    employer = make_employer(client)
    response = start(client, employer, "01kzzzzzzzzzzzzzzzzzzzzzzz")
    assert_error(response, 404, "NOT_FOUND", proposalId="01kzzzzzzzzzzzzzzzzzzzzzzz")


def test_another_accounts_proposal_is_403_and_reveals_nothing(client: TestClient) -> None:
    owner, stranger, trainer = make_employer(client), make_employer(client), make_trainer(client)
    proposal_id = submitted_proposal(client, owner, trainer["id"])
    response = start(client, stranger, proposal_id)
    body = assert_error(response, 403, "FORBIDDEN")
    assert "details" not in body or "reason" not in body["details"]
    assert proposal_id not in response.text.replace(f"/{proposal_id}", "")
    assert conversation_count(client) == 0


def test_the_candidate_calling_gets_employer_first_message_required(client: TestClient) -> None:
    # Only a token whose user is the trainer can be "the candidate": made in the database, as
    # the public API never hands a trainer a token.
    employer, trainer = make_employer(client), make_trainer(client)
    proposal_id = submitted_proposal(client, employer, trainer["id"])
    token = make_token(client, employer.account["id"])
    db_execute(
        client,
        "UPDATE api_tokens SET user_id = :trainer WHERE preview = :preview",
        trainer=trainer["id"],
        preview=preview(token),
    )
    response = client.post(f"{API}/proposals/{proposal_id}/conversation", headers=bearer(token))
    assert_error(response, 403, "FORBIDDEN", reason="employer_first_message_required")
    assert conversation_count(client) == 0


def test_without_a_token_401(client: TestClient) -> None:
    response = client.post(f"{API}/proposals/anything/conversation")
    assert_error(response, 401, "UNAUTHORIZED")


def test_gates_in_the_order_scope_feature_claim(client: TestClient) -> None:
    trainer = make_trainer(client)
    owner = make_employer(client)
    proposal_id = submitted_proposal(client, owner, trainer["id"])
    path = f"{API}/proposals/{proposal_id}/conversation"

    # No messages:write, feature off, unclaimed: the scope answers first.
    acct = make_account(client, claimed=False, features=[])
    token = make_token(client, acct["id"], scopes=["messages:read"])
    response = client.post(path, headers=bearer(token))
    assert_error(response, 403, "FORBIDDEN", requiredScopes=["messages:write"])

    # Scope granted, feature off, unclaimed: the feature answers.
    token = make_token(client, acct["id"], scopes=["messages:write"])
    response = client.post(path, headers=bearer(token))
    assert_error(
        response, 403, "FORBIDDEN", featureKey="public_api_messaging_writes", mode="ALLOWLIST"
    )

    # Scope and feature, unclaimed: the claim answers (before any lookup).
    acct = make_account(client, claimed=False, features=["public_api_messaging_writes"])
    token = make_token(client, acct["id"], scopes=["messages:write"])
    response = client.post(path, headers=bearer(token))
    assert_error(
        response,
        403,
        "FORBIDDEN",
        reason="account_claim_required",
        claimUrl="http://hirehall.test/claim",
    )
    assert conversation_count(client) == 0


def test_a_proposal_read_only_token_is_refused_on_scope(client: TestClient) -> None:
    employer = make_employer(client)
    token = make_token(client, employer.account["id"], scopes=["proposals:write"])
    make_job(client, employer.account["id"])
    response = client.post(f"{API}/proposals/x/conversation", headers=bearer(token))
    assert_error(
        response,
        403,
        "FORBIDDEN",
        requiredScopes=["messages:write"],
        grantedScopes=["proposals:write"],
    )
