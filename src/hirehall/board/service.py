"""Use cases of the public, tokenless job board (spec 2.4.1-2.4.4)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from hirehall.board import repository as board
from hirehall.core import cursors, ids
from hirehall.core.errors import BadRequest, NotFound
from hirehall.core.timefmt import iso, parse_iso
from hirehall.db.uow import Uow
from hirehall.drafting.names import normalize_country, normalize_language
from hirehall.jobs.rules import PAYMENT_TYPES, PUBLISHED, job_view

MAX_CHANGES = 5000
MAX_TERMS = 12
MAX_ID_LENGTH = 64
_FACET_KEYS = {"category": "categories", "language": "languages", "country": "countries"}
_FACET_KEYS["payType"] = "payTypes"


class Unlisted(Exception):
    """The job exists but is not on the board: answered with the minimal 404 body."""

    def __init__(self, job_id: str) -> None:
        super().__init__(job_id)
        self.job_id = job_id


def _terms(q: str | None) -> list[str]:
    # Words only: the engines' query syntaxes differ, words mean the same in both.
    return re.findall(r"\w+", (q or "").lower())[:MAX_TERMS]


def _filters(language: str | None, country: str | None, pay_type: str | None) -> list[Any]:
    facets: list[tuple[str, str]] = []
    if pay_type is not None:
        if pay_type not in PAYMENT_TYPES:
            raise BadRequest(
                "payType must be one of PAY_PER_HOUR, FIXED_PRICE, PAY_PER_LABEL.",
                {"field": "payType", "supportedPayTypes": list(PAYMENT_TYPES)},
            )
        facets.append(("payType", pay_type))
    # Codes and names both work ("es", "Spanish"); an unknown value simply matches nothing.
    if language:
        facets.append(("language", normalize_language(language) or language.strip()))
    if country:
        facets.append(("country", normalize_country(country) or country.strip().upper()))
    return facets


def _after(cursor: str | None) -> tuple[datetime, str] | None:
    if cursor is None:
        return None
    published_at, job_id = cursors.decode(cursor, 2)
    try:
        return parse_iso(published_at), job_id
    except ValueError:
        raise BadRequest("The cursor is not one this API returned.", {"field": "cursor"}) from None


async def search(
    uow: Uow,
    *,
    q: str | None,
    language: str | None,
    country: str | None,
    pay_type: str | None,
    limit: str | None,
    cursor: str | None,
) -> dict[str, Any]:
    facets = _filters(language, country, pay_type)
    size = cursors.page_size(limit, default=25)
    rows = await board.search(
        uow.conn, terms=_terms(q), facets=facets, after=_after(cursor), limit=size + 1
    )
    page = rows[:size]
    next_cursor = None
    if len(rows) > size:
        next_cursor = cursors.encode(page[-1].published_at.isoformat(), page[-1].id)
    return {
        "jobs": [job_view(row, row.company_name, uow.settings.public_url) for row in page],
        "nextCursor": next_cursor,
        "generatedAt": iso(uow.now()),
    }


async def facets(uow: Uow) -> dict[str, Any]:
    lists: dict[str, list[dict[str, Any]]] = {key: [] for key in _FACET_KEYS.values()}
    for row in await board.facet_counts(uow.conn):
        lists[_FACET_KEYS[row.facet]].append({"value": row.value, "count": int(row.n)})
    return {"totalJobs": await board.open_count(uow.conn), **lists, "generatedAt": iso(uow.now())}


async def changes(uow: Uow, since: str | None) -> dict[str, Any]:
    if since is None or not since.strip():
        raise BadRequest("since is required (an ISO 8601 instant).", {"field": "since"})
    try:
        start = parse_iso(since)
    except ValueError:
        raise BadRequest("since must be an ISO 8601 instant.", {"field": "since"}) from None
    until = uow.now()
    rows = await board.changes(uow.conn, start, until, MAX_CHANGES) if start <= until else []
    if len(rows) == MAX_CHANGES:
        # Capped: end the window at the last change listed, so a client that passes `until`
        # as its next `since` misses nothing.
        until = rows[-1].occurred_at
    return {
        "since": iso(start),
        "until": iso(until),
        "changes": [
            {"jobId": r.job_id, "eventType": r.event_type, "occurredAt": iso(r.occurred_at)}
            for r in rows
        ],
        "generatedAt": iso(uow.now()),
    }


async def get(uow: Uow, job_id: str) -> dict[str, Any]:
    if not job_id.strip() or len(job_id) > MAX_ID_LENGTH:
        raise BadRequest("The job id must be 1 to 64 characters.", {"field": "id"})
    row = await board.get(uow.conn, job_id) if ids.looks_like_id(job_id) else None
    if row is None:
        raise NotFound("Job not found.", {"jobId": job_id})
    if row.status != PUBLISHED:
        raise Unlisted(job_id)
    return job_view(row, row.company_name, uow.settings.public_url)
