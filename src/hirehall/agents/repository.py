"""Every SQL statement of the claim ceremony. State changes are conditional UPDATEs, so two
concurrent requests cannot both approve an attempt or both receive the post-claim token."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.agents.rules import EXPIRED, MAX_WRONG_CODES, PENDING, SUPERSEDED
from hirehall.db.models import AgentClaim, ClaimAttempt, Organization, User
from hirehall.db.types import Record


async def insert_claim(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(AgentClaim).values(**values))


async def insert_attempt(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(ClaimAttempt).values(**values))


async def claim_by_hash(conn: AsyncConnection, digest: str) -> Record | None:
    stmt = select(AgentClaim).where(AgentClaim.token_hash == digest)
    return (await conn.execute(stmt)).first()


async def latest_attempt(conn: AsyncConnection, claim_id: str) -> Record | None:
    stmt = (
        select(ClaimAttempt)
        .where(ClaimAttempt.claim_id == claim_id)
        .order_by(ClaimAttempt.id.desc())
        .limit(1)
    )
    return (await conn.execute(stmt)).first()


async def attempt_page(conn: AsyncConnection, digest: str) -> Record | None:
    """An attempt by its page token, with what the page shows about the account."""
    stmt = (
        select(
            ClaimAttempt,
            AgentClaim.organization_id,
            Organization.name.label("organization_name"),
            Organization.agent_name,
            Organization.owner_user_id,
        )
        .join(AgentClaim, AgentClaim.id == ClaimAttempt.claim_id)
        .join(Organization, Organization.id == AgentClaim.organization_id)
        .where(ClaimAttempt.token_hash == digest)
    )
    return (await conn.execute(stmt)).first()


async def supersede_pending(conn: AsyncConnection, claim_id: str) -> None:
    await conn.execute(
        update(ClaimAttempt)
        .where(ClaimAttempt.claim_id == claim_id, ClaimAttempt.status == PENDING)
        .values(status=SUPERSEDED)
    )


async def count_wrong_code(conn: AsyncConnection, attempt_id: str) -> Record | None:
    """One more wrong code; the attempt turns FAILED at the fifth. None: no longer PENDING."""
    wrong = ClaimAttempt.wrong_codes + 1
    stmt = (
        update(ClaimAttempt)
        .where(ClaimAttempt.id == attempt_id, ClaimAttempt.status == PENDING)
        .values(
            wrong_codes=wrong,
            status=case((wrong >= MAX_WRONG_CODES, "FAILED"), else_=ClaimAttempt.status),
        )
        .returning(ClaimAttempt.wrong_codes, ClaimAttempt.status)
    )
    return (await conn.execute(stmt)).first()


async def approve_attempt(conn: AsyncConnection, attempt_id: str, now: datetime) -> bool:
    stmt = (
        update(ClaimAttempt)
        .where(
            ClaimAttempt.id == attempt_id,
            ClaimAttempt.status == PENDING,
            ClaimAttempt.expires_at > now,
        )
        .values(status="APPROVED", approved_at=now)
    )
    return (await conn.execute(stmt)).rowcount == 1


async def approve_claim(conn: AsyncConnection, claim_id: str, now: datetime) -> None:
    await conn.execute(
        update(AgentClaim)
        .where(AgentClaim.id == claim_id, AgentClaim.approved_at.is_(None))
        .values(approved_at=now)
    )


async def mark_claimed(
    conn: AsyncConnection, organization_id: str, owner_user_id: str, email: str
) -> None:
    await conn.execute(update(User).where(User.id == owner_user_id).values(email=email))
    await conn.execute(
        update(Organization).where(Organization.id == organization_id).values(claimed=True)
    )


async def email_taken(conn: AsyncConnection, email: str, owner_user_id: str | None = None) -> bool:
    """Whether another user than the claimed account's own owner has this email."""
    stmt = select(User.id).where(User.email == email)
    if owner_user_id is not None:
        stmt = stmt.where(User.id != owner_user_id)
    return (await conn.execute(stmt.limit(1))).first() is not None


async def set_claimant_email(
    conn: AsyncConnection, organization_id: str, owner_user_id: str, email: str
) -> bool:
    """The unclaimed account's owner takes the email the claimant proved (D25); False when
    the account was claimed meanwhile."""
    claimed = select(Organization.id).where(
        Organization.id == organization_id, Organization.claimed.is_(False)
    )
    stmt = update(User).where(User.id == owner_user_id, claimed.exists()).values(email=email)
    return (await conn.execute(stmt)).rowcount == 1


async def record_poll(conn: AsyncConnection, claim_id: str, now: datetime) -> None:
    await conn.execute(
        update(AgentClaim).where(AgentClaim.id == claim_id).values(last_polled_at=now)
    )


async def take_delivery(conn: AsyncConnection, claim_id: str, now: datetime) -> bool:
    """True for exactly one caller: the poll that delivers the post-claim token."""
    stmt = (
        update(AgentClaim)
        .where(
            AgentClaim.id == claim_id,
            AgentClaim.approved_at.is_not(None),
            AgentClaim.delivered_at.is_(None),
        )
        .values(delivered_at=now)
    )
    return (await conn.execute(stmt)).rowcount == 1


async def expire_attempts(conn: AsyncConnection, now: datetime, limit: int) -> int:
    """Marks up to `limit` PENDING attempts past their time EXPIRED (the worker's expiry;
    rows another worker holds are skipped, and the UPDATE re-checks the state)."""
    due = (
        select(ClaimAttempt.id)
        .where(ClaimAttempt.status == PENDING, ClaimAttempt.expires_at <= now)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    stmt = (
        update(ClaimAttempt)
        .where(ClaimAttempt.id.in_(due), ClaimAttempt.status == PENDING)
        .values(status=EXPIRED)
    )
    return int((await conn.execute(stmt)).rowcount or 0)
