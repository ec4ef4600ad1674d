"""Bodies of the agent-auth endpoints and the claim page: form-encoded (as OAuth sends them)
or a JSON object, read into a flat dict of parameters.

Parsed here with the standard library rather than python-multipart: these forms are small
urlencoded bodies, and a repeated parameter must be an error (RFC 6749 3.2)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request

from hirehall.core.errors import OAuthError

MAX_BODY = 64 * 1024


class FormError(ValueError):
    """A body hirehall cannot read as parameters; the message says why."""


def parse_urlencoded(raw: bytes) -> dict[str, str]:
    try:
        text = raw.decode("utf-8")
        pairs = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text.strip()))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FormError("The body is not a valid form-encoded body.") from exc
    repeated = sorted(name for name, values in pairs.items() if len(values) > 1)
    if repeated:
        raise FormError(f"Parameters must not repeat: {', '.join(repeated)}.")
    return {name: values[0] for name, values in pairs.items()}


def parse_json_object(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise FormError("The body is not valid JSON.") from exc
    if not isinstance(value, dict):
        raise FormError("The body must be a JSON object.")
    return value


async def read_params(request: Request) -> dict[str, Any]:
    """JSON when the Content-Type says so, else a form; an empty body is no parameters."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise FormError("The body is too large.")
    if not raw.strip():
        return {}
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json" or content_type.endswith("+json"):
        return parse_json_object(raw)
    return parse_urlencoded(raw)


async def agent_params(request: Request) -> dict[str, Any]:
    try:
        return await read_params(request)
    except FormError as exc:
        raise OAuthError("invalid_request", str(exc)) from exc


def optional_text(params: dict[str, Any], name: str, max_length: int = 120) -> str | None:
    """A string parameter that may be absent or empty; anything else is invalid_request."""
    value = params.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise OAuthError("invalid_request", f"{name} must be a string.")
    value = value.strip()
    if len(value) > max_length:
        raise OAuthError("invalid_request", f"{name} must be at most {max_length} characters.")
    return value or None


def required_text(params: dict[str, Any], name: str, max_length: int = 400) -> str:
    value = optional_text(params, name, max_length)
    if value is None:
        raise OAuthError("invalid_request", f"{name} is required.")
    return value
