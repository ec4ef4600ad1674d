"""SQL of webhook subscriptions and the operator's view of them. Every statement about a
subscription of the public API carries the caller's organization (another account's
webhook is missing)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import Webhook, WebhookAttempt, WebhookDelivery
from hirehall.db.types import Record
from hirehall.webhooks.rules import ACTIVE, DISABLED, FAILED, PENDING


async def count_for(conn: AsyncConnection, organization_id: str) -> int:
    stmt = (
        select(func.count()).select_from(Webhook).where(Webhook.organization_id == organization_id)
    )
    return int((await conn.execute(stmt)).scalar_one())


async def insert_webhook(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(Webhook).values(**values))


async def list_for(conn: AsyncConnection, organization_id: str) -> list[Record]:
    stmt = (
        select(Webhook)
        .where(Webhook.organization_id == organization_id)
        .order_by(Webhook.id.desc())
    )
    return list((await conn.execute(stmt)).all())


async def get_for(conn: AsyncConnection, organization_id: str, webhook_id: str) -> Record | None:
    stmt = select(Webhook).where(
        Webhook.organization_id == organization_id, Webhook.id == webhook_id
    )
    return (await conn.execute(stmt)).first()


async def delete_for(conn: AsyncConnection, organization_id: str, webhook_id: str) -> Record | None:
    """Deletes the subscription and (by cascade) its deliveries and attempts; returns the row
    as it was, or None when there was none (a concurrent delete got it)."""
    stmt = (
        delete(Webhook)
        .where(Webhook.organization_id == organization_id, Webhook.id == webhook_id)
        .returning(*Webhook.__table__.c)
    )
    return (await conn.execute(stmt)).first()


# The operator's view.


async def list_all(conn: AsyncConnection, organization_id: str | None) -> list[Record]:
    stmt = select(Webhook).order_by(Webhook.id.desc())
    if organization_id is not None:
        stmt = stmt.where(Webhook.organization_id == organization_id)
    return list((await conn.execute(stmt)).all())


async def get(conn: AsyncConnection, webhook_id: str) -> Record | None:
    return (await conn.execute(select(Webhook).where(Webhook.id == webhook_id))).first()


async def enable(conn: AsyncConnection, webhook_id: str, after_event_id: int) -> None:
    """Re-enables a DISABLED subscription from now on: failures forgotten, and only events
    after the current high-water mark are delivered (none from the disabled time)."""
    stmt = (
        update(Webhook)
        .where(Webhook.id == webhook_id, Webhook.status == DISABLED)
        .values(
            status=ACTIVE,
            consecutive_failures=0,
            disabled_at=None,
            disabled_reason=None,
            after_event_id=after_event_id,
        )
    )
    await conn.execute(stmt)


async def deliveries(conn: AsyncConnection, webhook_id: str, limit: int) -> list[Record]:
    stmt = (
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    return list((await conn.execute(stmt)).all())


async def attempts_of(conn: AsyncConnection, delivery_ids: list[str]) -> list[Record]:
    if not delivery_ids:
        return []
    stmt = (
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id.in_(delivery_ids))
        .order_by(WebhookAttempt.delivery_id, WebhookAttempt.id)
    )
    return list((await conn.execute(stmt)).all())


async def delivery(conn: AsyncConnection, delivery_id: str) -> Record | None:
    stmt = select(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
    return (await conn.execute(stmt)).first()


async def redeliver(conn: AsyncConnection, delivery_id: str, now: datetime) -> bool:
    """One more attempt now (a worker takes it at once), with no automatic retry after it.
    A lease in flight is replaced: that attempt's result is then not recorded."""
    stmt = (
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id)
        .values(status=PENDING, next_attempt_at=now, single_attempt=True, lease_token=None)
    )
    return bool((await conn.execute(stmt)).rowcount)


async def fail_pending(conn: AsyncConnection, webhook_ids: list[str]) -> None:
    """A disabled subscription's pending deliveries are FAILED (section 2.12.1)."""
    if not webhook_ids:
        return
    stmt = (
        update(WebhookDelivery)
        .where(WebhookDelivery.webhook_id.in_(webhook_ids), WebhookDelivery.status == PENDING)
        .values(status=FAILED, next_attempt_at=None, lease_token=None)
    )
    await conn.execute(stmt)
