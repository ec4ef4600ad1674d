"""Use cases of the books (decision D37): post a journal transaction, read an organization's
credits and public ledger, verify everything from the postings.

Other domains move money only through `post`. It writes one transaction with its postings and
applies each posting to its account's balance row in the same database transaction; a debit
of an organization's credits is a conditional UPDATE, so the database (not Python) decides
whether the credits cover it, whatever the concurrency."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from hirehall.core import cursors, ids
from hirehall.core.errors import Conflict
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.events.service import take_event_order
from hirehall.ledger import repository as books
from hirehall.ledger.rules import (
    ORGANIZATION_ACCOUNTS,
    Account,
    Credits,
    EntryRefs,
    Posting,
    account_key,
    check,
    public_amount,
)

__all__ = [
    "Account",
    "Credits",
    "EntryRefs",
    "Posting",
    "credits",
    "credits_overview",
    "entry_view",
    "ledger_page",
    "post",
    "verify",
]

DEFAULT_PAGE, MAX_PAGE, RECENT = 50, 100, 10
_NO_REFS = EntryRefs()


def insufficient_credits(**details: Any) -> Conflict:
    return Conflict(
        "The organization's credits do not cover this amount.",
        reason="insufficient_credits",
        **details,
    )


async def post(
    uow: Uow,
    *,
    entry_type: str | None,
    postings: Sequence[Posting],
    refs: EntryRefs = _NO_REFS,
) -> str:
    """One journal transaction; returns its id (also the public ledger entry's id when it
    touches an organization's credits). Raises Conflict(reason="insufficient_credits") when an
    organization's balance would go below zero, and then posts nothing at all (the work runs
    in a savepoint, so a caller that catches the conflict keeps a clean transaction)."""
    kept = check(entry_type, postings)
    deltas: dict[str, int] = defaultdict(int)
    for posting in kept:
        deltas[account_key(posting)] += posting.amount_cents
    organization_id = next((p.organization_id for p in kept if p.organization_id), None)
    now = uow.now()
    entry_id = ids.new_id(now)
    # The event log's lock before the balance rows, always: a transaction that recorded an
    # event holds that lock until commit, so a hire (its events, then its hold) and a funding
    # of the same organization (its hold, then its event) each held what the other waited for
    # and PostgreSQL broke the deadlock with a 500. One order for every money move instead.
    await take_event_order(uow)
    async with uow.conn.begin_nested():
        # Always in key order: concurrent transactions lock balance rows in one order, so they
        # queue instead of deadlocking.
        for key in sorted(deltas):
            guarded = key.partition(":")[0] in ORGANIZATION_ACCOUNTS and deltas[key] < 0
            if not await books.apply(uow.conn, key, deltas[key], guarded=guarded):
                raise insufficient_credits()
        await books.insert_transaction(
            uow.conn,
            {
                "id": entry_id,
                "entry_type": entry_type,
                "organization_id": organization_id,
                "amount_cents": public_amount(kept),
                "proposal_id": refs.proposal_id,
                "contract_id": refs.contract_id,
                "milestone_id": refs.milestone_id,
                "top_up_id": refs.top_up_id,
                "hold_entry_id": refs.hold_entry_id,
                "note": refs.note,
                "created_at": now,
            },
            [
                {
                    "transaction_id": entry_id,
                    "account_key": account_key(p),
                    "account": p.account.value,
                    "organization_id": p.organization_id,
                    "amount_cents": p.amount_cents,
                }
                for p in kept
            ],
        )
    return entry_id


async def credits(uow: Uow, organization_id: str) -> Credits:
    """The organization's balances (zero for an account that never used credits)."""
    balances = await books.credits(uow.conn, organization_id)
    return Credits(
        available_cents=balances.get(Account.CREDITS_AVAILABLE.value, 0),
        reserved_cents=balances.get(Account.CREDITS_RESERVED.value, 0),
    )


def entry_view(row: Record) -> dict[str, Any]:
    """The contract's ledger entry object (`jobofferId` is the proposal id, legacy name)."""
    return {
        "id": row.id,
        "type": row.entry_type,
        "amountCents": int(row.amount_cents),
        "createdAt": iso(row.created_at),
        "holdEntryId": row.hold_entry_id,
        "jobofferId": row.proposal_id,
        "contractId": row.contract_id,
        "milestoneId": row.milestone_id,
        "topUpId": row.top_up_id,
        "note": row.note,
    }


async def entry(uow: Uow, entry_id: str) -> dict[str, Any]:
    row = await books.entry(uow.conn, entry_id)
    if row is None or row.entry_type is None:
        raise ValueError(f"no public ledger entry {entry_id!r}")
    return entry_view(row)


async def credits_overview(uow: Uow, organization_id: str) -> dict[str, Any]:
    """`GET /credits`: balances and the 10 newest entries."""
    balance = await credits(uow, organization_id)
    recent = await books.entries(uow.conn, organization_id, before=None, limit=RECENT)
    return {
        "credits": {
            "availableCents": balance.available_cents,
            "reservedCents": balance.reserved_cents,
            "currency": "usd",
            "recentEntries": [entry_view(row) for row in recent],
        }
    }


async def ledger_page(
    uow: Uow, organization_id: str, *, cursor: str | None, limit: str | None
) -> dict[str, Any]:
    """`GET /credits/ledger`: newest first; the cursor is the last entry's id, opaque."""
    size = cursors.page_size(limit, DEFAULT_PAGE, MAX_PAGE)
    before = cursors.before_id(cursor)
    rows = await books.entries(uow.conn, organization_id, before=before, limit=size + 1)
    return {
        "entries": [entry_view(row) for row in rows[:size]],
        "nextCursor": cursors.next_id_cursor(rows, size),
    }


async def verify(uow: Uow, *, limit: int = 100) -> dict[str, Any]:
    """Recomputes every balance from the postings (admin-api.md, "Money"): each transaction
    sums to zero, each stored balance equals the sum of its postings, no credit balance is
    below zero. Lists at most `limit` problems of each kind."""
    transactions, postings = await books.counts(uow.conn)
    problems: list[str] = []
    for row in await books.unbalanced_transactions(uow.conn, limit):
        if row.n == 0:
            problems.append(f"transaction {row.id} has no postings")
        else:
            problems.append(
                f"transaction {row.id} does not balance: its postings sum to {row.total}"
            )
    for row in await books.balance_mismatches(uow.conn, limit):
        if row.stored is None:
            problems.append(f"account {row.key} has postings ({row.computed}) but no balance row")
        else:
            problems.append(
                f"account {row.key} stores {row.stored} but its postings sum to {row.computed}"
            )
    for row in await books.negative_balances(uow.conn, limit):
        problems.append(f"account {row.key} is below zero: {row.balance_cents}")
    for row in await books.negative_computed_credits(uow.conn, limit):
        problems.append(f"account {row.key}'s postings sum below zero: {row.total}")
    return {
        "ok": not problems,
        "transactions": transactions,
        "postings": postings,
        "problems": problems,
    }


async def adjust(uow: Uow, organization_id: str, amount_cents: int, note: str | None) -> str:
    """The operator's credit adjustment (ADJUSTMENT; may be negative, never below zero)."""
    return await post(
        uow,
        entry_type="ADJUSTMENT",
        postings=[
            Posting(Account.CREDITS_AVAILABLE, amount_cents, organization_id),
            Posting(Account.ADJUSTMENTS, -amount_cents),
        ],
        refs=EntryRefs(note=note),
    )
