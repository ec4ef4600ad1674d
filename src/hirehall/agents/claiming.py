"""The human side of the ceremony (D25): what the claim page shows and what its forms do.

The human first signs in (D24) with exactly the claim's email, proving the mailbox: the
account's owner user takes that email at this point. Only then does the page take the
agent's `user_code`, linking the mailbox to the agent. `user_code` and the page link alone
(what the API handed the agent) never complete a claim.

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
from hirehall.humans import service as humans
from hirehall.humans.service import Human


@dataclass(frozen=True)
class ClaimPage:
    """What to render. `view`: signin | code_sent | form | closed | done | unknown |
    email_taken. `session`: a new session's secret for the cookie (after the sign-in code)."""

    view: str
    agent_name: str | None = None
    organization_name: str | None = None
    reason: str | None = None  # closed: EXPIRED | FAILED | SUPERSEDED | APPROVED
    error: str | None = None
    tries_left: int | None = None
    email: str | None = None
    expires_at: str | None = None
    session: str | None = None


def _page(view: str, attempt: Any, **extra: Any) -> ClaimPage:
    return ClaimPage(
        view,
        agent_name=attempt.agent_name,
        organization_name=attempt.organization_name,
        expires_at=iso(attempt.expires_at),
        **extra,
    )


async def _attempt(uow: Uow, token: str | None) -> Any:
    if not token or not token.startswith(ATTEMPT_TOKEN_PREFIX) or len(token) > 200:
        return None
    return await claims.attempt_page(uow.conn, keyed_hash(uow.secret_key, token))


def _is_claimant(attempt: Any, human: Human | None) -> bool:
    return (
        human is not None
        and human.user_id == attempt.owner_user_id
        and human.email == attempt.email
    )


async def _open(uow: Uow, token: str | None) -> tuple[Any, ClaimPage | None]:
    """The attempt, or the page to show instead when it cannot be acted on."""
    attempt = await _attempt(uow, token)
    if attempt is None:
        return None, ClaimPage("unknown")
    state = attempt_state(attempt.status, attempt.expires_at, uow.now())
    if state != PENDING:
        return attempt, _page("closed", attempt, reason=state)
    return attempt, None


async def view(uow: Uow, token: str | None, human: Human | None) -> ClaimPage:
    attempt, closed = await _open(uow, token)
    if closed is not None:
        return closed
    if not _is_claimant(attempt, human):
        return _page("signin", attempt)
    return _page("form", attempt, tries_left=MAX_WRONG_CODES - attempt.wrong_codes)


async def send_sign_in_code(uow: Uow, token: str | None, email: str, allowed: bool) -> ClaimPage:
    """Step 1: a sign-in code to the claim's email (the only address this page mails)."""
    attempt, closed = await _open(uow, token)
    if closed is not None:
        return closed
    email = normalize_email(email)
    if email != attempt.email:
        return _page(
            "signin",
            attempt,
            email=email,
            error="Sign in with the email address your agent gave for this claim.",
        )
    if allowed:
        await humans.send_code(uow, email)
    return _page("code_sent", attempt, email=email)


async def sign_in(uow: Uow, token: str | None, email: str, code: str) -> ClaimPage:
    """Step 2: the right sign-in code signs the claimant in as the account's owner, who
    takes the claim's email (D25: the user exists from here on)."""
    attempt, closed = await _open(uow, token)
    if closed is not None:
        return closed
    email = normalize_email(email)
    if email != attempt.email or not await humans.check_code(uow, email, code):
        return _page(
            "code_sent",
            attempt,
            email=email,
            error="That sign-in code is not right, or it no longer works. Codes work for "
            "10 minutes, and 5 wrong tries spend a code: ask for a new one if you need to.",
        )
    if await claims.email_taken(uow.conn, email, owner_user_id=attempt.owner_user_id):
        return _page("email_taken", attempt, email=email)
    try:
        async with uow.conn.begin_nested():
            taken = await claims.set_claimant_email(
                uow.conn, attempt.organization_id, attempt.owner_user_id, email
            )
    except IntegrityError:
        return _page("email_taken", attempt, email=email)
    if not taken:
        return await view_by_row(uow, attempt)
    # An earlier claimant (another email) may still be signed in as this owner.
    await humans.end_all_sessions(uow, attempt.owner_user_id)
    session = await humans.open_session(uow, attempt.owner_user_id)
    return _page("signed_in", attempt, email=email, session=session)


async def submit(uow: Uow, token: str | None, human: Human | None, code: str) -> ClaimPage:
    """Step 3: the signed-in claimant types the agent's `user_code`."""
    page = await view(uow, token, human)
    if page.view != "form":
        return page
    attempt = await _attempt(uow, token)
    code = normalize_code(code)
    if not valid_code(code):
        return _page(
            "form",
            attempt,
            error="Enter the 6-digit code your agent gave you.",
            tries_left=page.tries_left,
        )
    if not code_matches(uow.secret_key, attempt.id, code, attempt.code_hash):
        return await _wrong(uow, attempt)
    return await _confirm(uow, attempt)


async def _wrong(uow: Uow, attempt: Any) -> ClaimPage:
    counted = await claims.count_wrong_code(uow.conn, attempt.id)
    if counted is None:  # a concurrent request closed the attempt first
        return await view_by_row(uow, attempt)
    if counted.status == FAILED:
        return _page("closed", attempt, reason=FAILED)
    left = MAX_WRONG_CODES - counted.wrong_codes
    return _page(
        "form",
        attempt,
        error="That code does not match this claim. Check the code your agent gave you.",
        tries_left=left,
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
    if await claims.email_taken(uow.conn, attempt.email, owner_user_id=attempt.owner_user_id):
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
