"""Agent self-registration, claim start and revocation (sections 2.1.1, 2.1.2, 2.1.4)."""

from __future__ import annotations

from typing import Any

from hirehall.accounts import repository as accounts_repo
from hirehall.accounts import service as accounts
from hirehall.agents import repository as claims
from hirehall.agents.emails import claim_email
from hirehall.agents.rules import (
    ATTEMPT_SECONDS,
    ATTEMPT_TOKEN_PREFIX,
    ATTEMPT_TTL,
    CLAIM_TOKEN_PREFIX,
    CLAIM_WINDOW,
    GRANT_TYPE,
    IDENTITY_TYPE,
    PENDING,
    POLL_INTERVAL_SECONDS,
    code_hash,
    keyed_hash,
    new_secret,
    new_user_code,
    normalize_email,
    valid_email,
)
from hirehall.auth.service import mint, revoke_secret
from hirehall.core import ids
from hirehall.core.errors import OAuthError
from hirehall.core.scopes import PRE_CLAIM_SCOPES
from hirehall.core.timefmt import iso
from hirehall.db.uow import Uow
from hirehall.outbox.service import record

PRE_CLAIM_TOKEN_NAME = "Agent registration token"


def agent_urls(public_url: str) -> dict[str, str]:
    base = f"{public_url}/api/agent"
    return {
        "identity": f"{base}/identity",
        "claim": f"{base}/identity/claim",
        "token": f"{base}/oauth/token",
        "revoke": f"{base}/oauth/revoke",
        "claim_page": f"{public_url}/claim",
    }


def require_enabled(uow: Uow) -> None:
    if not uow.settings.agent_registration_enabled:
        raise OAuthError("anonymous_not_enabled", status=403)


async def register(
    uow: Uow, *, identity_type: str | None, agent_name: str | None, organization_name: str | None
) -> dict[str, Any]:
    """A new unclaimed organization, its owner (no email yet), a pre-claim token and a
    claim token valid 24 h."""
    require_enabled(uow)
    if (identity_type or IDENTITY_TYPE) != IDENTITY_TYPE:
        raise OAuthError("unsupported_identity_type", f'identity_type must be "{IDENTITY_TYPE}".')
    now = uow.now()
    account = await accounts.create(
        uow,
        name=organization_name or f"{agent_name or 'Agent'} organization",
        claimed=False,
        agent_name=agent_name,
    )
    access_token, _ = await mint(
        uow,
        organization_id=account["id"],
        user_id=account["ownerUserId"],
        scopes=list(PRE_CLAIM_SCOPES),
        name=PRE_CLAIM_TOKEN_NAME,
        pre_claim=True,
    )
    claim_token, claim_id = new_secret(CLAIM_TOKEN_PREFIX), ids.new_id(now)
    await claims.insert_claim(
        uow.conn,
        {
            "id": claim_id,
            "organization_id": account["id"],
            "token_hash": keyed_hash(uow.secret_key, claim_token),
            "expires_at": now + CLAIM_WINDOW,
            "last_polled_at": None,
            "approved_at": None,
            "delivered_at": None,
            "created_at": now,
        },
    )
    urls = agent_urls(uow.settings.public_url)
    return {
        "identity_type": IDENTITY_TYPE,
        "registration_id": claim_id,
        "access_token": access_token,
        "token_type": "bearer",
        "scopes": list(PRE_CLAIM_SCOPES),
        "claim_token": claim_token,
        "claim_token_expires_at": iso(now + CLAIM_WINDOW),
        "claim_endpoint": urls["claim"],
        "token_endpoint": urls["token"],
        "grant_type": GRANT_TYPE,
    }


async def _open_claim(uow: Uow, claim_token: str) -> Any:
    """The claim a start may use: known, not yet claimed, inside its 24 h window."""
    claim = await claims.claim_by_hash(uow.conn, keyed_hash(uow.secret_key, claim_token))
    if claim is None:
        raise OAuthError("invalid_request", "Unknown claim_token.")
    if claim.approved_at is not None:
        raise OAuthError("invalid_request", "This account has already been claimed.")
    if claim.expires_at <= uow.now():
        raise OAuthError(
            "invalid_request", "The claim window of this registration closed (24 hours)."
        )
    return claim


async def start_claim(uow: Uow, *, claim_token: str, email: str) -> dict[str, Any]:
    """A new attempt (code + page link) for that email; earlier attempts stop working."""
    require_enabled(uow)
    email = normalize_email(email)
    if not valid_email(email):
        raise OAuthError("invalid_request", "email is not a valid email address.")
    claim = await _open_claim(uow, claim_token)
    org = await accounts_repo.get_organization(uow.conn, claim.organization_id)
    assert org is not None  # the claim's foreign key keeps its organization
    # The owner may hold this email already: a claimant who signed in, then the agent
    # restarted the claim (D25).
    if await claims.email_taken(uow.conn, email, owner_user_id=org.owner_user_id):
        raise OAuthError(
            "invalid_request", "email_already_registered: this email already has an account."
        )
    await claims.supersede_pending(uow.conn, claim.id)
    now, attempt_id = uow.now(), ids.new_id(uow.now())
    page_token, code = new_secret(ATTEMPT_TOKEN_PREFIX), new_user_code()
    await claims.insert_attempt(
        uow.conn,
        {
            "id": attempt_id,
            "claim_id": claim.id,
            "token_hash": keyed_hash(uow.secret_key, page_token),
            "email": email,
            "code_hash": code_hash(uow.secret_key, attempt_id, code),
            "status": PENDING,
            "wrong_codes": 0,
            "expires_at": now + ATTEMPT_TTL,
            "approved_at": None,
            "created_at": now,
        },
    )
    verification_uri = f"{uow.settings.public_url}/claim?token={page_token}"
    mail = claim_email(org.agent_name, org.name, code, verification_uri, ATTEMPT_SECONDS)
    await record(uow, kind="claim_code", to=email, **mail)
    return {
        "user_code": code,
        "verification_uri": verification_uri,
        "expires_in": ATTEMPT_SECONDS,
        "interval": POLL_INTERVAL_SECONDS,
        "email_sent": True,
    }


async def revoke(uow: Uow, *, token: str) -> dict[str, Any]:
    """RFC 7009: always `{}`, known or not, so the answer reveals nothing."""
    await revoke_secret(uow, token)
    return {}


async def expire_due(uow: Uow, limit: int) -> int:
    """The worker's expiry of claim attempts (decision D40): pending attempts past their
    30 minutes become EXPIRED, as the page and the poll already read them."""
    return await claims.expire_attempts(uow.conn, uow.now(), limit)
