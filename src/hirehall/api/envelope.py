"""The contract's error envelope for every error source, and the request id on every response.

Sources: our typed errors, FastAPI's validation of path and query values, unknown routes,
wrong methods, and unexpected exceptions (500 without a stack trace on the wire)."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hirehall.api import oauth
from hirehall.api.issues import from_pydantic
from hirehall.api.routes import allowed_methods, serves
from hirehall.core.errors import ApiError

log = logging.getLogger("hirehall")

ENVELOPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "code", "requestId"],
    "properties": {
        "error": {"type": "string"},
        "code": {
            "type": "string",
            "enum": [
                "BAD_REQUEST",
                "UNAUTHORIZED",
                "FORBIDDEN",
                "NOT_FOUND",
                "CONFLICT",
                "RATE_LIMITED",
                "INTERNAL_ERROR",
            ],
        },
        "requestId": {"type": "string"},
        "details": {"type": "object"},
    },
}


def request_id(request: Request) -> str:
    rid = getattr(request.state, "request_id", None)
    return rid if isinstance(rid, str) else str(uuid.uuid4())


def envelope(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"error": message, "code": code, "requestId": request_id(request)}
    if details is not None:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    if oauth.is_agent_path(request.url.path):
        return oauth.from_api_error(exc)
    headers: dict[str, str] = {}
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    retry_after = getattr(exc, "retry_after_seconds", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return envelope(request, exc.status, exc.code, exc.message, exc.details, headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    issues = from_pydantic(exc.errors(), strip_location=False)
    if oauth.is_agent_path(request.url.path):
        return oauth.generic(400, issues[0]["message"] if issues else "Invalid request.")
    return envelope(request, 400, "BAD_REQUEST", "Invalid request.", {"issues": issues})


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    allow = _allow(request, exc)
    if oauth.is_agent_path(request.url.path):
        return _agent_http_error(exc, allow)
    if exc.status_code == 405:
        # Not in the contract's code list; HTTP's own status with the closest code.
        headers = {"Allow": allow} if allow else None
        return envelope(request, 405, "BAD_REQUEST", "Method not allowed.", None, headers)
    if exc.status_code == 404:
        return envelope(request, 404, "NOT_FOUND", "Not found.")
    code = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 409: "CONFLICT"}
    return envelope(
        request, exc.status_code, code.get(exc.status_code, "BAD_REQUEST"), str(exc.detail)
    )


def _allow(request: Request, exc: StarletteHTTPException) -> str:
    """A 405's `Allow`: the methods the OpenAPI document lists for the path (plus OPTIONS on
    the board, whose preflight routes are not in the document), else Starlette's."""
    if exc.status_code != 405:
        return ""
    from hirehall.api.openapi import build_openapi  # openapi.py imports this module

    methods = allowed_methods(build_openapi(request.app), request.url.path)
    if methods and serves(request.app, "OPTIONS", request.url.path):
        methods.append("OPTIONS")
    return ", ".join(methods) if methods else (exc.headers or {}).get("Allow", "")


def _agent_http_error(exc: StarletteHTTPException, allow: str) -> JSONResponse:
    if exc.status_code == 405:
        return oauth.generic(405, "Method not allowed.", {"Allow": allow} if allow else None)
    if exc.status_code == 404:
        return oauth.generic(404, "No such agent-auth endpoint.")
    return oauth.generic(exc.status_code, str(exc.detail))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


def _internal_error_body(path: str, rid: str) -> dict[str, Any]:
    if oauth.is_agent_path(path):
        return oauth.oauth_body("server_error", "Internal server error.")
    return {"error": "Internal server error.", "code": "INTERNAL_ERROR", "requestId": rid}


class RequestIdMiddleware:
    """Gives each request a UUID v4 (decision D7), sends it as X-Request-Id, and turns any
    exception that escapes the app into the 500 envelope, logged with that id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = str(uuid.uuid4())
        scope.setdefault("state", {})["request_id"] = rid
        if _has_nul(scope):
            await send_json(send, 400, _nul_body(scope["path"], rid), rid)
            return
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except ClientDisconnect:
            # The client went away mid-request: nothing to answer, and not a server fault.
            log.info("client disconnected, request %s", rid)
        except Exception:
            log.exception("unhandled error, request %s", rid)
            if started:
                raise
            await send_json(send, 500, _internal_error_body(scope["path"], rid), rid)


def _has_nul(scope: Scope) -> bool:
    """A NUL character can be in no id or value we store (PostgreSQL text refuses it), so a
    path or query carrying one is bad input, answered before it reaches the database."""
    return "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b"")


def _nul_body(path: str, rid: str) -> dict[str, Any]:
    if oauth.is_agent_path(path):
        return oauth.oauth_body("invalid_request", "The request contains a NUL character.")
    return {
        "error": "The request contains a NUL character.",
        "code": "BAD_REQUEST",
        "requestId": rid,
        "details": {"issues": [{"code": "custom", "path": [], "message": "NUL character"}]},
    }


async def send_json(send: Send, status: int, body: dict[str, Any], rid: str | None) -> None:
    """Sends a JSON answer; `rid` adds X-Request-Id (None when an outer middleware adds it)."""
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    if rid is not None:
        headers.append((b"x-request-id", rid.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
