"""Every SQL statement of the books. Hot statements are built once at import time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    String,
    and_,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import LedgerBalance, LedgerPosting, LedgerTransaction
from hirehall.db.models.ledger import NON_NEGATIVE
from hirehall.db.types import Record

_DELTA = bindparam("delta", type_=BigInteger())
# The database decides whether credits cover a debit, in the statement that applies it: two
# concurrent debits of the same row queue on its lock and the second re-reads the first's
# result (PostgreSQL re-checks the WHERE on the new row version; SQLite has one writer).
_APPLY_GUARDED = (
    update(LedgerBalance)
    .where(LedgerBalance.key == bindparam("k"), LedgerBalance.balance_cents + _DELTA >= 0)
    .values(balance_cents=LedgerBalance.balance_cents + _DELTA)
    .returning(LedgerBalance.balance_cents)
)
_APPLY = (
    update(LedgerBalance)
    .where(LedgerBalance.key == bindparam("k"))
    .values(balance_cents=LedgerBalance.balance_cents + _DELTA)
    .returning(LedgerBalance.balance_cents)
)
_INSERT_TRANSACTION = insert(LedgerTransaction)
_INSERT_POSTINGS = insert(LedgerPosting)

ENTRY_COLUMNS = (
    LedgerTransaction.id,
    LedgerTransaction.entry_type,
    LedgerTransaction.amount_cents,
    LedgerTransaction.created_at,
    LedgerTransaction.hold_entry_id,
    LedgerTransaction.proposal_id,
    LedgerTransaction.contract_id,
    LedgerTransaction.milestone_id,
    LedgerTransaction.top_up_id,
    LedgerTransaction.note,
)
_ORG = bindparam("org", type_=String())
_PAGE_FIRST = (
    select(*ENTRY_COLUMNS)
    .where(LedgerTransaction.organization_id == _ORG)
    .order_by(LedgerTransaction.id.desc())
    .limit(bindparam("limit"))
)
_PAGE_AFTER = (
    select(*ENTRY_COLUMNS)
    .where(LedgerTransaction.organization_id == _ORG, LedgerTransaction.id < bindparam("before"))
    .order_by(LedgerTransaction.id.desc())
    .limit(bindparam("limit"))
)
_CREDITS = select(LedgerBalance.account, LedgerBalance.balance_cents).where(
    LedgerBalance.key.in_(bindparam("keys", expanding=True))
)
_ENTRY = select(*ENTRY_COLUMNS).where(LedgerTransaction.id == bindparam("id"))


async def apply(conn: AsyncConnection, key: str, delta: int, *, guarded: bool) -> bool:
    """Adds `delta` to the balance row `key`; False when a guarded balance would go below zero.
    A missing row is made (at zero) on first use, then the update is tried again."""
    stmt = _APPLY_GUARDED if guarded else _APPLY
    if (await conn.execute(stmt, {"k": key, "delta": delta})).first() is not None:
        return True
    await _ensure_row(conn, key)
    return (await conn.execute(stmt, {"k": key, "delta": delta})).first() is not None


async def _ensure_row(conn: AsyncConnection, key: str) -> None:
    account, _, organization_id = key.partition(":")
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = dialect_insert(LedgerBalance).values(
        key=key, account=account, organization_id=organization_id or None, balance_cents=0
    )
    await conn.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))


async def insert_transaction(
    conn: AsyncConnection, values: dict[str, Any], postings: list[dict[str, Any]]
) -> None:
    await conn.execute(_INSERT_TRANSACTION, values)
    await conn.execute(_INSERT_POSTINGS, postings)


async def credits(conn: AsyncConnection, organization_id: str) -> dict[str, int]:
    keys = [f"{account}:{organization_id}" for account in NON_NEGATIVE]
    rows = (await conn.execute(_CREDITS, {"keys": keys})).all()
    return {row.account: int(row.balance_cents) for row in rows}


async def entries(
    conn: AsyncConnection, organization_id: str, *, before: str | None, limit: int
) -> list[Record]:
    """Public entries, newest first (index ix_ledger_transactions_organization_id_id)."""
    if before is None:
        rows = await conn.execute(_PAGE_FIRST, {"org": organization_id, "limit": limit})
    else:
        params = {"org": organization_id, "before": before, "limit": limit}
        rows = await conn.execute(_PAGE_AFTER, params)
    return list(rows.all())


async def entry(conn: AsyncConnection, entry_id: str) -> Record | None:
    return (await conn.execute(_ENTRY, {"id": entry_id})).first()


async def entry_of_organization(
    conn: AsyncConnection, organization_id: str, entry_id: str
) -> Record | None:
    stmt = select(*ENTRY_COLUMNS).where(
        LedgerTransaction.id == entry_id, LedgerTransaction.organization_id == organization_id
    )
    return (await conn.execute(stmt)).first()


# ---- verification: recompute everything from the postings ---------------------------------


async def counts(conn: AsyncConnection) -> tuple[int, int]:
    transactions = (
        await conn.execute(select(func.count()).select_from(LedgerTransaction))
    ).scalar()
    postings = (await conn.execute(select(func.count()).select_from(LedgerPosting))).scalar()
    return int(transactions or 0), int(postings or 0)


async def unbalanced_transactions(conn: AsyncConnection, limit: int) -> list[Record]:
    """Transactions whose postings do not sum to zero, or that have no postings at all."""
    sums = (
        select(
            LedgerTransaction.id.label("id"),
            func.coalesce(func.sum(LedgerPosting.amount_cents), 0).label("total"),
            func.count(LedgerPosting.id).label("n"),
        )
        .select_from(LedgerTransaction)
        .outerjoin(LedgerPosting, LedgerPosting.transaction_id == LedgerTransaction.id)
        .group_by(LedgerTransaction.id)
        .subquery()
    )
    stmt = (
        select(sums.c.id, sums.c.total, sums.c.n)
        .where(or_(sums.c.total != 0, sums.c.n == 0))
        .order_by(sums.c.id)
        .limit(limit)
    )
    return list((await conn.execute(stmt)).all())


async def balance_mismatches(conn: AsyncConnection, limit: int) -> list[Record]:
    """Stored balances that differ from the sum of their postings, and postings of accounts
    without a balance row (stored None)."""
    sums = (
        select(
            LedgerPosting.account_key.label("key"),
            func.sum(LedgerPosting.amount_cents).label("total"),
        )
        .group_by(LedgerPosting.account_key)
        .subquery()
    )
    stored = (
        select(
            LedgerBalance.key.label("key"),
            LedgerBalance.balance_cents.label("stored"),
            func.coalesce(sums.c.total, 0).label("computed"),
        )
        .outerjoin(sums, sums.c.key == LedgerBalance.key)
        .where(LedgerBalance.balance_cents != func.coalesce(sums.c.total, 0))
    )
    orphans = (
        select(sums.c.key, literal(None).label("stored"), sums.c.total.label("computed"))
        .outerjoin(LedgerBalance, LedgerBalance.key == sums.c.key)
        .where(and_(LedgerBalance.key.is_(None), sums.c.total != 0))
    )
    rows = (await conn.execute(stored.union_all(orphans).limit(limit))).all()
    return list(rows)


async def negative_balances(conn: AsyncConnection, limit: int) -> list[Record]:
    stmt = (
        select(LedgerBalance.key, LedgerBalance.balance_cents)
        .where(LedgerBalance.account.in_(NON_NEGATIVE), LedgerBalance.balance_cents < 0)
        .limit(limit)
    )
    return list((await conn.execute(stmt)).all())


async def negative_computed_credits(conn: AsyncConnection, limit: int) -> list[Record]:
    """Credit accounts whose postings sum below zero (whatever their stored balance says)."""
    stmt = (
        select(
            LedgerPosting.account_key.label("key"),
            func.sum(LedgerPosting.amount_cents).label("total"),
        )
        .where(LedgerPosting.account.in_(NON_NEGATIVE))
        .group_by(LedgerPosting.account_key)
        .having(func.sum(LedgerPosting.amount_cents) < 0)
        .limit(limit)
    )
    return list((await conn.execute(stmt)).all())


async def platform_balances(conn: AsyncConnection) -> dict[str, int]:
    stmt = select(LedgerBalance.key, LedgerBalance.balance_cents).where(
        LedgerBalance.organization_id.is_(None)
    )
    return {row.key: int(row.balance_cents) for row in (await conn.execute(stmt)).all()}
