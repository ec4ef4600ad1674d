"""SQL of webhook deliveries as the worker does them: fan-out of the event log into
deliveries, claiming due deliveries with a lease, recording attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import Webhook, WebhookAttempt, WebhookDelivery
from hirehall.db.types import Record
from hirehall.webhooks.rules import ACTIVE, DISABLED

_SUBSCRIBERS = select(
    Webhook.id, Webhook.organization_id, Webhook.event_types, Webhook.after_event_id
).where(
    Webhook.status == ACTIVE,
    Webhook.organization_id.in_(bindparam("orgs", expanding=True)),
)
_INSERT_ATTEMPTS = insert(WebhookAttempt)


async def subscribers(conn: AsyncConnection, organization_ids: list[str]) -> list[Record]:
    """The active subscriptions of these accounts."""
    return list((await conn.execute(_SUBSCRIBERS, {"orgs": organization_ids})).all())


async def add_deliveries(conn: AsyncConnection, rows: list[dict[str, Any]]) -> None:
    """One delivery per (subscription, event): a fan-out done twice adds nothing."""
    if not rows:
        return
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = dialect_insert(WebhookDelivery).on_conflict_do_nothing(
        index_elements=["webhook_id", "event_id"]
    )
    await conn.execute(stmt, rows)


async def claim(
    conn: AsyncConnection,
    *,
    now: datetime,
    lease_until: datetime,
    token: str,
    limit: int,
    per_webhook: int,
    busy: Sequence[str],
) -> list[Record]:
    """Claims up to `limit` due deliveries, at most `per_webhook` of one subscription
    (skipping the subscriptions in `busy`), with a lease, in one statement: PostgreSQL skips
    rows another worker holds, SQLite's single writer serialises claims. Returns them with
    their subscription's URL and sealed secret."""
    due = select(
        WebhookDelivery.id, WebhookDelivery.webhook_id, WebhookDelivery.next_attempt_at
    ).where(WebhookDelivery.next_attempt_at <= now)
    if busy:
        due = due.where(WebhookDelivery.webhook_id.not_in(list(busy)))
    locked = (
        due.order_by(WebhookDelivery.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    # The first `per_webhook` of each subscription; the others stay due (their row locks
    # end with this transaction).
    rank = func.row_number().over(
        partition_by=locked.c.webhook_id, order_by=(locked.c.next_attempt_at, locked.c.id)
    )
    ranked = select(locked.c.id, rank.label("n")).subquery()
    stmt = (
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(select(ranked.c.id).where(ranked.c.n <= per_webhook)))
        .values(next_attempt_at=lease_until, lease_token=token)
        .returning(WebhookDelivery.id)
    )
    ids = [row.id for row in await conn.execute(stmt)]
    if not ids:
        return []
    joined = (
        select(
            WebhookDelivery.id,
            WebhookDelivery.webhook_id,
            WebhookDelivery.event_type,
            WebhookDelivery.body,
            WebhookDelivery.attempt_count,
            WebhookDelivery.single_attempt,
            Webhook.url,
            Webhook.secret_sealed,
        )
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(WebhookDelivery.id.in_(ids))
        .order_by(WebhookDelivery.id)
    )
    return list((await conn.execute(joined)).all())


async def finish(
    conn: AsyncConnection,
    *,
    token: str,
    delivery_ids: list[str],
    status: str,
    next_attempt_at: datetime | None,
) -> list[str]:
    """Records one more attempt on deliveries still leased with `token`; returns those."""
    stmt = (
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(delivery_ids), WebhookDelivery.lease_token == token)
        .values(
            status=status,
            attempt_count=WebhookDelivery.attempt_count + 1,
            next_attempt_at=next_attempt_at,
            lease_token=None,
        )
        .returning(WebhookDelivery.id)
    )
    return [row.id for row in await conn.execute(stmt)]


async def add_attempts(conn: AsyncConnection, rows: list[dict[str, Any]]) -> None:
    if rows:
        await conn.execute(_INSERT_ATTEMPTS, rows)


async def set_failures(conn: AsyncConnection, webhook_id: str, count: int) -> None:
    stmt = update(Webhook).where(Webhook.id == webhook_id).values(consecutive_failures=count)
    await conn.execute(stmt)


async def add_failures(conn: AsyncConnection, webhook_id: str, count: int) -> None:
    stmt = (
        update(Webhook)
        .where(Webhook.id == webhook_id)
        .values(consecutive_failures=Webhook.consecutive_failures + count)
    )
    await conn.execute(stmt)


async def disable(
    conn: AsyncConnection,
    webhook_ids: list[str],
    *,
    reason: str,
    now: datetime,
    min_failures: int | None = None,
) -> list[str]:
    """Disables the ACTIVE ones of these subscriptions (those with at least `min_failures`
    consecutive failures, when given); returns the ids it disabled."""
    if not webhook_ids:
        return []
    stmt = update(Webhook).where(Webhook.id.in_(webhook_ids), Webhook.status == ACTIVE)
    if min_failures is not None:
        stmt = stmt.where(Webhook.consecutive_failures >= min_failures)
    stmt = stmt.values(status=DISABLED, disabled_at=now, disabled_reason=reason)
    return [row.id for row in await conn.execute(stmt.returning(Webhook.id))]
