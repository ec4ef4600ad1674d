"""The founding endpoint's hot path (issue 10): `POST /api/public/v1/jobs/{id}/invites`
answered in front of the app, before its middleware, routing, dependency injection and
response models, when
the request is an ordinary success: a bearer token, id-shaped ids, a body that is exactly
`{"freelancerId": ...}`, the token within its rate limit, and every gate of D4 passed. Then
the whole request is one statement on PostgreSQL (`invite_pg`, on the hot pool) or one unit
on SQLite's writer thread (`invite_sqlite`). Anything else (a missing or bad token, a failed
gate, a refused invite, an odd body) goes on to the ordinary route with the body replayed:
nothing was written, and the ordinary path gives every answer as it always did, from the one
place errors are rendered. The success answer is the route's, byte for byte."""

from __future__ import annotations

import logging
import re
import sqlite3
import uuid
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

log = logging.getLogger("hirehall")

_INVITE_PATH = re.compile(r"/api/public/v1/jobs/([^/]+)/invites")
Answer = tuple[dict[str, Any], bool]


class InviteHotPath:
    """In front of the whole app (`app.HirehallApp`): the invite's request never meets the
    middleware stack, routing or dependency injection unless it is handed on. `app` is the
    whole app without this front."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.rt = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _INVITE_PATH.fullmatch(scope["path"]) if _is_plain_post(scope) else None
        length = _content_length(scope) if match is not None else None
        if match is None or length is None or length > self.rt.settings.max_body_bytes:
            # Not an invite, or a body the ordinary path must cap or refuse (D42).
            await self.app(scope, receive, send)
            return
        body = await _whole_body(receive)
        if body is None:
            log.info("client disconnected while sending its body: %s", scope["path"])
            return
        try:
            answer = await self._invite(scope, match.group(1), body)
        except (ApiError, sqlite3.Error, asyncpg.PostgresError):
            # Refused, or the database said no: nothing was written (one statement, or the
            # unit's savepoint rolled back); the ordinary path answers.
            answer = None
        except Exception:  # a fault of ours: still the ordinary path's to answer, but said
            log.exception("invite hot path failed; the ordinary path answers")
            answer = None
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
        if not rt.settings.is_sqlite:
            return await service.invite_on_hot_pool(rt.hot_pool, rt.clock, **request)
        writer = rt.sqlite_writer
        if writer is None:
            return None
        unit = partial(service.invite_on_writer, clock=rt.clock, **request)
        answer: Answer | None = await writer.run(unit)
        return answer


def _is_plain_post(scope: Scope) -> bool:
    # A query string may carry what RequestIdMiddleware refuses (a NUL): the ordinary path's.
    return bool(scope["type"] == "http" and scope["method"] == "POST" and not scope["query_string"])


def _content_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    return int(value) if value is not None and value.isdigit() else None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _whole_body(receive: Receive) -> bytes | None:
    """The body, no longer than its Content-Length (the HTTP server holds it to that); None
    when the client went away first."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
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
    headers = [
        (b"content-length", length),
        (b"content-type", b"application/json"),
        (b"x-request-id", str(uuid.uuid4()).encode()),  # D7, as RequestIdMiddleware adds it
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
