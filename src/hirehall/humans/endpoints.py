"""The sign-in pages (D24): `/signin` (email, then the emailed code), `/signout`, and the
trainer's way in, `/trainer`. Plain HTML forms, no JavaScript; every POST carries CSRF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from hirehall.agents.rules import normalize_email, valid_email
from hirehall.api.deps import UowDep
from hirehall.api.pages import (
    HumanDep,
    OptionalHumanDep,
    clear_session_cookie,
    code_send_allowed,
    page,
    read_form,
    redirect,
    set_session_cookie,
)
from hirehall.humans import service
from hirehall.humans.rules import (
    SESSION_COOKIE,
    safe_next,
)

router = APIRouter(include_in_schema=False)

WRONG_CODE = (
    "That code is not right, or it no longer works. Codes work for 10 minutes, and 5 wrong "
    "tries spend a code: ask for a new one if you need to."
)


@router.get("/signin")
async def sign_in_page(
    request: Request, human: OptionalHumanDep, next: Annotated[str | None, Query()] = None
) -> Response:
    """The sign-in form: an email address."""
    target = safe_next(next)
    if human is not None:
        return redirect(target)
    return page(request, "signin_email.html", next=target)


@router.post("/signin")
async def send_code(request: Request, uow: UowDep, human: OptionalHumanDep) -> Response:
    """Sends a code when the address has an account; answers the same when it has not."""
    form = await read_form(request, human)
    target = safe_next(form.get("next"))
    email = normalize_email(form.get("email", ""))[:400]
    if not valid_email(email):
        error = "Enter your email address, like name@example.com."
        return page(request, "signin_email.html", status=400, next=target, email=email, error=error)
    await service.request_code(uow, email, allowed=await code_send_allowed(request, uow, email))
    return page(request, "signin_code.html", next=target, email=email)


@router.post("/signin/code")
async def check_code(request: Request, uow: UowDep, human: OptionalHumanDep) -> Response:
    """The code form: the right code opens a session and goes on to `next`."""
    form = await read_form(request, human)
    target = safe_next(form.get("next"))
    email = normalize_email(form.get("email", ""))[:400]
    token = await service.sign_in(uow, email, form.get("code", "")[:40])
    if token is None:
        return page(
            request,
            "signin_code.html",
            status=400,
            next=target,
            email=email,
            error=WRONG_CODE,
        )
    response = redirect(target)
    set_session_cookie(request, response, token)
    return response


@router.post("/signout")
async def sign_out(request: Request, uow: UowDep, human: OptionalHumanDep) -> Response:
    """Ends this browser's session (the row is deleted) and clears the cookie."""
    await read_form(request, human)
    await service.sign_out(uow, request.cookies.get(SESSION_COOKIE))
    response = redirect("/signin")
    clear_session_cookie(request, response)
    return response


@router.get("/account")
async def account_home(request: Request, human: HumanDep) -> Response:
    """Where signing in lands without a `next`: who you are, and where to go."""
    return page(request, "account.html", human=human)
