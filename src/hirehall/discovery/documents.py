"""The .well-known metadata documents (RFC 9728 and RFC 8414 with the `agent_auth` block)."""

from __future__ import annotations

from typing import Any

from hirehall.agents.rules import (
    ATTEMPT_SECONDS,
    CLAIM_WINDOW,
    GRANT_TYPE,
    IDENTITY_TYPE,
    POLL_INTERVAL_SECONDS,
)
from hirehall.core.scopes import ALL_SCOPES, POST_CLAIM_SCOPES, PRE_CLAIM_SCOPES

PUBLIC_API = "/api/public/v1"


def protected_resource(base: str) -> dict[str, Any]:
    return {
        "resource": f"{base}{PUBLIC_API}",
        "authorization_servers": [base],
        "scopes_supported": list(ALL_SCOPES),
        "bearer_methods_supported": ["header"],
        "resource_name": "hirehall Public API (OpenTrain-compatible)",
        "resource_documentation": f"{base}/llms.txt",
        "openapi": f"{base}{PUBLIC_API}/openapi.json",
    }


def authorization_server(base: str) -> dict[str, Any]:
    agent = f"{base}/api/agent"
    return {
        "issuer": base,
        "token_endpoint": f"{agent}/oauth/token",
        "revocation_endpoint": f"{agent}/oauth/revoke",
        # No authorization endpoint: agents register themselves and humans claim them.
        "response_types_supported": [],
        "grant_types_supported": [GRANT_TYPE],
        "token_endpoint_auth_methods_supported": ["none"],
        "revocation_endpoint_auth_methods_supported": ["none"],
        "scopes_supported": list(ALL_SCOPES),
        "service_documentation": f"{base}/auth.md",
        "agent_auth": {
            "identity_endpoint": f"{agent}/identity",
            "claim_endpoint": f"{agent}/identity/claim",
            "claim_grant_type": GRANT_TYPE,
            "claim_page": f"{base}/claim",
            "revocation_endpoint_alias": f"{agent}/identity/revoke",
            "identity_types_supported": [IDENTITY_TYPE],
            "interval": POLL_INTERVAL_SECONDS,
            "claim_attempt_expires_in": ATTEMPT_SECONDS,
            "claim_token_expires_in": int(CLAIM_WINDOW.total_seconds()),
            "pre_claim_scopes": list(PRE_CLAIM_SCOPES),
            "post_claim_scopes": list(POST_CLAIM_SCOPES),
        },
    }
