"""Dependencies: the request's unit of work and the gates of decision D4, in its order:
authentication (401), scope (403), feature flag (403), claim (403)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse

from hirehall.api.issues import M, validate
from hirehall.api.json_answer import JSONAnswer
from hirehall.auth.repository import Query
from hirehall.auth.rules import bearer, token_hash
from hirehall.auth.service import authenticate, authenticate_reading
from hirehall.core.errors import Forbidden, RateLimited
from hirehall.core.principal import Principal
from hirehall.core.scopes import FEATURE_OFF_MODE, POST_CLAIM_SCOPES, Feature, Scope, covers
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.runtime import Runtime

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


async def _unit_of_work(request: Request) -> AsyncIterator[Uow]:
    rt = runtime(request)
    async with rt.uow(write=request.method not in _SAFE_METHODS) as uow:
        yield uow
    if uow.deferred_writes:
        async with rt.uow(write=True) as writer:
            for deferred in uow.deferred_writes:
                await deferred(writer)


# scope="function": the transaction commits before the response leaves, so a client that
# reads right after a 201 sees what it created.
UowDep = Annotated[Uow, Depends(_unit_of_work, scope="function")]


async def count_token_call(request: Request, digest: str, now: float) -> int | None:
    """Counts one call of the token whose keyed hash is `digest` (decision D17, default 600 a
    minute); the seconds to wait when it is over its limit, else None."""
    return await count_call(runtime(request), request.scope.setdefault("state", {}), digest, now)


async def count_call(rt: Runtime, state: dict[str, Any], digest: str, now: float) -> int | None:
    """`count_token_call` for an ASGI hot path (`state` is the scope's, which is what
    `request.state` reads). Counted once per request: a hot path that counted it and then
    hands over to the ordinary path leaves the verdict on the request."""
    if "token_retry" in state:
        retry: int | None = state["token_retry"]
        return retry
    retry = await rt.limiter.hit(
        f"token:{digest}", rt.settings.token_rate_limit_per_minute, 60, now
    )
    state["token_retry"] = retry
    return retry


async def limit_per_token(request: Request, uow: Uow) -> None:
    """Authenticated calls are limited per token (after authentication, D4)."""
    token = bearer(request.headers.get("authorization")) or ""
    digest = token_hash(uow.secret_key, token)
    retry = await count_token_call(request, digest, uow.now().timestamp())
    if retry is not None:
        raise RateLimited(retry, "Too many requests for this token; slow down.")


async def limit_per_ip(
    request: Request, uow: Uow, bucket: str, limit: int, window_seconds: int
) -> None:
    """A per-IP limit for tokenless endpoints (e.g. 120 a minute on the job board, D17)."""
    client = request.client.host if request.client else "unknown"
    retry = await runtime(request).limiter.hit(
        f"{bucket}:{client}", limit, window_seconds, uow.now().timestamp()
    )
    if retry is not None:
        raise RateLimited(retry)


def claim_grants(scope: Scope) -> bool:
    return scope.value in POST_CLAIM_SCOPES


def _claim_required(uow: Uow, action: str, extra: dict[str, Any] | None = None) -> Forbidden:
    return Forbidden(
        f"A human must claim this agent account before it can {action}.",
        {
            "reason": "account_claim_required",
            "claimUrl": f"{uow.settings.public_url}/claim",
            "action": action,
            **(extra or {}),
        },
    )


def require(
    scope: Scope | None = None,
    feature: Feature | None = None,
    claim_action: str | None = None,
) -> Callable[..., Awaitable[Principal]]:
    """A dependency that authenticates and applies the route's gates in the order of D4."""

    async def dependency(request: Request, uow: UowDep) -> Principal:
        principal = await authenticate(uow, request.headers.get("authorization"))
        await limit_per_token(request, uow)
        _gates(uow, principal, scope, feature, claim_action)
        return principal

    return dependency


async def read_with_gates(
    request: Request,
    uow: Uow,
    statement: Query,
    params: dict[str, Any],
    scope: Scope | None = None,
) -> tuple[Principal, list[Record]]:
    """`require(scope)` for a hot read whose data comes in the authentication's statement
    (`auth.repository.with_bearer`, one round trip): the same answers in the same order,
    then the data."""
    principal, rows = await authenticate_reading(
        uow, request.headers.get("authorization"), statement, params
    )
    await limit_per_token(request, uow)
    _gates(uow, principal, scope, None, None)
    return principal, rows


def _gates(
    uow: Uow,
    principal: Principal,
    scope: Scope | None,
    feature: Feature | None,
    claim_action: str | None,
) -> None:
    feature_on = feature is None or feature.value in principal.features
    if scope is not None and not covers(principal.scopes, scope):
        scopes = {"requiredScopes": [scope.value], "grantedScopes": list(principal.scopes)}
        if claim_action and not principal.claimed and feature_on and claim_grants(scope):
            # A pre-claim token lacks this scope only because nobody claimed the account:
            # the claim is the fix, so say so (with the scope details of D6 as well).
            raise _claim_required(uow, claim_action, scopes)
        raise Forbidden(f"This token lacks the {scope.value} scope.", scopes)
    if feature is not None and not feature_on:
        raise Forbidden(
            f"The {feature.value} feature is not enabled for this account.",
            {"featureKey": feature.value, "mode": FEATURE_OFF_MODE},
        )
    if claim_action is not None and not principal.claimed:
        raise _claim_required(uow, claim_action)


async def body(request: Request, model: type[M]) -> M:
    """Validates the JSON body after the gates (validation comes after auth in D4). The body is
    already in memory: BodyLimitMiddleware read and capped it before any transaction (D42)."""
    return validate(model, await request.body())


def respond(content: Any, status: int = 200) -> JSONResponse:
    return JSONAnswer(content, status_code=status)


def body_schema(model: type[Any]) -> dict[str, Any]:
    """OpenAPI request body for routes that read their body after the gates. Nested models
    are inlined: a `#/$defs/...` reference inside a request body is not resolvable by
    generators that read the document's components only."""
    schema = model.model_json_schema(by_alias=True)
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline_defs(schema)}},
        }
    }


def _inline_defs(schema: dict[str, Any]) -> dict[str, Any]:
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(dict(defs[ref.removeprefix("#/$defs/")]))
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved
