"""SQL about organizations and their users."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import Organization, User
from hirehall.db.types import Record


async def insert_organization(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(Organization).values(**values))


async def insert_user(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(User).values(**values))


async def get_organization(conn: AsyncConnection, organization_id: str) -> Record | None:
    stmt = select(Organization).where(Organization.id == organization_id)
    return (await conn.execute(stmt)).first()


async def update_organization(
    conn: AsyncConnection, organization_id: str, values: dict[str, Any]
) -> None:
    await conn.execute(
        update(Organization).where(Organization.id == organization_id).values(**values)
    )


async def get_user(conn: AsyncConnection, user_id: str) -> Record | None:
    return (await conn.execute(select(User).where(User.id == user_id))).first()


async def lock_organization(conn: AsyncConnection, organization_id: str) -> None:
    """Serializes writes that check a per-account count (PostgreSQL row lock; SQLite's write
    transactions are serialized already by BEGIN IMMEDIATE)."""
    stmt = select(Organization.id).where(Organization.id == organization_id).with_for_update()
    await conn.execute(stmt)


async def page(conn: AsyncConnection, *, before: str | None, limit: int) -> list[Record]:
    """Newest first (ids sort by creation time), with the owner's email."""
    stmt = select(Organization, User.email.label("owner_email")).outerjoin(
        User, User.id == Organization.owner_user_id
    )
    if before is not None:
        stmt = stmt.where(Organization.id < before)
    return list((await conn.execute(stmt.order_by(Organization.id.desc()).limit(limit))).all())


async def set_user_email(conn: AsyncConnection, user_id: str, email: str | None) -> None:
    await conn.execute(update(User).where(User.id == user_id).values(email=email))
