"""Typed errors raised by services; one handler renders them in the contract's envelope."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    status: int = 500
    code: str = "INTERNAL_ERROR"
    default_message: str = "Internal server error."

    # An error answer whose work must still commit (a blocked live edit is kept, spec 2.4.8):
    # the unit of work commits instead of rolling back, then the one handler renders it.
    keeps_work: bool = False

    def __init__(self, message: str | None = None, details: dict[str, Any] | None = None):
        self.message = message or self.default_message
        self.details = details
        super().__init__(self.message)

    def keeping_work(self) -> ApiError:
        """This error, with the unit of work's changes committed rather than rolled back."""
        self.keeps_work = True
        return self


class BadRequest(ApiError):
    status = 400
    code = "BAD_REQUEST"
    default_message = "The request is invalid."


class Unauthorized(ApiError):
    status = 401
    code = "UNAUTHORIZED"
    default_message = "A valid API token is required."


class Forbidden(ApiError):
    status = 403
    code = "FORBIDDEN"
    default_message = "You do not have permission to do this."


class NotFound(ApiError):
    status = 404
    code = "NOT_FOUND"
    default_message = "Not found."


class Conflict(ApiError):
    status = 409
    code = "CONFLICT"
    default_message = "The request conflicts with the current state."

    def __init__(
        self, message: str | None = None, *, reason: str | None = None, **details: Any
    ) -> None:
        payload = {"reason": reason, **details} if reason else dict(details)
        super().__init__(message, payload or None)


class RateLimited(ApiError):
    status = 429
    code = "RATE_LIMITED"
    default_message = "Too many requests."

    def __init__(self, retry_after_seconds: int, message: str | None = None, **details: Any):
        self.retry_after_seconds = max(1, retry_after_seconds)
        super().__init__(message, {**details, "retryAfterSeconds": self.retry_after_seconds})


class OAuthError(ApiError):
    """An agent-auth error (`/api/agent/...`), rendered as `{"error", "error_description"}`
    (section 1.3.2), not the envelope; `error` is the OAuth error value."""

    def __init__(
        self,
        error: str,
        description: str | None = None,
        *,
        status: int = 400,
        retry_after_seconds: int | None = None,
    ) -> None:
        self.error = error
        self.status = status
        if retry_after_seconds is not None:
            self.retry_after_seconds = max(1, retry_after_seconds)
        super().__init__(description or error)
        self.description = description
