"""Webhook subscriptions of the public API (sections 2.12.1-2.12.4, decision D39)."""

from __future__ import annotations

from typing import Any

from hirehall.accounts import service as accounts
from hirehall.core import ids
from hirehall.core.errors import Conflict, Forbidden, NotFound
from hirehall.core.principal import Principal
from hirehall.core.scopes import covers
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.events import service as events
from hirehall.events.rules import EVENT_SCOPES
from hirehall.webhooks import repository as webhooks
from hirehall.webhooks.rules import ACTIVE, SECRET_MESSAGE, WEBHOOK_LIMIT, new_secret
from hirehall.webhooks.schemas import WebhookCreate
from hirehall.webhooks.sealing import seal


def view(row: Record) -> dict[str, Any]:
    """The contract's subscription object; the secret never appears."""
    return {
        "id": row.id,
        "url": row.url,
        "eventTypes": list(row.event_types),
        "status": row.status,
        "createdAt": iso(row.created_at),
        "disabledAt": iso(row.disabled_at),
        "disabledReason": row.disabled_reason,
    }


def _missing(webhook_id: str) -> NotFound:
    return NotFound("Webhook not found.", {"resource": "webhooks", "webhookId": webhook_id})


async def create(uow: Uow, principal: Principal, data: WebhookCreate) -> dict[str, Any]:
    """Each subscribed type needs its read scope (403 `requiredScopes`); the 11th
    subscription is a 409 (D20); the secret is returned this once."""
    types = list(dict.fromkeys(data.eventTypes))
    needed = [EVENT_SCOPES[kind].value for kind in types]
    missing = [scope for scope in dict.fromkeys(needed) if not covers(principal.scopes, scope)]
    if missing:
        raise Forbidden(
            "This token lacks the read scope of an event type it subscribes to.",
            {"requiredScopes": missing, "grantedScopes": list(principal.scopes)},
        )
    organization_id = principal.organization_id
    await accounts.lock_organization(uow, organization_id)  # the limit holds under concurrency
    if await webhooks.count_for(uow.conn, organization_id) >= WEBHOOK_LIMIT:
        raise Conflict(
            "This account has the most webhook subscriptions it may have; delete one first.",
            reason="webhook_limit_reached",
            limit=WEBHOOK_LIMIT,
        )
    secret = new_secret()
    webhook_id = ids.new_id(uow.now())
    values = {
        "id": webhook_id,
        "organization_id": organization_id,
        "url": data.url,
        "event_types": types,
        "status": ACTIVE,
        "secret_sealed": seal(uow.secret_key, secret),
        "consecutive_failures": 0,
        # No backfill: events after the current high-water mark only.
        "after_event_id": await events.high_water_mark(uow),
        "disabled_at": None,
        "disabled_reason": None,
        "created_at": uow.now(),
    }
    await webhooks.insert_webhook(uow.conn, values)
    row = await webhooks.get_for(uow.conn, organization_id, webhook_id)
    return {"webhook": view(row), "secret": secret, "message": SECRET_MESSAGE}


async def list_webhooks(uow: Uow, principal: Principal) -> dict[str, Any]:
    rows = await webhooks.list_for(uow.conn, principal.organization_id)
    return {"webhooks": [view(row) for row in rows]}


async def get(uow: Uow, principal: Principal, webhook_id: str) -> dict[str, Any]:
    row = None
    if ids.looks_like_id(webhook_id):
        row = await webhooks.get_for(uow.conn, principal.organization_id, webhook_id)
    if row is None:
        raise _missing(webhook_id)
    return {"webhook": view(row)}


async def delete(uow: Uow, principal: Principal, webhook_id: str) -> dict[str, Any]:
    """Permanent: its pending deliveries and its delivery history go with it."""
    row = None
    if ids.looks_like_id(webhook_id):
        row = await webhooks.delete_for(uow.conn, principal.organization_id, webhook_id)
    if row is None:
        raise _missing(webhook_id)
    return {"webhook": view(row), "deleted": True}
