"""The founding endpoint's hot path (issue 10): `POST /api/public/v1/jobs/{id}/invites`
answered at the ASGI level, before routing, dependency injection and response models, when
the request is an ordinary success: a bearer token, id-shaped ids, a body that is exactly
`{"freelancerId": ...}`, the token within its rate limit, and every gate of D4 passed. Then
the whole request is one statement on PostgreSQL (`invite_pg`, on the hot pool) or one unit
on SQLite's writer thread (`invite_sqlite`). Anything else (a missing or bad token, a failed
gate, a refused invite, an odd body) goes on to the ordinary route with the body replayed:
nothing was written, and the ordinary path gives every answer as it always did, from the one
place errors are rendered. The success answer is the route's, byte for byte."""

from __future__ import annotations

import re
import sqlite3
from functools import partial
from typing import Any

import asyncpg
import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from hirehall.api.body_limit import replay
from hirehall.api.deps import count_call
from hirehall.auth.rules import bearer, token_hash
from hirehall.core.errors import ApiError
from hirehall.core.ids import looks_like_id
from hirehall.core.json_text import encode
from hirehall.proposals import service
from hirehall.runtime import Runtime

_INVITE_PATH = re.compile(r"/api/public/v1/jobs/([^/]+)/invites")
Answer = tuple[dict[str, Any], bool]


class InviteHotPath:
    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.rt = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _INVITE_PATH.fullmatch(scope["path"]) if _is_post(scope) else None
        if match is None:
            await self.app(scope, receive, send)
            return
        body = await _whole_body(receive)
        answer = await self._invite(scope, match.group(1), body)
        if answer is None:
            await self.app(scope, replay(body, receive), send)
            return
        result, created = answer
        await _send_json(send, 201 if created else 200, result)

    async def _invite(self, scope: Scope, job_id: str, body: bytes) -> Answer | None:
        token = bearer(_header(scope, b"authorization"))
        freelancer_id = _freelancer_id(body)
        if token is None or freelancer_id is None or not looks_like_id(job_id):
            return None
        rt = self.rt
        digest = token_hash(rt.secret_key, token)
        state = scope.setdefault("state", {})
        if await count_call(rt, state, digest, rt.clock.now().timestamp()) is not None:
            return None
        request: dict[str, Any] = {
            "job_id": job_id,
            "freelancer_id": freelancer_id,
            "digest": digest,
            "sandbox": rt.settings.sandbox,
        }
        try:
            if not rt.settings.is_sqlite:
                return await service.invite_on_hot_pool(rt.hot_pool, rt.clock, **request)
            writer = rt.sqlite_writer
            if writer is None:
                return None
            unit = partial(service.invite_on_writer, clock=rt.clock, **request)
            answer: Answer | None = await writer.run(unit)
            return answer
        except (ApiError, sqlite3.Error, asyncpg.PostgresError):
            # Refused, or the database said no: nothing was written (one statement, or the
            # unit's savepoint rolled back); the ordinary path answers.
            return None


def _is_post(scope: Scope) -> bool:
    return bool(scope["type"] == "http" and scope["method"] == "POST")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _whole_body(receive: Receive) -> bytes:
    # BodyLimitMiddleware, outside, read and capped the body (D42): this is one message.
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _freelancer_id(body: bytes) -> str | None:
    """The trainer's id when the body is exactly `{"freelancerId": "<an id>"}`, which the
    ordinary validation accepts as it is; any other body is the ordinary path's to judge."""
    try:
        payload = orjson.loads(body)
    except ValueError:
        return None
    if type(payload) is not dict or len(payload) != 1:
        return None
    value = payload.get("freelancerId")
    return value if type(value) is str and looks_like_id(value) else None


async def _send_json(send: Send, status: int, content: dict[str, Any]) -> None:
    payload = encode(content)  # as `respond` renders it: the route's answer byte for byte
    length = str(len(payload)).encode()
    headers = [(b"content-length", length), (b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
