"""SQL about organizations and their users."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.auth.repository import BEARER_ORGANIZATION, BEARER_USER, Query, with_bearer
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


# `GET /auth/me`'s user and organization with the bearer's token, in one statement (issue 10).
_ME_WITH_BEARER = with_bearer(
    select(
        User.id,
        User.email,
        User.first_name,
        User.last_name,
        User.user_type,
        User.member_role,
        Organization.id.label("org_id"),
        Organization.owner_user_id.label("org_owner_user_id"),
        Organization.claimed.label("org_claimed"),
    )
    .join(Organization, Organization.id == BEARER_ORGANIZATION)
    .where(User.id == BEARER_USER)
)


def me_with_bearer() -> tuple[Query, dict[str, Any]]:
    """The bearer's user and organization, for `auth.service.authenticate_reading`."""
    return _ME_WITH_BEARER, {}


def user_and_organization(row: Record) -> tuple[Record, Record]:
    """A row of `me_with_bearer` as the user and the organization records."""
    org = SimpleNamespace(
        id=row.org_id, owner_user_id=row.org_owner_user_id, claimed=row.org_claimed
    )
    return row, org


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
