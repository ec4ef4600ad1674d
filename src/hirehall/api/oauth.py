"""The agent-auth error shape (section 1.3.2): `{"error", "error_description"?}` for every
error under `/api/agent/`, whatever raised it (our services, body parsing, unknown routes,
wrong methods, unexpected exceptions)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from hirehall.core.errors import ApiError, OAuthError

AGENT_PREFIX = "/api/agent/"

# RFC 6749 5.1: token responses, and errors about them, must not be cached.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}

# OAuth values for errors that did not come from an agent-auth service.
_BY_STATUS = {
    400: "invalid_request",
    401: "invalid_client",
    403: "access_denied",
    404: "not_found",
    405: "invalid_request",
    409: "invalid_request",
    429: "rate_limit_exceeded",
}


def is_agent_path(path: str) -> bool:
    return path.startswith(AGENT_PREFIX) or path == AGENT_PREFIX.rstrip("/")


def oauth_body(error: str, description: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": error}
    if description:
        body["error_description"] = description
    return body


def oauth_response(
    status: int,
    error: str,
    description: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        oauth_body(error, description), status_code=status, headers={**NO_STORE, **(headers or {})}
    )


def from_api_error(exc: ApiError) -> JSONResponse:
    headers: dict[str, str] = {}
    retry_after = getattr(exc, "retry_after_seconds", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if isinstance(exc, OAuthError):
        return oauth_response(exc.status, exc.error, exc.description, headers)
    error = _BY_STATUS.get(exc.status, "server_error")
    return oauth_response(exc.status, error, exc.message, headers)


def generic(status: int, description: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return oauth_response(status, _BY_STATUS.get(status, "server_error"), description, headers)
