"""Sign-in use cases: send a code, check it, open and close sessions (D24).

Results are values, not exceptions: a wrong code must be counted (committed) while the page
still answers with an error message. Nothing here tells whether an email has an account."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from hirehall.agents.rules import new_user_code, normalize_code, normalize_email, valid_code
from hirehall.core import ids
from hirehall.db.uow import Uow
from hirehall.humans import repository as humans
from hirehall.humans.rules import (
    CODE_TTL,
    PENDING,
    SESSION_TTL,
    code_hash,
    code_matches,
    session_hash,
)
from hirehall.outbox.service import record

SIGN_IN_KIND = "sign_in_code"


@dataclass(frozen=True)
class Human:
    """The signed-in human a page acts for."""

    user_id: str
    email: str
    user_type: str  # FREELANCER | EMPLOYER
    organization_id: str | None
    first_name: str
    session_id: str

    @property
    def is_trainer(self) -> bool:
        return self.user_type == "FREELANCER"


def _email_text(code: str) -> tuple[str, str]:
    minutes = int(CODE_TTL.total_seconds() // 60)
    body = (
        f"Your hirehall sign-in code: {code}\n\n"
        f"Enter it on the sign-in page. It works for {minutes} minutes, once.\n"
        "If you did not try to sign in, ignore this email: nobody can sign in without the code.\n"
    )
    return f"Your hirehall sign-in code: {code}", body


async def send_code(uow: Uow, email: str) -> None:
    """Records a new code for `email` in the outbox; earlier codes stop working. Callers
    decide whether the address may receive one (a user's, or a claim's)."""
    now = uow.now()
    code_id, code = ids.new_id(now), new_user_code()
    await humans.supersede_codes(uow.conn, email)
    await humans.insert_code(
        uow.conn,
        {
            "id": code_id,
            "email": email,
            "code_hash": code_hash(uow.secret_key, code_id, code),
            "status": PENDING,
            "wrong_codes": 0,
            "expires_at": now + CODE_TTL,
            "created_at": now,
        },
    )
    subject, body = _email_text(code)
    minutes = int(CODE_TTL.total_seconds() // 60)
    data = {"code": code, "expiresInMinutes": minutes}
    await record(uow, kind=SIGN_IN_KIND, to=email, subject=subject, body=body, data=data)


async def request_code(uow: Uow, email: str, *, allowed: bool = True) -> None:
    """The sign-in form: a code only for an active user's address (`allowed`: the per-email
    send limit was not reached). The caller answers the same in every case."""
    email = normalize_email(email)
    user = await humans.user_by_email(uow.conn, email)
    if allowed and user is not None and user.status == "ACTIVE":
        await send_code(uow, email)


async def check_code(uow: Uow, email: str, code: str) -> bool:
    """Spends the newest code of `email` when `code` is it (valid, in time, under 5 wrong
    tries); a wrong code counts against it."""
    email, code = normalize_email(email), normalize_code(code)
    row = await humans.latest_code(uow.conn, email)
    if row is None or row.status != PENDING or row.expires_at <= uow.now():
        return False
    if not valid_code(code) or not code_matches(uow.secret_key, row.id, code, row.code_hash):
        await humans.count_wrong_code(uow.conn, row.id)
        return False
    return await humans.use_code(uow.conn, row.id, uow.now())


async def open_session(uow: Uow, user_id: str) -> str:
    """A new session for the user; returns the cookie's secret (stored only hashed)."""
    now, token = uow.now(), secrets.token_urlsafe(32)
    await humans.insert_session(
        uow.conn,
        {
            "id": ids.new_id(now),
            "token_hash": session_hash(uow.secret_key, token),
            "user_id": user_id,
            "expires_at": now + SESSION_TTL,
            "created_at": now,
        },
    )
    return token


async def sign_in(uow: Uow, email: str, code: str) -> str | None:
    """The code form: the session secret, or None (wrong, spent or expired code, or no
    active user with that address: all look alike)."""
    email = normalize_email(email)
    user = await humans.user_by_email(uow.conn, email)
    if user is None or user.status != "ACTIVE":
        return None
    if not await check_code(uow, email, code):
        return None
    return await open_session(uow, user.user_id)


async def human_for(uow: Uow, token: str | None) -> Human | None:
    if not token or len(token) > 200:
        return None
    row = await humans.session_human(uow.conn, session_hash(uow.secret_key, token), uow.now())
    if row is None or row.email is None:
        return None
    return Human(
        user_id=row.user_id,
        email=row.email,
        user_type=row.user_type,
        organization_id=row.organization_id,
        first_name=row.first_name,
        session_id=row.session_id,
    )


async def sign_out(uow: Uow, token: str | None) -> None:
    if token:
        await humans.delete_session(uow.conn, session_hash(uow.secret_key, token))


async def end_all_sessions(uow: Uow, user_id: str) -> None:
    """Every browser of the user is signed out (e.g. its email changed)."""
    await humans.delete_user_sessions(uow.conn, user_id)


async def user_with_email(uow: Uow, email: str) -> str | None:
    row = await humans.user_by_email(uow.conn, normalize_email(email))
    return None if row is None else str(row.user_id)
