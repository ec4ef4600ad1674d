"""Every SQL statement about tokens. The lookup by hash runs on every authenticated request, so
it is built once and joins the organization's claim state and flags in the same round trip."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, bindparam, func, insert, literal, select, true, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import ApiToken, Organization
from hirehall.db.types import Record

_BY_HASH = (
    select(
        ApiToken.id,
        ApiToken.name,
        ApiToken.organization_id,
        ApiToken.user_id,
        ApiToken.scopes,
        ApiToken.expires_at,
        ApiToken.revoked_at,
        ApiToken.last_used_at,
        Organization.claimed,
        Organization.features,
    )
    .join(Organization, Organization.id == ApiToken.organization_id)
    .where(ApiToken.token_hash == bindparam("digest"))
)

_TOUCH = (
    update(ApiToken)
    .where(ApiToken.id == bindparam("token_id"))
    .values(last_used_at=bindparam("now"))
)


# A hot read's data fetched with the bearer's token in one statement (issue 10): the lookup by
# hash as a CTE, which the read's query may use for the caller's organization or user.
_BEARER = _BY_HASH.cte("bearer")
BEARER_ORGANIZATION = select(_BEARER.c.organization_id).scalar_subquery()
BEARER_USER = select(_BEARER.c.user_id).scalar_subquery()
_PREFIX = "bearer_"


# Any read's query (SQLAlchemy's Select is generic over its row's columns).
Query = Select[*tuple[Any, ...]]


def with_bearer(query: Query, *order_by: str) -> Query:
    """`query` joined to the bearer's token row: no row when no token has the hash, else one
    row per row of `query` (or one row without data when it found none), in `order_by`
    (columns of `query`; a leading "-" for descending)."""
    found = query.add_columns(literal(1).label("found_row")).subquery("found")
    order = [
        found.c[name[1:]].desc() if name.startswith("-") else found.c[name] for name in order_by
    ]
    return (
        select(*(column.label(_PREFIX + column.name) for column in _BEARER.c), *found.c)
        .select_from(_BEARER.outerjoin(found, true()))
        .order_by(*order)
    )


async def find_by_hash_with(
    conn: AsyncConnection, digest: str, statement: Query, params: dict[str, Any]
) -> tuple[Record | None, list[Record]]:
    """A statement of `with_bearer`: the token row (as `find_by_hash` reads it) and the data."""
    rows = (await conn.execute(statement, {**params, "digest": digest})).all()
    if not rows:
        return None, []
    first = rows[0]._mapping
    token = SimpleNamespace(
        **{key.removeprefix(_PREFIX): first[key] for key in first if key.startswith(_PREFIX)}
    )
    return token, [row for row in rows if row.found_row is not None]


async def find_by_hash(conn: AsyncConnection, digest: str) -> Record | None:
    return (await conn.execute(_BY_HASH, {"digest": digest})).first()


async def touch(conn: AsyncConnection, token_id: str, now: datetime) -> None:
    await conn.execute(_TOUCH, {"token_id": token_id, "now": now})


async def insert_token(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(ApiToken).values(**values))


async def get(conn: AsyncConnection, organization_id: str, token_id: str) -> Record | None:
    stmt = select(ApiToken).where(
        ApiToken.id == token_id, ApiToken.organization_id == organization_id
    )
    return (await conn.execute(stmt)).first()


async def list_for(conn: AsyncConnection, organization_id: str) -> list[Record]:
    stmt = (
        select(ApiToken)
        .where(ApiToken.organization_id == organization_id)
        .order_by(ApiToken.id.desc())
    )
    return list((await conn.execute(stmt)).all())


async def count_active(conn: AsyncConnection, organization_id: str, now: datetime) -> int:
    stmt = select(func.count()).where(
        ApiToken.organization_id == organization_id,
        ApiToken.revoked_at.is_(None),
        (ApiToken.expires_at.is_(None)) | (ApiToken.expires_at > now),
    )
    return int((await conn.execute(stmt)).scalar_one())


async def revoke(conn: AsyncConnection, organization_id: str, token_id: str, now: datetime) -> None:
    await conn.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            ApiToken.organization_id == organization_id,
            ApiToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )


async def revoke_by_hash(conn: AsyncConnection, digest: str, now: datetime) -> None:
    await conn.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_organization_tokens(
    conn: AsyncConnection, organization_id: str, now: datetime
) -> None:
    await conn.execute(
        update(ApiToken)
        .where(ApiToken.organization_id == organization_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
