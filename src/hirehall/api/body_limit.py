"""Decision D42: every request body is read completely, and capped, before the app sees the
request, so before authentication and before any transaction or lock is taken. A client that
sends half a body and stalls then holds nothing but its own socket."""

from __future__ import annotations

import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hirehall.api import oauth
from hirehall.api.envelope import send_json

log = logging.getLogger("hirehall")


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._too_large(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                # Ordinary on the internet, not a server fault: info, not error.
                log.info("client disconnected while sending its body: %s", scope["path"])
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, replay(b"".join(chunks), receive), send)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        # RequestIdMiddleware, outside this one, made the id and adds the header.
        rid = str(scope.get("state", {}).get("request_id", ""))
        await send_json(send, 413, _too_large_body(scope["path"], rid, self.max_bytes), None)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the HTTP server refuses a malformed one before we get here
    return None


def replay(body: bytes, receive: Receive) -> Receive:
    """The buffered body as one message; later calls (disconnect checks) go to the server."""
    delivered = False

    async def replayed() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _too_large_body(path: str, rid: str, limit: int) -> dict[str, Any]:
    message = f"The request body is larger than {limit} bytes."
    if oauth.is_agent_path(path):
        return oauth.oauth_body("invalid_request", message)
    return {
        "error": message,
        "code": "BAD_REQUEST",
        "requestId": rid,
        "details": {"reason": "body_too_large", "limitBytes": limit},
    }
