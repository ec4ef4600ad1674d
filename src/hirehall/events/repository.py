"""SQL of the event log. Statements are built once at import time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.auth.repository import BEARER_ORGANIZATION, Query, with_bearer
from hirehall.db.models import Event
from hirehall.db.types import Record

# PostgreSQL hands out sequence values at insert time but transactions commit in any order, so
# a reader could see id 11 committed before id 10 and move its cursor past 10 for good. Taking
# this transaction-scoped lock right before the insert makes event writers commit in id order
# (the lock is held until commit). SQLite already has a single writer at a time.
_SERIALIZE = text("SELECT pg_advisory_xact_lock(7340034)")
_INSERT = insert(Event).returning(Event.id)

_COLUMNS = (
    Event.id,
    Event.event_type,
    Event.resource_id,
    Event.job_id,
    Event.data,
    Event.created_at,
)


def _page(organization: Any) -> Query:
    return (
        select(*_COLUMNS)
        .where(Event.organization_id == organization, Event.id > bindparam("after"))
        .order_by(Event.id)
        .limit(bindparam("limit"))
    )


_PAGE = _page(bindparam("org"))
# The first page of every type with the bearer's token, in one statement (issue 10).
_PAGE_WITH_BEARER = with_bearer(_page(BEARER_ORGANIZATION), "id")
_PAGE_OF_TYPES = (
    select(*_COLUMNS)
    .where(
        Event.organization_id == bindparam("org"),
        Event.id > bindparam("after"),
        Event.event_type.in_(bindparam("types", expanding=True)),
    )
    .order_by(Event.id)
    .limit(bindparam("limit"))
)
_ALL_AFTER = (
    select(Event.organization_id, *_COLUMNS)
    .where(Event.id > bindparam("after"))
    .order_by(Event.id)
    .limit(bindparam("limit"))
)

_LATEST = select(func.max(Event.id))


async def serialize(conn: AsyncConnection) -> None:
    """Takes the event writers' lock now, until commit (PostgreSQL; re-taking it is free)."""
    if conn.dialect.name == "postgresql":
        await conn.execute(_SERIALIZE)


async def append(conn: AsyncConnection, values: dict[str, Any]) -> int:
    await serialize(conn)
    return int((await conn.execute(_INSERT, values)).scalar_one())


async def page_for_account(
    conn: AsyncConnection, organization_id: str, *, after: int, types: list[str] | None, limit: int
) -> list[Record]:
    """Oldest first; `types` None means every type (no filter at all, the common case)."""
    params: dict[str, Any] = {"org": organization_id, "after": after, "limit": limit}
    if types is None:
        return list((await conn.execute(_PAGE, params)).all())
    return list((await conn.execute(_PAGE_OF_TYPES, {**params, "types": types})).all())


def page_with_bearer(*, after: int, limit: int) -> tuple[Query, dict[str, Any]]:
    """`page_for_account` of every type, for the bearer's account, as a statement for
    `auth.service.authenticate_reading`."""
    return _PAGE_WITH_BEARER, {"after": after, "limit": limit}


async def all_after(conn: AsyncConnection, after: int, limit: int) -> list[Record]:
    """Every account's events after an id, oldest first (for a webhook worker)."""
    return list((await conn.execute(_ALL_AFTER, {"after": after, "limit": limit})).all())


async def latest_id(conn: AsyncConnection) -> int:
    """The largest event id committed so far (0 when there is none)."""
    return int((await conn.execute(_LATEST)).scalar() or 0)
