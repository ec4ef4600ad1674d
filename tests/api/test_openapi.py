"""The OpenAPI document says what the server does: a named model for every success response,
no security on tokenless operations, the envelope on every error status, the constraints the
server enforces, and a 405's `Allow` naming the document's methods."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_employer

SUCCESS_MODELS = {
    "getAuthMe": "AuthMe",
    "listTokens": "TokenList",
    "createToken": "MintedToken",
    "revokeToken": "RevokedToken",
    "createJobDraft": "JobDraft",
    "updateJobDraft": "JobDraftUpdate",
    "listMyJobs": "JobPage",
    "searchJobs": "PublicJobPage",
    "getJobFacets": "JobFacets",
    "getJobChanges": "JobChanges",
    "getPublicJob": "PublicJob",
    "updateJob": "JobUpdateResult",
    "publishJob": "PublishResult",
    "closeJob": "CloseResult",
    "inviteFreelancer": "InviteResult",
    "listJobProposals": "ProposalPage",
    "getProposal": "ProposalAnswer",
    "getFreelancerProfile": "FreelancerProfileResponse",
    "getJobDraftCapabilities": "JobDraftCapabilities",
    "registerAgent": "AgentRegistration",
    "startAccountClaim": "ClaimStart",
    "pollClaimToken": "ClaimToken",
    "revokeAgentToken": "Revoked",
    "revokeAgentTokenAlias": "Revoked",
    "getTeam": "TeamResponse",
    "inviteTeamMember": "TeamInviteResult",
}
TOKENLESS = {"searchJobs", "getJobFacets", "getJobChanges", "getPublicJob"}


def _operations(client: TestClient) -> dict[str, dict[str, Any]]:
    document = client.get("/api/public/v1/openapi.json").json()
    return {
        operation["operationId"]: operation
        for item in document["paths"].values()
        for operation in item.values()
    }


def _success_ref(operation: dict[str, Any]) -> str:
    status = next(s for s in operation["responses"] if s.startswith("2"))
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    return str(schema["$ref"]).rsplit("/", 1)[-1]


def test_every_success_response_is_a_named_model(client: TestClient) -> None:
    operations = _operations(client)
    for operation_id, model in SUCCESS_MODELS.items():
        assert _success_ref(operations[operation_id]) == model, operation_id
    # Operations added since declare theirs too: no success response is a bare `{}`.
    for operation_id, operation in operations.items():
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                schema = response["content"]["application/json"]["schema"]
                assert schema, (operation_id, status)


def test_tokenless_operations_declare_no_security(client: TestClient) -> None:
    for operation_id, operation in _operations(client).items():
        if operation_id in TOKENLESS or "/agent/" in str(operation.get("tags")):
            assert not operation.get("security"), operation_id
    operations = _operations(client)
    assert operations["inviteFreelancer"]["security"] == [{"bearer": []}]


def test_error_statuses_are_the_ones_the_operation_can_answer(client: TestClient) -> None:
    operations = _operations(client)
    assert set(operations["searchJobs"]["responses"]) == {"200", "400", "413", "429", "500"}
    assert set(operations["inviteFreelancer"]["responses"]) == {
        "200",
        "201",
        "400",
        "401",
        "403",
        "404",
        "409",
        "413",
        "429",
        "500",
    }
    envelope = {"$ref": "#/components/schemas/ErrorEnvelope"}
    invite_404 = operations["inviteFreelancer"]["responses"]["404"]
    assert invite_404["content"]["application/json"]["schema"] == envelope
    unlisted = operations["getPublicJob"]["responses"]["404"]["content"]["application/json"]
    assert unlisted["schema"]["anyOf"][0] == envelope


def test_enforced_request_constraints_are_declared(client: TestClient) -> None:
    operations = _operations(client)
    params = {p["name"]: p for p in operations["listJobProposals"]["parameters"]}
    assert params["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert params["cursor"]["schema"]["minLength"] == 1
    assert "[Ii][Nn][Vv]" in params["status"]["schema"]["pattern"]
    since = next(p for p in operations["getJobChanges"]["parameters"] if p["name"] == "since")
    assert since["required"] is True
    body = operations["inviteFreelancer"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["properties"]["freelancerId"]["maxLength"] == 200
    patch = operations["updateJobDraft"]["requestBody"]["content"]["application/json"]["schema"]
    assert patch["additionalProperties"] is False
    assert patch["minProperties"] == 1


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/api/public/v1/tokens", "GET, POST"),
        ("DELETE", "/api/public/v1/job-drafts/capabilities", "GET"),
        ("PUT", "/api/public/v1/jobs/01m8nhzexvek8b9j49akc26v32", "GET, PATCH, OPTIONS"),
    ],
)
def test_a_405_allows_the_documents_methods(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    employer = make_employer(client)
    response = client.request(method, path, headers=employer.headers)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json()["code"] == "BAD_REQUEST"
