"""The claim page (`/claim?token=ot_cat_...`): the human confirms an agent's claim with the
email the agent named and the 6-digit code. Plain HTML forms, no JavaScript.

The form carries the unguessable `ot_cat_` token in a hidden field; a cross-site request
cannot know it, so it needs no separate CSRF token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from hirehall.agents import claiming
from hirehall.agents.claiming import ClaimPage
from hirehall.api.deps import UowDep
from hirehall.api.forms import FormError, read_params
from hirehall.web.render import render

router = APIRouter(include_in_schema=False)

# The link holds a secret: never cached, never sent on as a Referer, never framed.
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}

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

_STATUS = {"form": 200, "done": 200, "closed": 410, "email_taken": 409, "unknown": 404}


def _html(content: str, status: int) -> HTMLResponse:
    return HTMLResponse(content, status_code=status, headers=_HEADERS)


def _render(page: ClaimPage, token: str | None, status: int | None = None) -> HTMLResponse:
    code = status or _STATUS[page.view]
    if page.view == "form":
        return _html(render("claim_form.html", page=page, token=token), code)
    if page.view == "done":
        return _html(render("claim_done.html", page=page), code)
    if page.view == "unknown":
        return _html(render("claim_info.html", unknown=True), code)
    reason = "EMAIL_TAKEN" if page.view == "email_taken" else page.reason or "EXPIRED"
    heading, message, advice = _CLOSED[reason]
    context: dict[str, Any] = {"heading": heading, "message": message, "advice": advice}
    return _html(render("claim_closed.html", page=page, **context), code)


@router.get("/claim")
async def claim_page(uow: UowDep, token: Annotated[str | None, Query()] = None) -> HTMLResponse:
    """The claim page; without a token, how claiming works."""
    if not token:
        return _html(render("claim_info.html", unknown=False), 200)
    return _render(await claiming.view(uow, token), token)


@router.post("/claim")
async def confirm_claim(request: Request, uow: UowDep) -> HTMLResponse:
    """The claim form: email and code; a wrong code is counted and the form shown again."""
    try:
        form = await read_params(request)
    except FormError:
        return _html(render("claim_info.html", unknown=True), 400)
    token, email, code = (str(form.get(name) or "") for name in ("token", "email", "code"))
    page = await claiming.submit(uow, token, email, code)
    # A refused form (wrong or missing code) is a 400 so that scripts can tell it from success.
    return _render(page, token, 400 if page.view == "form" else None)
