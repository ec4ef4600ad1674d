"""The operator's view of webhooks (admin-api.md "Webhooks and the worker"): every
subscription, a subscription's delivery log, redelivery and re-enabling."""

from __future__ import annotations

from typing import Any

from hirehall.core import ids
from hirehall.core.errors import NotFound
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.events import service as events
from hirehall.webhooks import repository as webhooks
from hirehall.webhooks.rules import DISABLED
from hirehall.webhooks.service import view

LOG_LIMIT = 100  # deliveries the log shows by default (newest first)


def admin_view(row: Record) -> dict[str, Any]:
    return {
        **view(row),
        "accountId": row.organization_id,
        "consecutiveFailures": row.consecutive_failures,
    }


async def list_all(uow: Uow, account_id: str | None) -> dict[str, Any]:
    rows = await webhooks.list_all(uow.conn, account_id)
    return {"webhooks": [admin_view(row) for row in rows]}


async def _webhook(uow: Uow, webhook_id: str) -> Record:
    row = await webhooks.get(uow.conn, webhook_id) if ids.looks_like_id(webhook_id) else None
    if row is None:
        raise NotFound("Webhook not found.", {"resource": "webhooks", "webhookId": webhook_id})
    return row


def delivery_view(row: Record, attempts: list[Record]) -> dict[str, Any]:
    return {
        "id": row.id,
        "eventId": str(row.event_id),
        "eventType": row.event_type,
        "status": row.status,
        "attempts": [
            {
                "at": iso(attempt.at),
                "statusCode": attempt.status_code,
                "durationMs": attempt.duration_ms,
                "error": attempt.error,
                "responseBody": attempt.response_body,
            }
            for attempt in attempts
        ],
        # A delivery a worker holds shows its lease's end: when it is tried again at the
        # latest if that worker dies.
        "nextAttemptAt": iso(row.next_attempt_at),
        "createdAt": iso(row.created_at),
    }


async def _with_attempts(uow: Uow, rows: list[Record]) -> list[dict[str, Any]]:
    attempts: dict[str, list[Record]] = {row.id: [] for row in rows}
    for attempt in await webhooks.attempts_of(uow.conn, list(attempts)):
        attempts[attempt.delivery_id].append(attempt)
    return [delivery_view(row, attempts[row.id]) for row in rows]


async def deliveries(uow: Uow, webhook_id: str, limit: int = LOG_LIMIT) -> dict[str, Any]:
    await _webhook(uow, webhook_id)
    rows = await webhooks.deliveries(uow.conn, webhook_id, limit)
    return {"deliveries": await _with_attempts(uow, rows)}


async def redeliver(uow: Uow, delivery_id: str) -> dict[str, Any]:
    """A new attempt now, with the same delivery id (the worker makes it)."""
    found = ids.looks_like_id(delivery_id) and await webhooks.redeliver(
        uow.conn, delivery_id, uow.now()
    )
    row = await webhooks.delivery(uow.conn, delivery_id) if found else None
    if row is None:
        raise NotFound("Delivery not found.", {"resource": "deliveries", "deliveryId": delivery_id})
    return {"delivery": (await _with_attempts(uow, [row]))[0]}


async def enable(uow: Uow, webhook_id: str) -> dict[str, Any]:
    """Re-enables a DISABLED subscription (an ACTIVE one is left as it is)."""
    row = await _webhook(uow, webhook_id)
    if row.status == DISABLED:
        await webhooks.enable(uow.conn, webhook_id, await events.high_water_mark(uow))
        row = await _webhook(uow, webhook_id)
    return {"webhook": admin_view(row)}
