"""Every SQL statement of the payments domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import Invoice, PaymentCard, PaymentCounter, TopUp
from hirehall.db.types import Record

_CARD = select(PaymentCard).where(PaymentCard.organization_id == bindparam("org"))


def _upsert(conn: AsyncConnection) -> Any:
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


async def card(conn: AsyncConnection, organization_id: str) -> Record | None:
    return (await conn.execute(_CARD, {"org": organization_id})).first()


async def put_card(conn: AsyncConnection, values: dict[str, Any]) -> None:
    """Puts the card on file, replacing the one there (one statement, no read first)."""
    stmt = _upsert(conn)(PaymentCard).values(**values)
    changes = {k: stmt.excluded[k] for k in ("brand", "last4", "behaviour", "created_at")}
    await conn.execute(stmt.on_conflict_do_update(index_elements=["organization_id"], set_=changes))


async def remove_card(conn: AsyncConnection, organization_id: str) -> bool:
    result = await conn.execute(
        delete(PaymentCard).where(PaymentCard.organization_id == organization_id)
    )
    return bool(result.rowcount)


# ---- top-ups -------------------------------------------------------------------------------


async def insert_top_up(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(TopUp).values(**values))


async def top_up(conn: AsyncConnection, top_up_id: str) -> Record | None:
    return (await conn.execute(select(TopUp).where(TopUp.id == top_up_id))).first()


async def complete_top_up(
    conn: AsyncConnection, top_up_id: str, now: datetime, payment_intent_id: str
) -> bool:
    """PENDING -> COMPLETED while not expired, exactly once whatever the concurrency."""
    stmt = (
        update(TopUp)
        .where(TopUp.id == top_up_id, TopUp.status == "PENDING", TopUp.expires_at > now)
        .values(status="COMPLETED", completed_at=now, payment_intent_id=payment_intent_id)
        .returning(TopUp.id)
    )
    return (await conn.execute(stmt)).first() is not None


async def set_top_up_entry(conn: AsyncConnection, top_up_id: str, entry_id: str) -> None:
    await conn.execute(update(TopUp).where(TopUp.id == top_up_id).values(ledger_entry_id=entry_id))


async def expire_top_up(conn: AsyncConnection, top_up_id: str, now: datetime) -> None:
    await conn.execute(
        update(TopUp)
        .where(TopUp.id == top_up_id, TopUp.status == "PENDING", TopUp.expires_at <= now)
        .values(status="EXPIRED")
    )


async def expire_due_top_ups(conn: AsyncConnection, now: datetime, limit: int) -> int:
    """Marks up to `limit` pending top-ups past their expiry EXPIRED; returns how many."""
    due = (
        select(TopUp.id)
        .where(TopUp.status == "PENDING", TopUp.expires_at <= now)
        .order_by(TopUp.expires_at)
        .limit(limit)
    )
    if conn.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = [row.id for row in (await conn.execute(due)).all()]
    if not ids:
        return 0
    result = await conn.execute(
        update(TopUp)
        .where(TopUp.id.in_(ids), TopUp.status == "PENDING", TopUp.expires_at <= now)
        .values(status="EXPIRED")
    )
    return int(result.rowcount or 0)


# ---- invoices ------------------------------------------------------------------------------


async def next_number(conn: AsyncConnection, name: str, start: int) -> int:
    """The counter's next value, taken in one UPDATE (the row lock orders concurrent takers)."""
    stmt = _upsert(conn)(PaymentCounter).values(name=name, value=start)
    await conn.execute(stmt.on_conflict_do_nothing(index_elements=["name"]))
    taken = (
        update(PaymentCounter)
        .where(PaymentCounter.name == name)
        .values(value=PaymentCounter.value + 1)
        .returning(PaymentCounter.value)
    )
    return int((await conn.execute(taken)).scalar_one())


async def insert_invoice(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(Invoice).values(**values))


async def invoice(conn: AsyncConnection, organization_id: str, invoice_id: str) -> Record | None:
    stmt = select(Invoice).where(
        Invoice.id == invoice_id, Invoice.organization_id == organization_id
    )
    return (await conn.execute(stmt)).first()


async def mark_paid(
    conn: AsyncConnection, organization_id: str, invoice_id: str, now: datetime, intent: str
) -> bool:
    """PENDING_FUNDING -> PAID, exactly once."""
    return await _leave_pending(
        conn, organization_id, invoice_id, status="PAID", paid_at=now, payment_intent_id=intent
    )


async def void(conn: AsyncConnection, organization_id: str, invoice_id: str) -> bool:
    """PENDING_FUNDING -> VOID (its milestone was cancelled): nothing is owed any more."""
    return await _leave_pending(conn, organization_id, invoice_id, status="VOID")


async def _leave_pending(
    conn: AsyncConnection, organization_id: str, invoice_id: str, **values: Any
) -> bool:
    """A pending invoice's one way out (conditional: of two concurrent callers one wins)."""
    stmt = (
        update(Invoice)
        .where(
            Invoice.id == invoice_id,
            Invoice.organization_id == organization_id,
            Invoice.status == "PENDING_FUNDING",
        )
        .values(**values)
        .returning(Invoice.id)
    )
    return (await conn.execute(stmt)).first() is not None


async def pending_invoices(conn: AsyncConnection, organization_id: str) -> list[Record]:
    stmt = (
        select(Invoice)
        .where(Invoice.organization_id == organization_id, Invoice.status == "PENDING_FUNDING")
        .order_by(Invoice.id.desc())
    )
    return list((await conn.execute(stmt)).all())
