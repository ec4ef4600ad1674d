"""Plumbing for every human page: who is signed in, CSRF on forms, and HTML responses.

    @router.get("/trainer/things")
    async def things(request: Request, uow: UowDep, human: TrainerDep) -> HTMLResponse:
        return page(request, "things.html", human=human, things=...)

    @router.post("/trainer/things")
    async def act(request: Request, uow: UowDep, human: TrainerDep) -> Response:
        form = await read_form(request, human)   # CSRF checked; refused -> a 403 page
        ...

`HumanDep` redirects (303) to `/signin?next=<this page>` when nobody is signed in;
`TrainerDep` also shows a 403 page to a signed-in employer. Templates extend `base.html`
and put `{{ csrf_field() }}` in every POST form."""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from hirehall.api.deps import UowDep, runtime
from hirehall.api.forms import FormError, read_params
from hirehall.db.uow import Uow
from hirehall.humans import service as humans
from hirehall.humans.rules import (
    ANON_COOKIE,
    CODE_SEND_WINDOW_SECONDS,
    CODE_SENDS_PER_WINDOW,
    CSRF_FIELD,
    SESSION_COOKIE,
    SESSION_TTL,
    csrf_matches,
    csrf_token,
)
from hirehall.humans.service import Human
from hirehall.web.render import render

# Pages hold personal data and secrets in links: never cached, never framed, no Referer out.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


class SignInRequired(Exception):
    """Raised by HumanDep: answered with a redirect to the sign-in page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url
        super().__init__(next_url)


class PageError(Exception):
    """A page that cannot be shown (404, 403, 400 ...), rendered as an HTML page."""

    def __init__(self, status: int, heading: str, message: str, human: Human | None = None):
        self.status, self.heading, self.message, self.human = status, heading, message, human
        super().__init__(heading)


class CsrfRefused(PageError):
    def __init__(self, human: Human | None = None) -> None:
        super().__init__(
            403,
            "This form has expired",
            "The page was open too long, or you signed in or out in another tab. "
            "Go back, reload the page and send the form again.",
            human,
        )


def secure_cookies(request: Request) -> bool:
    return runtime(request).settings.public_url.startswith("https://")


def this_page(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def sign_in_url(next_url: str) -> str:
    return f"/signin?next={quote(next_url, safe='/')}"


async def current_human(request: Request, uow: UowDep) -> Human | None:
    """The signed-in human, or None. Cached per request, like every dependency."""
    cached: tuple[Human | None] | None = getattr(request.state, "human", None)
    if cached is not None:
        return cached[0]
    human = await humans.human_for(uow, request.cookies.get(SESSION_COOKIE))
    request.state.human = (human,)
    return human


async def require_human(request: Request, uow: UowDep) -> Human:
    human = await current_human(request, uow)
    if human is None:
        raise SignInRequired(this_page(request))
    return human


async def require_trainer(request: Request, uow: UowDep) -> Human:
    human = await require_human(request, uow)
    if not human.is_trainer:
        raise PageError(
            403,
            "This area is for AI trainers",
            f"You are signed in as {human.email}, which is not a trainer's account. "
            "Sign out and sign in with your trainer email.",
            human,
        )
    return human


OptionalHumanDep = Annotated[Human | None, Depends(current_human)]
HumanDep = Annotated[Human, Depends(require_human)]
TrainerDep = Annotated[Human, Depends(require_trainer)]


def _anon_binding(request: Request) -> str:
    """The visitor's hh_csrf value; a new one is made (and set by `page`) when missing."""
    value = request.cookies.get(ANON_COOKIE) or getattr(request.state, "new_anon", None)
    if not value or len(value) > 100:
        value = secrets.token_urlsafe(24)
        request.state.new_anon = value
    return f"anon:{value}"


def csrf_for(request: Request, human: Human | None) -> str:
    key = runtime(request).secret_key
    return csrf_token(key, human.session_id if human else _anon_binding(request))


async def read_form(request: Request, human: Human | None) -> dict[str, str]:
    """The posted form as text fields, after its CSRF token was checked against the session
    (or, before sign-in, the hh_csrf cookie). Unreadable bodies and non-text values are a
    400 page; a missing or wrong token a 403 page."""
    try:
        params = await read_params(request)
    except FormError as exc:
        raise PageError(400, "The form could not be read", str(exc), human) from exc
    form = {k: v for k, v in params.items() if isinstance(v, str)}
    key = runtime(request).secret_key
    if human is not None:
        binding = human.session_id
    else:
        cookie = request.cookies.get(ANON_COOKIE)
        if not cookie:
            raise CsrfRefused(None)
        binding = f"anon:{cookie}"
    if not csrf_matches(key, binding, form.get(CSRF_FIELD, "")):
        raise CsrfRefused(human)
    return form


def page(
    request: Request,
    template: str,
    *,
    human: Human | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Renders a template extending base.html, with `human`, `csrf` and `csrf_field()`."""
    token = csrf_for(request, human)
    field = Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">')
    html = render(template, human=human, csrf=token, csrf_field=lambda: field, **context)
    response = HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)
    new_anon = getattr(request.state, "new_anon", None)
    if new_anon:
        response.set_cookie(
            ANON_COOKIE,
            new_anon,
            httponly=True,
            samesite="lax",
            secure=secure_cookies(request),
            path="/",
        )
    return response


async def code_send_allowed(request: Request, uow: Uow, email: str) -> bool:
    """Whether a sign-in code may go to `email` now: every form that sends one (sign-in,
    claim, team join) shares one limit per address (D24)."""
    retry = await runtime(request).limiter.hit(
        f"signin-code:{email}",
        CODE_SENDS_PER_WINDOW,
        CODE_SEND_WINDOW_SECONDS,
        uow.now().timestamp(),
    )
    return retry is None


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=secure_cookies(request), path="/"
    )


def not_found(human: Human | None = None) -> PageError:
    return PageError(
        404,
        "Page not found",
        "There is nothing here, or it is not yours to see. Check the link you followed.",
        human,
    )


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return redirect(sign_in_url(exc.next_url))


async def _page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    return page(
        request,
        "page_error.html",
        human=exc.human,
        status=exc.status,
        heading=exc.heading,
        message=exc.message,
    )


def install_page_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(PageError, _page_error)
