"""Use cases of the event log: record an event in the caller's transaction, read the feed."""

from __future__ import annotations

from typing import Any

from hirehall.auth.repository import Query
from hirehall.core.cursors import page_size
from hirehall.core.errors import ApiError, Forbidden
from hirehall.core.json_text import encode
from hirehall.core.principal import Principal
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.events import repository as events
from hirehall.events.rules import (
    API_VERSION,
    DEFAULT_PAGE,
    EVENT_SCOPES,
    FEED_SCOPES,
    MAX_PAGE,
    parse_cursor,
    visible_types,
)
from hirehall.events.schemas import Event, Updates


async def record_event(
    uow: Uow,
    *,
    organization_id: str,
    event_type: str,
    resource_id: str,
    job_id: str | None,
    data: dict[str, Any],
) -> str:
    """Appends one event to the account's log in the caller's transaction; returns its id.
    `data` carries ids (and `status`), never content. Call it after the change it records,
    as late in the transaction as possible: on PostgreSQL it orders event writers."""
    if event_type not in EVENT_SCOPES:
        raise ValueError(f"unknown event type {event_type!r}: add it to events/rules.py")
    event_id = await events.append(
        uow.conn,
        {
            "organization_id": organization_id,
            "event_type": event_type,
            "resource_id": resource_id,
            "job_id": job_id,
            "data": data,
            "created_at": uow.now(),
        },
    )
    return str(event_id)


async def take_event_order(uow: Uow) -> None:
    """Takes now the lock that recording an event takes and holds until commit (PostgreSQL),
    for a use case that must lock its own rows after it: the lock order then stays the same
    whether or not the transaction recorded an event before (see ledger.service.post)."""
    await events.serialize(uow.conn)


def event_view(row: Record) -> Event:
    """An event as the feed shows it; a webhook delivery's body is exactly this (D34)."""
    return Event(
        id=str(row.id),
        type=row.event_type,
        apiVersion=API_VERSION,
        createdAt=iso(row.created_at) or "",
        resourceId=row.resource_id,
        jobId=row.job_id,
        data=row.data,
    )


def read_with_bearer(cursor: str | None, limit: str | None) -> tuple[Query, dict[str, Any]] | None:
    """The feed's page of every type as a statement with the bearer's authentication (one round
    trip, `api.deps.read_with_gates`); None when the cursor or the limit is bad: then the
    ordinary path answers, authentication first."""
    try:
        after, size = parse_cursor(cursor), page_size(limit, DEFAULT_PAGE, MAX_PAGE)
    except ApiError:
        return None
    return events.page_with_bearer(after=after, limit=size + 1)


async def updates(
    uow: Uow,
    principal: Principal,
    *,
    cursor: str | None,
    limit: str | None,
    prefetched: list[Record] | None = None,
) -> Updates:
    """The account's events after the cursor, oldest first, only the types the token's scopes
    show (the others are skipped silently). `prefetched`: the page of every type, read with
    the authentication (`read_with_bearer`); a token that sees fewer types reads its own."""
    types = visible_types(principal.scopes)
    if not types:
        raise Forbidden(
            "This token needs one of the proposals:read, messages:read or payments:read scopes.",
            {"requiredScopes": FEED_SCOPES, "grantedScopes": list(principal.scopes)},
        )
    size = page_size(limit, DEFAULT_PAGE, MAX_PAGE)
    after = parse_cursor(cursor)
    every_type = len(types) == len(EVENT_SCOPES)
    rows = (
        prefetched
        if prefetched is not None and every_type
        else await events.page_for_account(
            uow.conn,
            principal.organization_id,
            after=after,
            types=None if every_type else types,
            limit=size + 1,
        )
    )
    page = [event_view(row) for row in rows[:size]]
    return Updates(
        events=page,
        nextCursor=page[-1].id if page else cursor,
        hasMore=len(rows) > size,
    )


def event_json(row: Record) -> str:
    """The feed's JSON of one event, byte for byte as `GET /updates` writes it inside its
    `events` list (the API's one JSON writer): a webhook delivery's body (D34)."""
    return encode(event_view(row).model_dump()).decode("utf-8")


async def high_water_mark(uow: Uow) -> int:
    """The id of the newest event: a new webhook subscription hears what comes after it."""
    return await events.latest_id(uow.conn)


async def all_after(uow: Uow, after: int, limit: int) -> list[Record]:
    """Every account's events after an id, oldest first, with `organization_id`."""
    return await events.all_after(uow.conn, after, limit)
