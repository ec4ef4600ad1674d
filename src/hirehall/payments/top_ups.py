"""Credit top-ups (sections 2.11.3, 2.11.4, decision D38): a pending top-up with a secret
checkout link, paid on the checkout page with a test card (or completed by the sandbox's
operator), expiring 24 hours after creation (lazily on read, and by the worker)."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hirehall.core import ids
from hirehall.core.errors import Conflict, NotFound
from hirehall.core.hashing import keyed_hash
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.ledger import service as ledger
from hirehall.payments import repository as payments
from hirehall.payments.cards import attach_parsed
from hirehall.payments.rules import TestCard, charge_failure, parse_card

TOP_UP_TTL = timedelta(hours=24)
CREATED_MESSAGE = (
    "Top-up created. Show checkoutUrl to your human so they can complete the payment; "
    "then poll the top-up until it is COMPLETED."
)


def status_of(row: Record, now: Any) -> str:
    """A pending top-up past its expiry reads as EXPIRED (lazily), whether or not the row says
    so yet."""
    if row.status == "PENDING" and row.expires_at <= now:
        return "EXPIRED"
    return str(row.status)


def view(row: Record, now: Any) -> dict[str, Any]:
    """The contract's top-up object."""
    return {
        "id": row.id,
        "status": status_of(row, now),
        "amountCents": int(row.amount_cents),
        "createdAt": iso(row.created_at),
        "completedAt": iso(row.completed_at),
        "expiresAt": iso(row.expires_at),
    }


def not_found(top_up_id: str) -> NotFound:
    return NotFound("Top-up not found.", {"resource": "credit-top-ups", "topUpId": top_up_id})


def checkout_url(uow: Uow, top_up_id: str, secret: str) -> str:
    return f"{uow.settings.public_url}/checkout/{top_up_id}?s={secret}"


async def create(uow: Uow, organization_id: str, amount_cents: int) -> dict[str, Any]:
    """`POST /credits/top-ups`: never charges; the human pays at `checkoutUrl`."""
    now = uow.now()
    top_up_id, secret = ids.new_id(now), secrets.token_urlsafe(24)
    values = {
        "id": top_up_id,
        "organization_id": organization_id,
        "amount_cents": amount_cents,
        "status": "PENDING",
        "secret_hash": keyed_hash(uow.secret_key, f"top-up:{secret}"),
        "created_at": now,
        "expires_at": now + TOP_UP_TTL,
        "completed_at": None,
    }
    await payments.insert_top_up(uow.conn, values)
    top_up = view(_Values(values), now)
    return {
        "topUpId": top_up_id,
        "checkoutUrl": checkout_url(uow, top_up_id, secret),
        "expiresAt": top_up["expiresAt"],
        "topUp": top_up,
        "message": CREATED_MESSAGE,
    }


class _Values:
    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def _persist_expiry(uow: Uow, row: Record) -> None:
    """Writes the lazy expiry down: at once in a write unit of work, after a read one."""
    top_up_id, now = row.id, uow.now()

    async def later(writer: Uow) -> None:
        await payments.expire_top_up(writer.conn, top_up_id, now)

    uow.deferred_writes.append(later)


async def get(uow: Uow, organization_id: str, top_up_id: str) -> dict[str, Any]:
    """`GET /credits/top-ups/{id}`: another organization's top-up is 404 like a missing one."""
    row = await payments.top_up(uow.conn, top_up_id)
    if row is None or row.organization_id != organization_id:
        raise not_found(top_up_id)
    if status_of(row, uow.now()) != row.status:
        _persist_expiry(uow, row)
    return {"topUp": view(row, uow.now())}


async def by_secret(uow: Uow, top_up_id: str, secret: str | None) -> Record:
    """The top-up a checkout link opens, when the link's secret is right (else NotFound, the
    same as a missing top-up)."""
    row = await payments.top_up(uow.conn, top_up_id)
    given = keyed_hash(uow.secret_key, f"top-up:{secret or ''}")
    if row is None or not secret or not hmac.compare_digest(given, row.secret_hash):
        raise not_found(top_up_id)
    return row


@dataclass(frozen=True)
class Payment:
    top_up: dict[str, Any]
    failure: str | None  # card_declined | insufficient_funds | None (paid)
    card_saved: bool


async def pay(uow: Uow, row: Record, card: TestCard, *, save_card: bool) -> Payment:
    """Pays a top-up with a test card. Conflict `top_up_expired` / `top_up_already_completed`
    when it cannot be paid any more. A declined charge is returned as `failure`, not raised:
    the 0341 card still attaches when the human asked to save it (its charges fail later
    too), as a card network's check accepts it."""
    _refuse_unpayable(row, uow.now())
    failure = charge_failure(card.behaviour)
    saved = False
    if save_card and card.behaviour.value in ("succeeds", "attach_then_fail"):
        await attach_parsed(uow, row.organization_id, card)
        saved = True
    if failure is not None:
        return Payment(view(row, uow.now()), failure, saved)
    await _complete(uow, row)
    fresh = await payments.top_up(uow.conn, row.id)
    return Payment(view(fresh, uow.now()), None, saved)


def _refuse_unpayable(row: Record, now: Any) -> None:
    status = status_of(row, now)
    if status == "EXPIRED":
        raise Conflict("This top-up has expired.", reason="top_up_expired")
    if status == "COMPLETED":
        raise Conflict("This top-up is already paid.", reason="top_up_already_completed")


async def _complete(uow: Uow, row: Record) -> None:
    """PENDING -> COMPLETED (a conditional update: exactly once), then the TOP_UP entry."""
    now = uow.now()
    intent = f"pi_{ids.new_id(now)}"
    if not await payments.complete_top_up(uow.conn, row.id, now, intent):
        fresh = await payments.top_up(uow.conn, row.id)
        _refuse_unpayable(fresh, now)
        raise Conflict("This top-up cannot be paid.", reason="top_up_not_pending")
    entry_id = await ledger.post(
        uow,
        entry_type="TOP_UP",
        postings=[
            ledger.Posting(
                ledger.Account.CREDITS_AVAILABLE, int(row.amount_cents), row.organization_id
            ),
            ledger.Posting(ledger.Account.CARD_CLEARING, -int(row.amount_cents)),
        ],
        refs=ledger.EntryRefs(top_up_id=row.id),
    )
    await payments.set_top_up_entry(uow.conn, row.id, entry_id)


async def operator_complete(uow: Uow, top_up_id: str, card_number: str) -> dict[str, Any]:
    """The sandbox operator's `POST /top-ups/{id}/complete`: 409 with the charge's reason when
    the card fails, nothing written."""
    card = parse_card(card_number)
    row = await payments.top_up(uow.conn, top_up_id)
    if row is None:
        raise not_found(top_up_id)
    paid = await pay(uow, row, card, save_card=False)
    if paid.failure is not None:
        raise Conflict("The card was declined.", reason=paid.failure)
    return {"topUp": paid.top_up}


async def expire_due(uow: Uow, limit: int) -> int:
    """For the worker: marks up to `limit` pending top-ups past their expiry EXPIRED."""
    return await payments.expire_due_top_ups(uow.conn, uow.now(), limit)
