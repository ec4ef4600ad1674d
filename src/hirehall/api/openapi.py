"""Our OpenAPI document: the contract's operation names, and the error envelope declared on
every operation (FastAPI's default 422 replaced, since the contract answers 400)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from hirehall.api.envelope import ENVELOPE_SCHEMA

_ERRORS = {
    "400": "BAD_REQUEST: invalid input (details.issues, details.field)",
    "401": "UNAUTHORIZED: missing, invalid, expired or revoked token",
    "403": "FORBIDDEN: scope, feature flag, claim or ownership",
    "404": "NOT_FOUND: missing, or not yours",
    "405": "Method not allowed on this path",
    "409": "CONFLICT: the current state forbids it (details.reason)",
    "429": "RATE_LIMITED",
    "500": "INTERNAL_ERROR",
}
_REF = {"$ref": "#/components/schemas/ErrorEnvelope"}
_OAUTH_REF = {"$ref": "#/components/schemas/OAuthError"}
OAUTH_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}},
}
_OAUTH_ERRORS = {
    "400": "OAuth error (invalid_request, authorization_pending, slow_down, ...)",
    "403": "anonymous_not_enabled",
    "429": "rate_limit_exceeded",
    "500": "server_error",
}


def _error_responses(path: str) -> tuple[dict[str, str], dict[str, str]]:
    """Agent-auth paths answer the OAuth shape (section 1.3.2), the others the envelope."""
    if path.startswith("/api/agent/"):
        return _OAUTH_ERRORS, _OAUTH_REF
    return _ERRORS, _REF


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title="hirehall — OpenTrain-compatible Public API",
        version="v1",
        description="A wire-compatible implementation of the OpenTrain public API.",
        routes=app.routes,
        servers=[{"url": app.state.runtime.settings.public_url}],
    )
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["ErrorEnvelope"] = ENVELOPE_SCHEMA
    components["schemas"]["OAuthError"] = OAUTH_ERROR_SCHEMA
    components.setdefault("securitySchemes", {})["bearer"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "ot_pat_... personal API token",
    }
    for path, item in schema.get("paths", {}).items():
        errors, ref = _error_responses(path)
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for status, text in errors.items():
                responses.setdefault(
                    status,
                    {"description": text, "content": {"application/json": {"schema": ref}}},
                )
            if path.startswith("/api/public/v1"):
                operation["security"] = [{"bearer": []}]
    components.get("schemas", {}).pop("HTTPValidationError", None)
    components.get("schemas", {}).pop("ValidationError", None)
    app.openapi_schema = schema
    return schema
