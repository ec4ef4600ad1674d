"""The join page (`/team/join?token=...`, D41): sign in with the invited email (D24: a
sign-in code goes to that mailbox), then accept. Plain HTML forms with CSRF, no JavaScript."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

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
from hirehall.team import joining
from hirehall.team.joining import JoinPage

router = APIRouter(include_in_schema=False)

_STATUS = {
    "unknown": 404,
    "closed": 410,
    "refused": 409,
    "signin": 200,
    "code_sent": 200,
    "form": 200,
    "done": 200,
}

_CLOSED = {
    "EXPIRED": (
        "This invitation has expired",
        "Invitations work for 7 days, and this one ran out.",
        "Ask the team that invited you to send a new invitation.",
    ),
    "ACCEPTED": (
        "This invitation was already used",
        "Someone already accepted this invitation.",
        "If that was you, sign in with that email: you are a member of the team.",
    ),
}

_REFUSED = {
    "TRAINER": (
        "A trainer account cannot join a team",
        "This email address belongs to an AI trainer's account, which cannot be a member of "
        "an employer's team.",
    ),
    "OTHER_ORGANIZATION": (
        "You are already in another team",
        "This email address is a member of another organization, and a user belongs to one "
        "organization only.",
    ),
    "INACTIVE": (
        "This account is not active",
        "The account of this email address is suspended or deactivated.",
    ),
}


def _render(
    request: Request, join: JoinPage, token: str, human: Human | None, status: int | None = None
) -> Response:
    common: dict[str, Any] = {"human": human, "status": status or _STATUS[join.view]}
    if join.view == "code_sent":
        return page(
            request,
            "signin_code.html",
            email=join.email,
            next="",
            error=join.error,
            action="/team/join/code",
            hidden={"token": token},
            restart=f"/team/join?token={token}",
            **common,
        )
    if join.view == "closed":
        heading, message, advice = _CLOSED[join.reason or "EXPIRED"]
        return page(
            request,
            "team_join_closed.html",
            join=join,
            heading=heading,
            message=message,
            advice=advice,
            **common,
        )
    if join.view == "refused":
        heading, message = _REFUSED[join.reason or "OTHER_ORGANIZATION"]
        return page(
            request,
            "team_join_closed.html",
            join=join,
            heading=heading,
            message=message,
            advice="",
            **common,
        )
    template = {
        "unknown": "team_join_unknown.html",
        "signin": "team_join_signin.html",
        "form": "team_join_form.html",
        "done": "team_join_done.html",
    }[join.view]
    return page(request, template, join=join, token=token, **common)


@router.get("/team/join")
async def join_page(
    request: Request,
    uow: UowDep,
    human: OptionalHumanDep,
    token: Annotated[str | None, Query()] = None,
) -> Response:
    """The join page of an invitation."""
    return _render(request, await joining.view(uow, token, human), token or "", human)


@router.post("/team/join/signin")
async def join_sign_in(request: Request, uow: UowDep, human: OptionalHumanDep) -> Response:
    """Step 1: the invited email; a sign-in code goes to it."""
    form = await read_form(request, human)
    token, email = form.get("token", ""), normalize_email(form.get("email", ""))[:400]
    allowed = await code_send_allowed(request, uow, email)
    join = await joining.send_sign_in_code(uow, token, email, allowed=allowed)
    return _render(request, join, token, human, 400 if join.error else None)


@router.post("/team/join/code")
async def join_code(request: Request, uow: UowDep, human: OptionalHumanDep) -> Response:
    """Step 2: the sign-in code; the right one signs the invitee in."""
    form = await read_form(request, human)
    token = form.get("token", "")
    join = await joining.sign_in(uow, token, form.get("email", ""), form.get("code", "")[:40])
    if join.view == "signed_in" and join.session:
        response = redirect(f"/team/join?token={token}")
        set_session_cookie(request, response, join.session)
        return response
    return _render(request, join, token, human, 400 if join.error else None)


@router.post("/team/join")
async def accept_invite(request: Request, uow: UowDep, human: OptionalHumanDep) -> Response:
    """Step 3: accept; the signed-in invitee becomes a MEMBER."""
    form = await read_form(request, human)
    token = form.get("token", "")
    join = await joining.accept(uow, token, human)
    if join.view == "signin":  # not signed in as the invitee: accepting needs the mailbox
        return _render(request, join, token, human, 403)
    return _render(request, join, token, human)
