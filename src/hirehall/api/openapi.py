"""Our OpenAPI document: the contract's operation names, each operation's success model
(`response_model`), the error statuses it can answer (`errors(...)`, each with the envelope),
the request constraints the server enforces (`param_schemas(...)`), and bearer security on
every public operation that does not opt out (`TOKENLESS`). FastAPI's default 422 is dropped:
the contract answers 400."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from hirehall.api.envelope import ENVELOPE_SCHEMA

_ERRORS = {
    "400": "BAD_REQUEST: invalid input (details.issues, details.field)",
    "401": "UNAUTHORIZED: missing, invalid, expired or revoked token",
    "403": "FORBIDDEN: scope, feature flag, claim or ownership",
    "404": "NOT_FOUND: missing, or not yours",
    "409": "CONFLICT: the current state forbids it (details.reason)",
    "413": "BAD_REQUEST body_too_large: the body is over the limit (decision D42)",
    "429": "RATE_LIMITED",
    "500": "INTERNAL_ERROR",
}
# Every operation can answer these: a NUL anywhere in the path or query is a 400 (envelope.py),
# a body over the limit a 413 whatever the method (body_limit.py), a server fault a 500.
_ALWAYS = ("400", "413", "500")
_PARAMS_KEY = "x-hirehall-params"
# `openapi_extra` of an operation that needs no token (the board, agent auth).
TOKENLESS: dict[str, Any] = {"security": []}
# The `limit` of every paginated list (decision D16: 1..100, else 400 on `limit`).
LIMIT: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": 100}
# A cursor is a value this API returned; an empty one is malformed (400 on `cursor`).
CURSOR: dict[str, Any] = {"type": "string", "minLength": 1}


def any_case(values: Iterable[str], separators: str = "_") -> dict[str, Any]:
    """A string schema for a filter the server reads case-insensitively, trimmed, with any of
    `separators` (underscore, space, hyphen) standing for an underscore (`not-a-fit`)."""
    separator_class = "[" + "".join(sorted(separators, key=lambda c: c == "-")) + "]"

    def letters(value: str) -> str:
        return "".join(
            f"[{c.upper()}{c.lower()}]" if c.isalpha() else separator_class if c == "_" else c
            for c in value
        )

    alternatives = "|".join(letters(value) for value in values)
    return {"type": "string", "pattern": rf"^\s*(?:{alternatives})\s*$"}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error statuses an operation can answer besides 400 and 500 (FastAPI `responses`);
    build_openapi gives each the envelope's schema."""
    return {status: {"description": _ERRORS[str(status)]} for status in statuses}


def param_schemas(**schemas: dict[str, Any]) -> dict[str, Any]:
    """`openapi_extra` declaring the schema of parameters the route reads as text and
    validates itself (so its 400 keeps the contract's `details.field`); `"x-required": True`
    marks one the route refuses to go without."""
    return {_PARAMS_KEY: schemas}


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
    "413": "invalid_request: the body is over the limit (decision D42)",
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
        for operation in item.values():
            _finish_operation(path, operation)
    components.get("schemas", {}).pop("HTTPValidationError", None)
    components.get("schemas", {}).pop("ValidationError", None)
    app.openapi_schema = schema
    return schema


def _finish_operation(path: str, operation: dict[str, Any]) -> None:
    known, ref = _error_responses(path)
    responses = operation.setdefault("responses", {})
    responses.pop("422", None)
    declared = [status for status in responses if status in known]
    # An operation that declares none of its errors gets the whole list (never too few).
    wanted = set(declared or known) | set(_ALWAYS)
    for status in sorted(wanted & set(known)):
        entry = responses.setdefault(status, {"description": known[status]})
        content = entry.setdefault("content", {}).setdefault("application/json", {})
        own = content.get("schema")
        # A status with a body of its own (the board's unlisted job) may also be the envelope.
        content["schema"] = ref if own is None or own == ref else {"anyOf": [ref, own]}
    for parameter in operation.get("parameters", []):
        declared_schema = dict(operation.get(_PARAMS_KEY, {}).get(parameter["name"]) or {})
        if declared_schema:
            parameter["required"] = declared_schema.pop("x-required", parameter["required"])
            parameter["schema"] = declared_schema
    operation.pop(_PARAMS_KEY, None)
    if path.startswith("/api/public/v1"):
        operation.setdefault("security", [{"bearer": []}])
