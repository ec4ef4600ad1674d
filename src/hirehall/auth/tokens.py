"""Use cases of `/tokens`: list, mint without escalation and within the cap, revoke by id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hirehall.accounts import service as accounts
from hirehall.auth import repository as tokens
from hirehall.auth.service import metadata, mint
from hirehall.core import ids
from hirehall.core.errors import BadRequest, Conflict, Forbidden, NotFound
from hirehall.core.principal import Principal
from hirehall.core.scopes import ALL_SCOPES, covers, unknown_scopes
from hirehall.core.timefmt import iso
from hirehall.db.uow import Uow

ACTIVE_TOKEN_LIMIT = 25  # decision D20


async def list_tokens(uow: Uow, principal: Principal) -> dict[str, Any]:
    rows = await tokens.list_for(uow.conn, principal.organization_id)
    records = [metadata(row, uow.now()) for row in rows]
    for record in records:
        if record["id"] == principal.token_id:  # its use by this very request counts
            record["lastUsedAt"] = iso(principal.last_used_at)
    return {"tokens": records}


def reject_unknown_scopes(wanted: list[str]) -> None:
    unknown = unknown_scopes(wanted)
    if unknown:
        raise BadRequest(
            "Unknown scopes.", {"unknownScopes": unknown, "supportedScopes": ALL_SCOPES}
        )


def _check_scopes(principal: Principal, wanted: list[str]) -> None:
    reject_unknown_scopes(wanted)
    escalated = [scope for scope in wanted if not covers(principal.scopes, scope)]
    if escalated:
        raise Forbidden(
            "A token cannot grant scopes its creator does not hold.",
            {"requiredScopes": escalated, "grantedScopes": list(principal.scopes)},
        )


def _check_expiry(expires_at: datetime | None, now: datetime) -> datetime | None:
    if expires_at is None:
        return None
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=UTC)
    if expires_at <= now:
        raise BadRequest(
            "expiresAt must be in the future.", {"field": "expiresAt", "now": iso(now)}
        )
    return expires_at


async def mint_for_caller(
    uow: Uow,
    principal: Principal,
    *,
    name: str,
    scopes: list[str] | None,
    expires_at: datetime | None,
) -> dict[str, Any]:
    wanted = list(dict.fromkeys(principal.scopes if scopes is None else scopes))
    _check_scopes(principal, wanted)
    expiry = _check_expiry(expires_at, uow.now())
    await accounts.lock_organization(uow, principal.organization_id)
    if (
        await tokens.count_active(uow.conn, principal.organization_id, uow.now())
        >= ACTIVE_TOKEN_LIMIT
    ):
        raise Conflict(
            "This account has the most active tokens it may have; revoke one first.",
            reason="token_limit_reached",
            limit=ACTIVE_TOKEN_LIMIT,
        )
    secret, meta = await mint(
        uow,
        organization_id=principal.organization_id,
        user_id=principal.user_id,
        scopes=wanted,
        name=name,
        expires_at=expiry,
    )
    return {"token": secret, "tokenType": "bearer", "metadata": meta}


async def revoke_by_id(uow: Uow, principal: Principal, token_id: str) -> dict[str, Any]:
    """Another account's token is a 404 like a missing one; revoking twice returns the record."""
    known = ids.looks_like_id(token_id)
    row = await tokens.get(uow.conn, principal.organization_id, token_id) if known else None
    if row is None:
        raise NotFound("Token not found.", {"tokenId": token_id})
    await tokens.revoke(uow.conn, principal.organization_id, token_id, uow.now())
    row = await tokens.get(uow.conn, principal.organization_id, token_id)
    return {"token": metadata(row, uow.now())}
