"""The join page's use cases (D41, D24): the invitee proves the invited mailbox with an
emailed sign-in code (a user is created for an address that has none, as the claim does),
then accepts on a CSRF-protected form and becomes a MEMBER.

Results are values, not exceptions: a wrong sign-in code must be counted (committed) while
the page still answers with an error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from hirehall.agents.rules import normalize_email
from hirehall.core import ids
from hirehall.core.hashing import keyed_hash
from hirehall.core.timefmt import iso
from hirehall.db.uow import Uow
from hirehall.humans import service as humans
from hirehall.humans.service import Human
from hirehall.team import repository as team
from hirehall.team.rules import ACCEPTED, EXPIRED, invite_state, plausible_token


@dataclass(frozen=True)
class JoinPage:
    """What to render. `view`: unknown | closed | signin | code_sent | form | done | refused |
    signed_in. `reason`: closed → EXPIRED | ACCEPTED; refused → TRAINER | OTHER_ORGANIZATION |
    INACTIVE. `session`: a new session's secret for the cookie (after the sign-in code)."""

    view: str
    organization_name: str | None = None
    email: str | None = None
    expires_at: str | None = None
    reason: str | None = None
    error: str | None = None
    session: str | None = None


class _Lost(Exception):
    """A concurrent request changed the invite or the user first: undo the savepoint."""


def _page(view: str, invite: Any, **extra: Any) -> JoinPage:
    return JoinPage(
        view,
        organization_name=invite.organization_name,
        email=extra.pop("email", invite.email),
        expires_at=iso(invite.expires_at),
        **extra,
    )


async def _invite(uow: Uow, token: str | None) -> Any:
    if not plausible_token(token):
        return None
    return await team.invite_by_hash(uow.conn, keyed_hash(uow.secret_key, token or ""))


def _signed_in_as_invitee(invite: Any, human: Human | None) -> bool:
    return human is not None and human.email == invite.email


async def view(uow: Uow, token: str | None, human: Human | None) -> JoinPage:
    invite = await _invite(uow, token)
    if invite is None:
        return JoinPage("unknown")
    return _view_of(uow, invite, human)


def _view_of(uow: Uow, invite: Any, human: Human | None) -> JoinPage:
    invitee = _signed_in_as_invitee(invite, human)
    if invitee and human is not None and human.organization_id == invite.organization_id:
        return _page("done", invite)
    state = invite_state(invite.status, invite.expires_at, uow.now())
    if state in (EXPIRED, ACCEPTED):
        return _page("closed", invite, reason=state)
    if not invitee or human is None:
        return _page("signin", invite, email=None)
    if human.is_trainer:
        return _page("refused", invite, reason="TRAINER")
    if human.organization_id is not None:
        return _page("refused", invite, reason="OTHER_ORGANIZATION")
    return _page("form", invite)


async def _open(uow: Uow, token: str | None) -> tuple[Any, JoinPage | None]:
    """The invite, or the page to show instead when nobody can sign in for it."""
    invite = await _invite(uow, token)
    if invite is None:
        return None, JoinPage("unknown")
    state = invite_state(invite.status, invite.expires_at, uow.now())
    if state in (EXPIRED, ACCEPTED):
        return invite, _page("closed", invite, reason=state)
    return invite, None


async def send_sign_in_code(uow: Uow, token: str | None, email: str, allowed: bool) -> JoinPage:
    """Step 1: a sign-in code to the invited address (the only one this page mails)."""
    invite, closed = await _open(uow, token)
    if closed is not None:
        return closed
    email = normalize_email(email)
    if email != invite.email:
        return _page(
            "signin",
            invite,
            email=email,
            error="Sign in with the email address this invitation was sent to.",
        )
    if allowed:
        await humans.send_code(uow, email)
    return _page("code_sent", invite)


async def sign_in(uow: Uow, token: str | None, email: str, code: str) -> JoinPage:
    """Step 2: the right code signs the invitee in; an address without a user gets one (an
    employer user of no organization, until the invitee accepts)."""
    invite, closed = await _open(uow, token)
    if closed is not None:
        return closed
    email = normalize_email(email)
    if email != invite.email or not await humans.check_code(uow, email, code):
        return _page(
            "code_sent",
            invite,
            email=email,
            error="That sign-in code is not right, or it no longer works. Codes work for "
            "10 minutes, and 5 wrong tries spend a code: ask for a new one if you need to.",
        )
    user = await _user_for(uow, email)
    if user.status != "ACTIVE":
        return _page("refused", invite, reason="INACTIVE")
    session = await humans.open_session(uow, user.id)
    return _page("signed_in", invite, session=session)


async def _user_for(uow: Uow, email: str) -> Any:
    user = await team.user_by_email(uow.conn, email)
    if user is not None:
        return user
    now = uow.now()
    try:
        async with uow.conn.begin_nested():
            await team.insert_user(
                uow.conn,
                {
                    "id": ids.new_id(now),
                    "user_type": "EMPLOYER",
                    "organization_id": None,
                    "member_role": None,
                    "email": email,
                    "first_name": email.split("@", 1)[0][:80],
                    "last_name": "",
                    "status": "ACTIVE",
                    "created_at": now,
                },
            )
    except IntegrityError:  # a concurrent sign-in created it first
        pass
    user = await team.user_by_email(uow.conn, email)
    assert user is not None
    return user


async def accept(uow: Uow, token: str | None, human: Human | None) -> JoinPage:
    """Step 3: the signed-in invitee accepts; the user joins and the invite is spent in one
    savepoint, each by a conditional UPDATE (exactly once, whatever the concurrency)."""
    invite = await _invite(uow, token)
    if invite is None:
        return JoinPage("unknown")
    page = _view_of(uow, invite, human)
    if page.view != "form" or human is None:
        return page
    now = uow.now()
    try:
        async with uow.conn.begin_nested():
            if not await team.add_member(uow.conn, human.user_id, invite.organization_id, now):
                raise _Lost
            if not await team.accept_invite(uow.conn, invite.id, human.user_id, now):
                raise _Lost
    except _Lost:
        return await _fresh_view(uow, invite, human)
    return _page("done", invite)


async def _fresh_view(uow: Uow, invite: Any, human: Human) -> JoinPage:
    fresh = await team.invite_by_hash(uow.conn, invite.token_hash)
    user = await team.user(uow.conn, human.user_id)
    if fresh is None or user is None:
        return JoinPage("unknown")
    now_human = Human(
        user_id=human.user_id,
        email=human.email,
        user_type=user.user_type,
        organization_id=user.organization_id,
        first_name=human.first_name,
        session_id=human.session_id,
    )
    return _view_of(uow, fresh, now_human)
