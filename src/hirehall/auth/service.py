"""Use cases about tokens: authenticate a bearer, mint, describe, and who-am-I."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hirehall.auth import repository as tokens
from hirehall.auth.repository import Query
from hirehall.auth.rules import bearer, new_token, preview, token_hash, token_status
from hirehall.core import ids
from hirehall.core.errors import Unauthorized
from hirehall.core.principal import Principal
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.db.uow import Uow

# lastUsedAt is refreshed at most this often, so authenticating is not a write per request.
LAST_USED_GRANULARITY = timedelta(seconds=60)


async def authenticate(uow: Uow, authorization: str | None) -> Principal:
    row = await tokens.find_by_hash(uow.conn, _digest(uow, authorization))
    return await _principal(uow, row)


async def authenticate_reading(
    uow: Uow, authorization: str | None, statement: Query, params: dict[str, Any]
) -> tuple[Principal, list[Record]]:
    """`authenticate`, with a read's data in the same statement (`repository.with_bearer`):
    one round trip for a hot read. Its answers are `authenticate`'s; the data is the caller's
    to use once the gates passed."""
    row, data = await tokens.find_by_hash_with(
        uow.conn, _digest(uow, authorization), statement, params
    )
    return await _principal(uow, row), data


def _digest(uow: Uow, authorization: str | None) -> str:
    token = bearer(authorization)
    if token is None:
        raise Unauthorized("Missing bearer token.")
    return token_hash(uow.secret_key, token)


async def _principal(uow: Uow, row: Record | None) -> Principal:
    if row is None:
        raise Unauthorized("Invalid API token.")
    now = uow.now()
    status = token_status(row.revoked_at, row.expires_at, now)
    if status != "active":
        raise Unauthorized(f"This API token is {status}.")
    last_used = row.last_used_at
    if last_used is None or now - last_used >= LAST_USED_GRANULARITY:
        await _touch(uow, row.id)
        last_used = now
    return Principal(
        token_id=row.id,
        token_name=row.name,
        organization_id=row.organization_id,
        user_id=row.user_id,
        scopes=tuple(row.scopes),
        claimed=bool(row.claimed),
        features=frozenset(row.features or ()),
        last_used_at=last_used,
    )


async def _touch(uow: Uow, token_id: str) -> None:
    if uow.write:
        await tokens.touch(uow.conn, token_id, uow.now())
        return

    used_at = uow.now()  # the time of this request, as the caller was shown it

    async def later(writer: Uow) -> None:
        await tokens.touch(writer.conn, token_id, used_at)

    uow.deferred_writes.append(later)


async def revoke_secret(uow: Uow, token: str) -> None:
    """Revokes the token with this secret, if there is one (RFC 7009 says nothing either way)."""
    await tokens.revoke_by_hash(uow.conn, token_hash(uow.secret_key, token), uow.now())


async def revoke_every_token(uow: Uow, organization_id: str) -> None:
    """Decision D43: the claim ends every token the account had, whoever minted it."""
    await tokens.revoke_organization_tokens(uow.conn, organization_id, uow.now())


def metadata(row: Any, now: datetime) -> dict[str, Any]:
    """The contract's token record."""
    return {
        "id": row.id,
        "name": row.name,
        "preview": row.preview,
        "scopes": list(row.scopes),
        "status": token_status(row.revoked_at, row.expires_at, now),
        "organizationId": row.organization_id,
        "createdAt": iso(row.created_at),
        "lastUsedAt": iso(row.last_used_at),
        "expiresAt": iso(row.expires_at),
        "revokedAt": iso(row.revoked_at),
    }


async def mint(
    uow: Uow,
    *,
    organization_id: str,
    user_id: str,
    scopes: list[str],
    name: str = "API token",
    expires_at: datetime | None = None,
    pre_claim: bool = False,
    secret: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Creates a token; the secret is returned here once and never stored."""
    now = uow.now()
    secret = secret or new_token()
    values: dict[str, Any] = {
        "id": ids.new_id(now),
        "organization_id": organization_id,
        "user_id": user_id,
        "name": name,
        "token_hash": token_hash(uow.secret_key, secret),
        "preview": preview(secret),
        "scopes": scopes,
        "pre_claim": pre_claim,
        "created_at": now,
        "last_used_at": None,
        "expires_at": expires_at,
        "revoked_at": None,
    }
    await tokens.insert_token(uow.conn, values)
    return secret, metadata(_Record(values), now)


class _Record:
    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
