"""`POST /api/agent/oauth/token`: the agent's poll for its post-claim token (section 2.1.3).

The poll returns its error as a value instead of raising it: the unit of work rolls back on an
exception, and the poll time (for slow_down) must be kept whatever the answer."""

from __future__ import annotations

from typing import Any

from hirehall.accounts import repository as accounts_repo
from hirehall.agents import repository as claims
from hirehall.agents.rules import (
    FAILED,
    GRANT_TYPE,
    POLL_INTERVAL_SECONDS,
    attempt_state,
    keyed_hash,
    poll_too_soon,
)
from hirehall.auth.service import mint, revoke_every_token
from hirehall.core.errors import OAuthError
from hirehall.core.scopes import POST_CLAIM_SCOPES
from hirehall.db.uow import Uow

POST_CLAIM_TOKEN_NAME = "Agent token (claimed)"


def check_grant(grant_type: str | None, claim_token: str | None) -> None:
    if grant_type is None:
        raise OAuthError("invalid_request", "grant_type is required.")
    if grant_type != GRANT_TYPE:
        raise OAuthError("unsupported_grant_type", f"grant_type must be {GRANT_TYPE}.")
    if claim_token is None:
        raise OAuthError("invalid_request", "claim_token is required.")


async def poll(uow: Uow, *, claim_token: str) -> dict[str, Any] | OAuthError:
    claim = await claims.claim_by_hash(uow.conn, keyed_hash(uow.secret_key, claim_token))
    if claim is None:
        return OAuthError("invalid_grant", "Unknown claim_token.")
    if claim.delivered_at is not None:
        return OAuthError("invalid_grant", "The post-claim token was already delivered.")
    now = uow.now()
    # Every poll counts, a refused one too: a client that keeps polling too fast stays held.
    await claims.record_poll(uow.conn, claim.id, now)
    if poll_too_soon(claim.last_polled_at, now):
        return OAuthError("slow_down", f"Poll at most once every {POLL_INTERVAL_SECONDS} seconds.")
    if claim.approved_at is not None:
        return await _deliver(uow, claim)
    if claim.expires_at <= now:
        return OAuthError(
            "expired_token", "The 24-hour claim window closed; register a new identity."
        )
    return await _pending_or_expired(uow, claim.id)


async def _pending_or_expired(uow: Uow, claim_id: str) -> OAuthError:
    attempt = await claims.latest_attempt(uow.conn, claim_id)
    if attempt is None:
        return OAuthError(
            "authorization_pending",
            "No claim started yet: POST /api/agent/identity/claim with the human's email.",
        )
    state = attempt_state(attempt.status, attempt.expires_at, uow.now())
    if state in ("EXPIRED", FAILED):
        return OAuthError(
            "expired_token",
            "The claim attempt expired or failed; start a new one with "
            "POST /api/agent/identity/claim.",
        )
    return OAuthError("authorization_pending", "The human has not confirmed the code yet.")


async def _deliver(uow: Uow, claim: Any) -> dict[str, Any] | OAuthError:
    """Exactly one poll wins the conditional UPDATE; it revokes every token the account had
    (D43, including tokens a pre-claim token minted) and receives the post-claim token, which
    is never shown again."""
    if not await claims.take_delivery(uow.conn, claim.id, uow.now()):
        return OAuthError("invalid_grant", "The post-claim token was already delivered.")
    org = await accounts_repo.get_organization(uow.conn, claim.organization_id)
    assert org is not None  # the claim's foreign key keeps its organization
    await revoke_every_token(uow, claim.organization_id)
    access_token, _ = await mint(
        uow,
        organization_id=org.id,
        user_id=org.owner_user_id,
        scopes=list(POST_CLAIM_SCOPES),
        name=POST_CLAIM_TOKEN_NAME,
    )
    return {"access_token": access_token, "token_type": "bearer", "scopes": list(POST_CLAIM_SCOPES)}
