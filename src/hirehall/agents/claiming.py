"""The human side of the ceremony: what the claim page shows and what its form does.

Results are values, not exceptions: a wrong code must be counted (committed) while the page
still answers with an error message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from hirehall.agents import repository as claims
from hirehall.agents.rules import (
    ATTEMPT_TOKEN_PREFIX,
    FAILED,
    MAX_WRONG_CODES,
    PENDING,
    attempt_state,
    code_matches,
    keyed_hash,
    normalize_code,
    normalize_email,
    valid_code,
)
from hirehall.core.timefmt import iso
from hirehall.db.uow import Uow


@dataclass(frozen=True)
class ClaimPage:
    """What to render. `view`: form | closed | done | unknown | email_taken."""

    view: str
    agent_name: str | None = None
    organization_name: str | None = None
    reason: str | None = None  # closed: EXPIRED | FAILED | SUPERSEDED | APPROVED
    error: str | None = None
    tries_left: int | None = None
    email: str | None = None
    expires_at: str | None = None


def _page(view: str, attempt: Any, **extra: Any) -> ClaimPage:
    return ClaimPage(
        view,
        agent_name=attempt.agent_name,
        organization_name=attempt.organization_name,
        expires_at=iso(attempt.expires_at),
        **extra,
    )


async def _attempt(uow: Uow, token: str | None) -> Any:
    if not token or not token.startswith(ATTEMPT_TOKEN_PREFIX):
        return None
    return await claims.attempt_page(uow.conn, keyed_hash(uow.secret_key, token))


async def view(uow: Uow, token: str | None) -> ClaimPage:
    attempt = await _attempt(uow, token)
    if attempt is None:
        return ClaimPage("unknown")
    state = attempt_state(attempt.status, attempt.expires_at, uow.now())
    if state != PENDING:
        return _page("closed", attempt, reason=state)
    return _page("form", attempt, tries_left=MAX_WRONG_CODES - attempt.wrong_codes)


async def submit(uow: Uow, token: str | None, email: str, code: str) -> ClaimPage:
    page = await view(uow, token)
    if page.view != "form":
        return page
    attempt = await _attempt(uow, token)
    email, code = normalize_email(email), normalize_code(code)
    if not email or not valid_code(code):
        return _page(
            "form",
            attempt,
            error="Enter your email and the 6-digit code from the email.",
            tries_left=page.tries_left,
            email=email,
        )
    right = email == attempt.email and code_matches(
        uow.secret_key, attempt.id, code, attempt.code_hash
    )
    if not right:
        return await _wrong(uow, attempt, email)
    return await _confirm(uow, attempt)


async def _wrong(uow: Uow, attempt: Any, email: str) -> ClaimPage:
    counted = await claims.count_wrong_code(uow.conn, attempt.id)
    if counted is None:  # a concurrent request closed the attempt first
        return await view_by_row(uow, attempt)
    if counted.status == FAILED:
        return _page("closed", attempt, reason=FAILED)
    left = MAX_WRONG_CODES - counted.wrong_codes
    return _page(
        "form",
        attempt,
        error="That email and code do not match this claim. Check the email we sent.",
        tries_left=left,
        email=email,
    )


async def view_by_row(uow: Uow, attempt: Any) -> ClaimPage:
    fresh = await claims.attempt_page(uow.conn, attempt.token_hash)
    if fresh is None:
        return ClaimPage("unknown")
    state = attempt_state(fresh.status, fresh.expires_at, uow.now())
    return _page("closed", fresh, reason=state)


async def _confirm(uow: Uow, attempt: Any) -> ClaimPage:
    """Approves the attempt and claims the account in one savepoint, so an email taken
    meanwhile (unique constraint) leaves nothing half done."""
    now = uow.now()
    if await claims.email_taken(uow.conn, attempt.email):
        return _page("email_taken", attempt, email=attempt.email)
    try:
        async with uow.conn.begin_nested():
            if not await claims.approve_attempt(uow.conn, attempt.id, now):
                return await view_by_row(uow, attempt)
            await claims.approve_claim(uow.conn, attempt.claim_id, now)
            await claims.mark_claimed(
                uow.conn, attempt.organization_id, attempt.owner_user_id, attempt.email
            )
    except IntegrityError:
        return _page("email_taken", attempt, email=attempt.email)
    return _page("done", attempt, email=attempt.email)
