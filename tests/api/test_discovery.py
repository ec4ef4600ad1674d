"""Discovery: capabilities with this account's flags, the .well-known documents, llms.txt and
auth.md; every document parses and every URL or endpoint in them answers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hirehall.drafting import IMPORT_FORMATS, UPDATE_KEYS
from tests.agent_flow import register
from tests.conftest import bearer
from tests.factories import make_account, make_token

BASE = "http://hirehall.test"
CAPABILITIES = "/api/public/v1/job-drafts/capabilities"
DOCUMENTS = ("/.well-known/oauth-protected-resource", "/.well-known/oauth-authorization-server")
TEXTS = ("/llms.txt", "/auth.md")


def test_capabilities_report_this_accounts_real_flags(client: TestClient) -> None:
    account = make_account(
        client, features=["public_api_job_drafting", "public_api_hiring", "public_api_team"]
    )
    token = make_token(client, account["id"], scopes=["team:read"])  # any token will do
    response = client.get(CAPABILITIES, headers=bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["featureKey"] == "public_api_job_drafting"
    assert body["namespace"] == "job-drafts"
    assert body["rolloutMode"] == "ALL"
    assert body["authBootstrap"] == "token"
    assert body["enabled"] is True
    assert body["actorIsAdmin"] is False
    flags = body["capabilities"]
    assert {name for name, on in flags.items() if on} == {
        "draftImport", "draftCreate", "draftUpdate", "draftUrlRead", "hiring", "team",
    }  # fmt: skip
    assert len(flags) == 11
    assert body["draft"]["updateKeys"] == list(UPDATE_KEYS)
    assert body["draft"]["importFormats"] == list(IMPORT_FORMATS)
    assert body["draft"]["enums"]["paymentType"] == ["PAY_PER_LABEL", "PAY_PER_HOUR", "FIXED_PRICE"]


def test_capabilities_work_for_a_pre_claim_token(client: TestClient) -> None:
    reg = register(client)
    body = client.get(CAPABILITIES, headers=bearer(reg["access_token"])).json()
    assert all(body["capabilities"].values())


def test_capabilities_403_when_drafting_is_off(client: TestClient) -> None:
    account = make_account(client, features=["public_api_hiring"])
    response = client.get(CAPABILITIES, headers=bearer(make_token(client, account["id"])))
    assert response.status_code == 403
    assert response.json()["details"] == {
        "featureKey": "public_api_job_drafting",
        "mode": "ALLOWLIST",
    }


def test_capabilities_need_a_token(client: TestClient) -> None:
    assert client.get(CAPABILITIES).status_code == 401


def test_protected_resource_metadata(client: TestClient) -> None:
    body = client.get(DOCUMENTS[0]).json()
    assert body["resource"] == f"{BASE}/api/public/v1"
    assert body["authorization_servers"] == [BASE]
    assert len(body["scopes_supported"]) == 11
    assert body["bearer_methods_supported"] == ["header"]


def test_authorization_server_metadata_with_agent_auth(client: TestClient) -> None:
    body = client.get(DOCUMENTS[1]).json()
    assert body["issuer"] == BASE
    assert body["token_endpoint"] == f"{BASE}/api/agent/oauth/token"
    assert body["revocation_endpoint"] == f"{BASE}/api/agent/oauth/revoke"
    assert body["grant_types_supported"] == ["urn:opentrain:agent-auth:grant-type:claim"]
    agent = body["agent_auth"]
    assert agent["identity_endpoint"] == f"{BASE}/api/agent/identity"
    assert agent["claim_endpoint"] == f"{BASE}/api/agent/identity/claim"
    assert agent["claim_grant_type"] == body["grant_types_supported"][0]
    assert agent["interval"] == 5


def test_texts_are_markdown_for_agents(client: TestClient) -> None:
    llms = client.get("/llms.txt")
    assert llms.status_code == 200
    assert llms.text.startswith("# hirehall\n\n> ")
    assert "## Quickstart" in llms.text
    auth = client.get("/auth.md")
    assert auth.headers["content-type"].startswith("text/markdown")
    assert auth.text.startswith("# hirehall Agent Authentication")
    for error in ("authorization_pending", "slow_down", "expired_token", "invalid_grant"):
        assert error in auth.text


def _urls(value: Any) -> list[str]:
    """Every absolute URL of this server in a JSON value or a text."""
    if isinstance(value, dict):
        return [u for v in value.values() for u in _urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in _urls(v)]
    if isinstance(value, str):
        return re.findall(re.escape(BASE) + r"[^\s`'\"()<>]*", value)
    return []


def _answers(client: TestClient, url: str) -> None:
    path = url.removeprefix(BASE).rstrip(".,;:") or "/"
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path)
    assert response.status_code < 500, (url, response.status_code)
    assert response.status_code not in (404, 405), (url, response.status_code)


@pytest.mark.parametrize("path", DOCUMENTS + TEXTS)
def test_every_url_in_the_documents_answers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    content = response.json() if path in DOCUMENTS else response.text
    urls = _urls(content)
    assert urls
    for url in urls:
        _answers(client, url)


@pytest.mark.parametrize("path", TEXTS)
def test_every_endpoint_the_texts_name_is_in_the_openapi_document(
    client: TestClient, path: str
) -> None:
    spec = client.get("/api/public/v1/openapi.json").json()["paths"]
    named = re.findall(r"`(GET|POST|PATCH|DELETE) (/[^`\s]*)`", client.get(path).text)
    assert named
    for method, endpoint in named:
        assert method.lower() in spec.get(endpoint, {}), (method, endpoint)


def test_llms_txt_lists_every_operation_of_the_openapi_document(client: TestClient) -> None:
    spec = client.get("/api/public/v1/openapi.json").json()["paths"]
    text = client.get("/llms.txt").text
    for endpoint, item in spec.items():
        for method in item:
            assert f"`{method.upper()} {endpoint}`" in text


def test_the_texts_use_the_configured_public_url(client: TestClient) -> None:
    assert "127.0.0.1:8000" not in client.get("/llms.txt").text
    assert f"{BASE}/auth.md" in client.get("/llms.txt").text
