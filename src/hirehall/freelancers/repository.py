"""SQL about trainers: a user row of type FREELANCER joined with its profile."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import FreelancerProfile, User
from hirehall.db.types import Record

# Columns of a trainer as the views read them; email is never selected.
TRAINER_COLUMNS = (
    User.first_name,
    User.last_name,
    User.status,
    *(c for c in FreelancerProfile.__table__.c),
)


def _trainers() -> Any:
    return select(*TRAINER_COLUMNS).join_from(
        User, FreelancerProfile, FreelancerProfile.user_id == User.id
    )


async def get(conn: AsyncConnection, id_or_slug: str) -> Record | None:
    stmt = _trainers().where(
        or_(FreelancerProfile.user_id == id_or_slug, FreelancerProfile.profile_slug == id_or_slug)
    )
    return (await conn.execute(stmt.limit(1))).first()


async def slug_exists(conn: AsyncConnection, slug: str) -> bool:
    stmt = select(func.count()).where(FreelancerProfile.profile_slug == slug)
    return bool((await conn.execute(stmt)).scalar_one())


async def slugs_like(conn: AsyncConnection, base: str) -> set[str]:
    stmt = select(FreelancerProfile.profile_slug).where(
        FreelancerProfile.profile_slug.like(f"{base}%")
    )
    return set((await conn.execute(stmt)).scalars())


async def insert_trainer(
    conn: AsyncConnection, user: dict[str, Any], profile: dict[str, Any]
) -> None:
    await conn.execute(insert(User).values(**user))
    await conn.execute(insert(FreelancerProfile).values(**profile))


async def update_trainer(
    conn: AsyncConnection, user_id: str, user: dict[str, Any], profile: dict[str, Any]
) -> None:
    if user:
        await conn.execute(update(User).where(User.id == user_id).values(**user))
    if profile:
        await conn.execute(
            update(FreelancerProfile).where(FreelancerProfile.user_id == user_id).values(**profile)
        )


async def page(
    conn: AsyncConnection,
    *,
    status: str | None,
    availability: str | None,
    before: str | None,
    limit: int,
) -> list[Record]:
    """Newest first (ids sort by creation time), for the operator (with the email, which
    only the operator's views carry)."""
    stmt = _trainers().add_columns(User.id, User.email)
    if status is not None:
        stmt = stmt.where(User.status == status)
    if availability is not None:
        stmt = stmt.where(FreelancerProfile.availability == availability)
    if before is not None:
        stmt = stmt.where(User.id < before)
    return list((await conn.execute(stmt.order_by(User.id.desc()).limit(limit))).all())


async def email_of(conn: AsyncConnection, user_id: str) -> str | None:
    """Only for the operator's view: the public views never select the email."""
    stmt = select(User.email).where(User.id == user_id)
    return (await conn.execute(stmt)).scalar_one_or_none()


async def email_used(conn: AsyncConnection, email: str, except_user_id: str | None) -> bool:
    stmt = select(User.id).where(User.email == email)
    if except_user_id is not None:
        stmt = stmt.where(User.id != except_user_id)
    return (await conn.execute(stmt.limit(1))).first() is not None
