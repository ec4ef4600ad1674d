"""Cards on file and the simulated processor's charges (decision D38). A charge leaves no
state of its own: its payment intent id is kept on what it paid for."""

from __future__ import annotations

from dataclasses import dataclass

from hirehall.core import ids
from hirehall.core.errors import Conflict
from hirehall.db.uow import Uow
from hirehall.payments import repository as payments
from hirehall.payments.rules import TestCard, attach_failure, charge_failure, parse_card


@dataclass(frozen=True)
class CardOnFile:
    brand: str
    last4: str

    def view(self) -> dict[str, str]:
        return {"brand": self.brand, "last4": self.last4}


@dataclass(frozen=True)
class Charge:
    ok: bool
    reason: str | None  # card_declined | insufficient_funds | no_card
    payment_intent_id: str


def new_payment_intent_id(uow: Uow) -> str:
    return f"pi_{ids.new_id(uow.now())}"


async def card_on_file(uow: Uow, organization_id: str) -> CardOnFile | None:
    row = await payments.card(uow.conn, organization_id)
    return CardOnFile(brand=row.brand, last4=row.last4) if row else None


async def attach_card(uow: Uow, organization_id: str, number: str) -> CardOnFile:
    """Puts a test card on file (replacing any): 400 for an unknown number, 409
    `card_declined` for the declined test card (the network's check refuses it)."""
    card = parse_card(number)
    return await attach_parsed(uow, organization_id, card)


async def attach_parsed(uow: Uow, organization_id: str, card: TestCard) -> CardOnFile:
    failure = attach_failure(card.behaviour)
    if failure is not None:
        raise Conflict("The card was declined; it was not saved.", reason=failure)
    await payments.put_card(
        uow.conn,
        {
            "organization_id": organization_id,
            "brand": card.brand,
            "last4": card.last4,
            "behaviour": card.behaviour.value,
            "created_at": uow.now(),
        },
    )
    return CardOnFile(brand=card.brand, last4=card.last4)


async def remove_card(uow: Uow, organization_id: str) -> bool:
    return await payments.remove_card(uow.conn, organization_id)


async def charge_card_on_file(uow: Uow, *, organization_id: str, amount_cents: int) -> Charge:
    """Charges the card on file (simulated, no network). A failed charge is an answer, not an
    exception: the caller decides (a card funding that fails leaves the invoice pending)."""
    if amount_cents <= 0:
        raise ValueError("a charge is for a positive amount")
    intent = new_payment_intent_id(uow)
    row = await payments.card(uow.conn, organization_id)
    if row is None:
        return Charge(ok=False, reason="no_card", payment_intent_id=intent)
    failure = charge_failure(row.behaviour)
    return Charge(ok=failure is None, reason=failure, payment_intent_id=intent)
