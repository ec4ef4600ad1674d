"""The claim page (`/claim?token=ot_cat_...`, D25): the human signs in with the claim's email
(a sign-in code goes to that mailbox), then types the agent's 6-digit code. Plain HTML
forms with CSRF tokens, no JavaScript."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from hirehall.agents import claiming
from hirehall.agents.claiming import ClaimPage
from hirehall.agents.rules import normalize_email
from hirehall.api.deps import UowDep
from hirehall.api.pages import (
    OptionalHumanDep,
    code_send_allowed,
    page,
    read_form,
    redirect,
    set_session_cookie,
)
from hirehall.humans.service import Human

router = APIRouter(include_in_schema=False)

_CLOSED: dict[str, tuple[str, str, str]] = {
    "EXPIRED": (
        "This claim link has expired",
        "Claim codes work for 30 minutes, and this one ran out.",
        "Ask your agent to start the claim again: you will get a new email with a new code.",
    ),
    "FAILED": (
        "Too many wrong codes",
        "This claim attempt is locked after 5 wrong codes.",
        "Ask your agent to start the claim again: you will get a new email with a new code.",
    ),
    "SUPERSEDED": (
        "A newer code was sent",
        "Your agent started the claim again, so this link no longer works.",
        "Use the link in the most recent email from hirehall.",
    ),
    "APPROVED": (
        "This account is already claimed",
        "Someone already confirmed this claim.",
        "If that was you, there is nothing more to do.",
    ),
    "EMAIL_TAKEN": (
        "This email already has an account",
        "An account with this email exists, so it cannot claim a second one.",
        "Ask your agent to start the claim again with another email address.",
    ),
}

_STATUS = {
    "signin": 200,
    "code_sent": 200,
    "form": 200,
    "done": 200,
    "closed": 410,
    "email_taken": 409,
    "unknown": 404,
}


def _render(
    request: Request,
    claim: ClaimPage,
    token: str | None,
    human: Human | None,
    status: int | None = None,
) -> Response:
    code = status or _STATUS[claim.view]
    common: dict[str, Any] = {"human": human, "status": code}
    if claim.view == "signin":
        return page(request, "claim_signin.html", claim=claim, token=token, **common)
    if claim.view == "code_sent":
        return page(
            request,
            "signin_code.html",
            email=claim.email,
            next="",
            error=claim.error,
            action="/claim/code",
            hidden={"token": token},
            restart=f"/claim?token={token}",
            **common,
        )
    if claim.view == "form":
        return page(request, "claim_form.html", claim=claim, token=token, **common)
    if claim.view == "done":
        return page(request, "claim_done.html", claim=claim, **common)
    if claim.view == "unknown":
        return page(request, "claim_info.html", unknown=True, **common)
    reason = "EMAIL_TAKEN" if claim.view == "email_taken" else claim.reason or "EXPIRED"
    heading, message, advice = _CLOSED[reason]
    return page(
        request,
        "claim_closed.html",
        claim=claim,
        heading=heading,
        message=message,
        advice=advice,
        **common,
    )


@router.get("/claim")
async def claim_page(
    request: Request,
    uow: UowDep,
    human: OptionalHumanDep,
    token: Annotated[str | None, Query()] = None,
) -> Response:
    """The claim page; without a token, how claiming works."""
    if not token:
        return page(request, "claim_info.html", human=human, unknown=False)
    return _render(request, await claiming.view(uow, token, human), token, human)


@router.post("/claim/signin")
async def claim_sign_in(request: Request, uow: UowDep, human: OptionalHumanDep) -> Response:
    """Step 1: the claim's email; a sign-in code goes to it."""
    form = await read_form(request, human)
    token, email = form.get("token", ""), normalize_email(form.get("email", ""))[:400]
    allowed = await code_send_allowed(request, uow, email)
    claim = await claiming.send_sign_in_code(uow, token, email, allowed=allowed)
    return _render(request, claim, token, human, 400 if claim.error else None)


@router.post("/claim/code")
async def claim_code(request: Request, uow: UowDep, human: OptionalHumanDep) -> Response:
    """Step 2: the sign-in code; the right one signs the claimant in."""
    form = await read_form(request, human)
    token = form.get("token", "")
    claim = await claiming.sign_in(uow, token, form.get("email", ""), form.get("code", "")[:40])
    if claim.view == "signed_in" and claim.session:
        response = redirect(f"/claim?token={token}")
        set_session_cookie(request, response, claim.session)
        return response
    return _render(request, claim, token, human, 400 if claim.error else None)


@router.post("/claim")
async def confirm_claim(request: Request, uow: UowDep, human: OptionalHumanDep) -> Response:
    """Step 3: the agent's code; a wrong code is counted and the form shown again."""
    form = await read_form(request, human)
    token = form.get("token", "")
    claim = await claiming.submit(uow, token, human, form.get("code", "")[:40])
    if claim.view == "signin":
        # Not signed in as the claimant: the user code alone never confirms (D25).
        return _render(request, claim, token, human, 403)
    # A refused form (wrong or missing code) is a 400 so that scripts can tell it from success.
    return _render(request, claim, token, human, 400 if claim.view == "form" else None)
