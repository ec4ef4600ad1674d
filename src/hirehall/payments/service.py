"""Use cases of cards and invoices (decision D38); top-ups are in `top_ups.py`.

The card processor is simulated (`rules.py`): no network, a charge's outcome is decided by the
test number behind the card. A charge leaves no state of its own: its payment intent id is
kept on what it paid for (an invoice, a top-up)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from hirehall.core import ids
from hirehall.core.errors import Conflict, NotFound
from hirehall.core.money import to_usd
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.payments import repository as payments
from hirehall.payments.cards import (
    CardOnFile,
    Charge,
    attach_card,
    card_on_file,
    charge_card_on_file,
    remove_card,
)
from hirehall.payments.top_ups import expire_due

__all__ = [
    "CardOnFile",
    "Charge",
    "Invoice",
    "attach_card",
    "card_on_file",
    "charge_card_on_file",
    "create_invoice",
    "expire_due",
    "pay_invoice",
    "pending_invoices",
    "remove_card",
]

INVOICE_NUMBERS_START = 1000


@dataclass(frozen=True)
class Invoice:
    id: str
    number: int
    status: str  # PAID | PENDING_FUNDING
    kind: str  # FUNDING
    amount_cents: int
    organization_id: str
    contract_id: str | None
    milestone_id: str | None
    job_id: str | None
    job_title: str | None
    milestone_name: str | None
    payment_intent_id: str | None
    created_at: Any

    def pending_view(self) -> dict[str, Any]:
        """The contract's pending payment object (section 2.11.5)."""
        return {
            "id": self.id,
            "status": self.status,
            "invoiceKind": self.kind,
            "viewerRole": "EMPLOYER",
            "amountUsd": to_usd(self.amount_cents),
            "createdAt": iso(self.created_at),
            "invoiceNumber": self.number,
            "job": {"id": self.job_id, "title": self.job_title},
            "milestone": {"id": self.milestone_id, "name": self.milestone_name},
        }


def _invoice(row: Record) -> Invoice:
    return Invoice(
        id=row.id,
        number=int(row.number),
        status=row.status,
        kind=row.kind,
        amount_cents=int(row.amount_cents),
        organization_id=row.organization_id,
        contract_id=row.contract_id,
        milestone_id=row.milestone_id,
        job_id=row.job_id,
        job_title=row.job_title,
        milestone_name=row.milestone_name,
        payment_intent_id=row.payment_intent_id,
        created_at=row.created_at,
    )


# ---- invoices --------------------------------------------------------------------------------


async def create_invoice(
    uow: Uow,
    *,
    organization_id: str,
    contract_id: str | None,
    milestone_id: str | None,
    job_id: str | None,
    job_title: str | None,
    milestone_name: str | None,
    amount_cents: int,
    paid: bool,
    payment_intent_id: str | None = None,
) -> Invoice:
    """A `FUNDING` invoice for a charge (D38): `PAID`, or `PENDING_FUNDING` until a human pays
    it on /billing. Numbers increase by one, from 1001."""
    now = uow.now()
    number = await payments.next_number(uow.conn, "invoice", INVOICE_NUMBERS_START)
    values: dict[str, Any] = {
        "id": ids.new_id(now),
        "number": number,
        "organization_id": organization_id,
        "kind": "FUNDING",
        "status": "PAID" if paid else "PENDING_FUNDING",
        "amount_cents": amount_cents,
        "contract_id": contract_id,
        "milestone_id": milestone_id,
        "job_id": job_id,
        "job_title": job_title,
        "milestone_name": milestone_name,
        "payment_intent_id": payment_intent_id,
        "created_at": now,
        "paid_at": now if paid else None,
    }
    await payments.insert_invoice(uow.conn, values)
    return Invoice(**{k: v for k, v in values.items() if k != "paid_at"})


def _invoice_not_found(invoice_id: str) -> NotFound:
    return NotFound("Invoice not found.", {"resource": "invoices", "invoiceId": invoice_id})


async def invoice(uow: Uow, *, organization_id: str, invoice_id: str) -> Invoice:
    row = await payments.invoice(uow.conn, organization_id, invoice_id)
    if row is None:
        raise _invoice_not_found(invoice_id)
    return _invoice(row)


async def pay_invoice(uow: Uow, *, organization_id: str, invoice_id: str) -> Invoice:
    """Charges the card on file for a pending invoice and marks it `PAID`, exactly once: the
    mark is a conditional update, so of two concurrent payments one wins and the other gets
    409 `invoice_not_pending`. A failed charge raises Conflict with its reason (`no_card`,
    `card_declined`, `insufficient_funds`) and writes nothing. NotFound for another
    organization's invoice. It does not touch milestones (the caller funds them)."""
    current = await invoice(uow, organization_id=organization_id, invoice_id=invoice_id)
    if current.status != "PENDING_FUNDING":
        raise _not_pending(current.status)
    # The simulated charge has no state of its own, so charging before the mark is safe: a
    # charge whose mark loses writes nothing and moves no money.
    charge = await charge_card_on_file(
        uow, organization_id=organization_id, amount_cents=current.amount_cents
    )
    if not charge.ok:
        raise Conflict(
            _CHARGE_MESSAGES.get(charge.reason or "", "The card was declined."),
            reason=charge.reason or "card_declined",
        )
    now = uow.now()
    intent = charge.payment_intent_id
    if not await payments.mark_paid(uow.conn, organization_id, invoice_id, now, intent):
        raise _not_pending("PAID")
    return replace(current, status="PAID", payment_intent_id=intent)


_CHARGE_MESSAGES = {
    "no_card": "There is no card on file: add one on the billing page first.",
    "insufficient_funds": "The card has insufficient funds.",
}


def _not_pending(status: str) -> Conflict:
    return Conflict(
        "This invoice is not waiting for payment.", reason="invoice_not_pending", status=status
    )


async def void_invoice(uow: Uow, *, organization_id: str, invoice_id: str) -> bool:
    """A pending invoice whose milestone was cancelled is void: it leaves the pending
    payments and the billing page, and can no longer be paid. False when it was not pending
    (paid meanwhile, or void already)."""
    return await payments.void(uow.conn, organization_id, invoice_id)


async def pending_invoices(uow: Uow, organization_id: str) -> list[Invoice]:
    """Invoices waiting for the employer's payment, newest first."""
    return [_invoice(row) for row in await payments.pending_invoices(uow.conn, organization_id)]
