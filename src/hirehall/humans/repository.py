"""Every SQL statement of sign-in and sessions. A code is spent or counted by conditional
UPDATEs, so two concurrent requests cannot both use one code or both miss a wrong try."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import HumanSession, SignInCode, User
from hirehall.db.types import Record
from hirehall.humans.rules import FAILED, MAX_WRONG_CODES, PENDING, SUPERSEDED, USED

_HUMAN_COLUMNS = (
    User.id.label("user_id"),
    User.email,
    User.user_type,
    User.organization_id,
    User.first_name,
    User.status,
)


async def user_by_email(conn: AsyncConnection, email: str) -> Record | None:
    stmt = select(*_HUMAN_COLUMNS).where(User.email == email)
    return (await conn.execute(stmt)).first()


async def supersede_codes(conn: AsyncConnection, email: str) -> None:
    await conn.execute(
        update(SignInCode)
        .where(SignInCode.email == email, SignInCode.status == PENDING)
        .values(status=SUPERSEDED)
    )


async def insert_code(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(SignInCode).values(**values))


async def latest_code(conn: AsyncConnection, email: str) -> Record | None:
    stmt = (
        select(SignInCode).where(SignInCode.email == email).order_by(SignInCode.id.desc()).limit(1)
    )
    return (await conn.execute(stmt)).first()


async def count_wrong_code(conn: AsyncConnection, code_id: str) -> None:
    """One more wrong try; the code is spent (FAILED) at the fifth."""
    wrong = SignInCode.wrong_codes + 1
    await conn.execute(
        update(SignInCode)
        .where(SignInCode.id == code_id, SignInCode.status == PENDING)
        .values(
            wrong_codes=wrong,
            status=case((wrong >= MAX_WRONG_CODES, FAILED), else_=SignInCode.status),
        )
    )


async def use_code(conn: AsyncConnection, code_id: str, now: datetime) -> bool:
    """True for exactly one caller: the request that spends a valid code."""
    stmt = (
        update(SignInCode)
        .where(
            SignInCode.id == code_id,
            SignInCode.status == PENDING,
            SignInCode.expires_at > now,
        )
        .values(status=USED)
    )
    return (await conn.execute(stmt)).rowcount == 1


async def insert_session(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(HumanSession).values(**values))


async def session_human(conn: AsyncConnection, digest: str, now: datetime) -> Record | None:
    """The signed-in human of a live session of an active user."""
    stmt = (
        select(HumanSession.id.label("session_id"), *_HUMAN_COLUMNS)
        .join(User, User.id == HumanSession.user_id)
        .where(
            HumanSession.token_hash == digest,
            HumanSession.expires_at > now,
            User.status == "ACTIVE",
        )
    )
    return (await conn.execute(stmt)).first()


async def delete_session(conn: AsyncConnection, digest: str) -> None:
    await conn.execute(delete(HumanSession).where(HumanSession.token_hash == digest))


async def delete_user_sessions(conn: AsyncConnection, user_id: str) -> None:
    await conn.execute(delete(HumanSession).where(HumanSession.user_id == user_id))
