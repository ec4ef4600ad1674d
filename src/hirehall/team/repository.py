"""Every SQL statement of team management. Membership changes and invite transitions are
conditional UPDATEs (or an upsert), so concurrent requests cannot both win."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import Organization, TeamInvite, User
from hirehall.db.types import Record
from hirehall.team.rules import ACCEPTED, EXPIRED, MEMBER, OWNER, PENDING


async def organization(conn: AsyncConnection, organization_id: str) -> Record | None:
    stmt = (
        select(
            Organization.id,
            Organization.name,
            Organization.owner_user_id,
            Organization.teams_enabled,
            User.first_name.label("owner_first_name"),
            User.last_name.label("owner_last_name"),
        )
        .outerjoin(User, User.id == Organization.owner_user_id)
        .where(Organization.id == organization_id)
    )
    return (await conn.execute(stmt)).first()


async def members(conn: AsyncConnection, organization_id: str) -> list[Record]:
    """The owner first, then members in the order they joined."""
    stmt = (
        select(User)
        .where(User.organization_id == organization_id, User.user_type == "EMPLOYER")
        .order_by(
            case((User.member_role == OWNER, 0), else_=1),
            func.coalesce(User.joined_at, User.created_at),
            User.id,
        )
    )
    return list((await conn.execute(stmt)).all())


async def pending_invites(
    conn: AsyncConnection, organization_id: str, now: datetime
) -> list[Record]:
    stmt = (
        select(TeamInvite)
        .where(
            TeamInvite.organization_id == organization_id,
            TeamInvite.status == PENDING,
            TeamInvite.expires_at > now,
        )
        .order_by(TeamInvite.created_at, TeamInvite.id)
    )
    return list((await conn.execute(stmt)).all())


async def user_by_email(conn: AsyncConnection, email: str) -> Record | None:
    stmt = select(
        User.id, User.user_type, User.organization_id, User.status, User.first_name
    ).where(User.email == email)
    return (await conn.execute(stmt)).first()


async def user(conn: AsyncConnection, user_id: str) -> Record | None:
    return (await conn.execute(select(User).where(User.id == user_id))).first()


async def insert_user(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(User).values(**values))


async def add_member(
    conn: AsyncConnection, user_id: str, organization_id: str, now: datetime
) -> bool:
    """True when this call made the employer user (of no organization) a MEMBER."""
    stmt = (
        update(User)
        .where(
            User.id == user_id,
            User.user_type == "EMPLOYER",
            User.organization_id.is_(None),
        )
        .values(organization_id=organization_id, member_role=MEMBER, joined_at=now)
    )
    return (await conn.execute(stmt)).rowcount == 1


async def upsert_invite(conn: AsyncConnection, values: dict[str, Any]) -> str | None:
    """Creates the organization's invite for the email, or refreshes the existing one (new
    token, times and inviter; PENDING again). An ACCEPTED invite is left alone: None."""
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = dialect_insert(TeamInvite).values(**values)
    refreshed = {
        key: stmt.excluded[key]
        for key in ("token_hash", "status", "invited_by_user_id", "created_at", "expires_at")
    }
    upsert = stmt.on_conflict_do_update(
        index_elements=["organization_id", "email"],
        set_=refreshed,
        where=TeamInvite.status != ACCEPTED,
    ).returning(TeamInvite.id)
    return (await conn.execute(upsert)).scalar()


async def invite_by_hash(conn: AsyncConnection, digest: str) -> Record | None:
    stmt = (
        select(TeamInvite, Organization.name.label("organization_name"))
        .join(Organization, Organization.id == TeamInvite.organization_id)
        .where(TeamInvite.token_hash == digest)
    )
    return (await conn.execute(stmt)).first()


async def accept_invite(conn: AsyncConnection, invite_id: str, user_id: str, now: datetime) -> bool:
    """True for exactly one caller: the one that accepted a live PENDING invite."""
    stmt = (
        update(TeamInvite)
        .where(
            TeamInvite.id == invite_id,
            TeamInvite.status == PENDING,
            TeamInvite.expires_at > now,
        )
        .values(status=ACCEPTED, accepted_user_id=user_id, accepted_at=now)
    )
    return (await conn.execute(stmt)).rowcount == 1


async def settle_pending(
    conn: AsyncConnection, organization_id: str, email: str, user_id: str, now: datetime
) -> None:
    """The address became a member another way: its pending invite is spent."""
    await conn.execute(
        update(TeamInvite)
        .where(
            TeamInvite.organization_id == organization_id,
            TeamInvite.email == email,
            TeamInvite.status == PENDING,
        )
        .values(status=ACCEPTED, accepted_user_id=user_id, accepted_at=now)
    )


async def expire_due(conn: AsyncConnection, now: datetime, limit: int) -> int:
    """Two statements: PostgreSQL may run an `IN (SELECT ... LIMIT n)` subquery more than once
    and so update more than n rows."""
    due = (
        select(TeamInvite.id)
        .where(TeamInvite.status == PENDING, TeamInvite.expires_at <= now)
        .order_by(TeamInvite.expires_at, TeamInvite.id)
        .limit(limit)
    )
    if conn.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    chosen = list((await conn.execute(due)).scalars())
    if not chosen:
        return 0
    stmt = (
        update(TeamInvite)
        .where(TeamInvite.id.in_(chosen), TeamInvite.status == PENDING)
        .values(status=EXPIRED)
    )
    return int((await conn.execute(stmt)).rowcount)
