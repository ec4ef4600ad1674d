"""The money moves of a milestone (D37), posted through the ledger's service and charged
through the payments service: funding (from credits, or the card on file), release to the
trainer, refund. Amounts are integer cents; each move is one journal transaction."""

from __future__ import annotations

from dataclasses import dataclass

from hirehall.core.errors import Conflict
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.ledger import service as ledger
from hirehall.ledger.service import Account, EntryRefs, Posting
from hirehall.payments import service as payments

CREDITS, CARD = "credits", "card"


@dataclass(frozen=True)
class Funding:
    """What a funding did: its source, the hold (credits) or payment intent (card), the
    invoice, and whether the money arrived (a failing card leaves it pending, D38)."""

    source: str
    paid: bool
    invoice_id: str
    invoice_number: int | None
    hold_entry_id: str | None
    payment_intent_id: str | None


@dataclass(frozen=True)
class Charge:
    """A milestone's charge: the amount, the 10% fee, the initiation fee (hire only)."""

    amount: int
    fee: int
    initiation: int

    @property
    def held(self) -> int:
        """What escrow or reserved credits hold for the milestone: amount + 10%."""
        return self.amount + self.fee

    @property
    def total(self) -> int:
        return self.amount + self.fee + self.initiation

    @classmethod
    def of(cls, milestone: Record) -> Charge:
        return cls(milestone.amount_cents, milestone.fee_cents, milestone.initiation_cents)


def payment_method_required(billing_url: str) -> Conflict:
    return Conflict(
        "Add a card on file or top up credits that cover the charge.",
        reason="payment_method_required",
        billingUrl=billing_url,
    )


def billing_url(uow: Uow) -> str:
    return f"{uow.settings.public_url}/billing"


async def source_for(uow: Uow, organization_id: str, total: int) -> str | None:
    """Credits when they cover the charge, else the card on file, else None (D36)."""
    balance = await ledger.credits(uow, organization_id)
    if balance.available_cents >= total:
        return CREDITS
    if await payments.card_on_file(uow, organization_id) is not None:
        return CARD
    return None


async def require_payment_method(uow: Uow, organization_id: str, total: int) -> None:
    """The request-time precondition of hire and fund (D35): a card on file or available
    credits covering the charge; else 409 `payment_method_required` + `billingUrl`."""
    if await source_for(uow, organization_id, total) is None:
        raise payment_method_required(billing_url(uow))


def _refs(contract: Record, milestone_id: str) -> EntryRefs:
    return EntryRefs(
        proposal_id=contract.proposal_id, contract_id=contract.id, milestone_id=milestone_id
    )


async def fund(
    uow: Uow,
    *,
    contract: Record,
    milestone_id: str,
    milestone_name: str | None,
    charge: Charge,
    chosen: str | None,
) -> Funding:
    """Funds a milestone from `chosen` (None: credits when they cover it, else the card).
    Credits that do not cover it → 409 `insufficient_credits` (from the ledger); no card →
    409 `payment_method_required`; a card that fails is not an error: the invoice stays
    `PENDING_FUNDING` and `Funding.paid` is False."""
    org = contract.organization_id
    source = chosen or await source_for(uow, org, charge.total)
    if source is None:
        raise payment_method_required(billing_url(uow))
    if source == CREDITS:
        try:
            hold = await _debit_credits(uow, contract, milestone_id, charge)
        except Conflict as refused:
            # The read that picked credits is not the debit: a concurrent funding may have
            # spent them since, which only the guarded debit sees. Credits the caller chose
            # stay refused; picked by default, the rule of D36 goes on to the card on file.
            reason = (refused.details or {}).get("reason")
            if chosen is not None or reason != "insufficient_credits":
                raise
        else:
            invoice = await _invoice(
                uow, contract, milestone_id, milestone_name, charge, paid=True, intent=None
            )
            return Funding(CREDITS, True, invoice.id, invoice.number, hold, hold)
    if await payments.card_on_file(uow, org) is None:
        raise payment_method_required(billing_url(uow))
    result = await payments.charge_card_on_file(uow, organization_id=org, amount_cents=charge.total)
    if result.ok:
        await post_card_funding(uow, contract, milestone_id, charge)
    invoice = await _invoice(
        uow,
        contract,
        milestone_id,
        milestone_name,
        charge,
        paid=result.ok,
        intent=result.payment_intent_id,
    )
    return Funding(CARD, result.ok, invoice.id, invoice.number, None, result.payment_intent_id)


async def _debit_credits(uow: Uow, contract: Record, milestone_id: str, charge: Charge) -> str:
    """The hold (available → reserved) and, at hire, the initiation fee, all or nothing: a
    savepoint, so a fee that no longer fits takes its hold back with it. Returns the hold's
    journal transaction id."""
    org = contract.organization_id
    async with uow.conn.begin_nested():
        hold = await ledger.post(
            uow,
            entry_type="HOLD",
            postings=[
                Posting(Account.CREDITS_AVAILABLE, -charge.held, org),
                Posting(Account.CREDITS_RESERVED, charge.held, org),
            ],
            refs=_refs(contract, milestone_id),
        )
        if charge.initiation:
            await ledger.post(
                uow,
                entry_type="CAPTURE",
                postings=[
                    Posting(Account.CREDITS_AVAILABLE, -charge.initiation, org),
                    Posting(Account.FEES, charge.initiation),
                ],
                refs=EntryRefs(
                    proposal_id=contract.proposal_id,
                    contract_id=contract.id,
                    milestone_id=milestone_id,
                    note="Contract initiation fee",
                ),
            )
    return hold


async def post_card_funding(uow: Uow, contract: Record, milestone_id: str, charge: Charge) -> None:
    """The card's money into escrow (and the initiation fee to fees): no credits move."""
    postings = [
        Posting(Account.CARD_CLEARING, -charge.total),
        Posting(Account.ESCROW, charge.held),
    ]
    if charge.initiation:
        postings.append(Posting(Account.FEES, charge.initiation))
    await ledger.post(uow, entry_type=None, postings=postings, refs=_refs(contract, milestone_id))


async def _invoice(
    uow: Uow,
    contract: Record,
    milestone_id: str,
    milestone_name: str | None,
    charge: Charge,
    *,
    paid: bool,
    intent: str | None,
) -> payments.Invoice:
    return await payments.create_invoice(
        uow,
        organization_id=contract.organization_id,
        contract_id=contract.id,
        milestone_id=milestone_id,
        job_id=contract.job_id,
        job_title=contract.job_title,
        milestone_name=milestone_name or "",
        amount_cents=charge.total,
        paid=paid,
        payment_intent_id=intent,
    )


async def release(uow: Uow, contract: Record, milestone: Record) -> str:
    """The milestone's money to the trainer (amount) and fees (10%); returns the journal
    transaction's id (the release's `payoutTransactionId`)."""
    charge = Charge.of(milestone)
    org = contract.organization_id
    refs = _refs(contract, milestone.id)
    if milestone.funding_source == CREDITS:
        return await ledger.post(
            uow,
            entry_type="CAPTURE",
            postings=[
                Posting(Account.CREDITS_RESERVED, -charge.held, org),
                Posting(Account.TRAINER_PAYABLE, charge.amount),
                Posting(Account.FEES, charge.fee),
            ],
            refs=EntryRefs(
                proposal_id=contract.proposal_id,
                contract_id=contract.id,
                milestone_id=milestone.id,
                hold_entry_id=milestone.hold_entry_id,
            ),
        )
    return await ledger.post(
        uow,
        entry_type=None,
        postings=[
            Posting(Account.ESCROW, -charge.held),
            Posting(Account.TRAINER_PAYABLE, charge.amount),
            Posting(Account.FEES, charge.fee),
        ],
        refs=refs,
    )


async def pay_out(uow: Uow, milestone: Record) -> str:
    """The released amount leaves the platform for the trainer (the simulated bank transfer):
    trainer_payable -> payouts. It touches no organization's credits, so it is not in any
    public ledger."""
    return await ledger.post(
        uow,
        entry_type=None,
        postings=[
            Posting(Account.TRAINER_PAYABLE, -milestone.amount_cents),
            Posting(Account.PAYOUTS, milestone.amount_cents),
        ],
        refs=EntryRefs(contract_id=milestone.contract_id, milestone_id=milestone.id),
    )


async def refund(uow: Uow, contract: Record, milestone: Record) -> str:
    """A funded milestone's hold back where it came from (the initiation fee stays)."""
    charge = Charge.of(milestone)
    org = contract.organization_id
    if milestone.funding_source == CREDITS:
        return await ledger.post(
            uow,
            entry_type="HOLD_RELEASE",
            postings=[
                Posting(Account.CREDITS_RESERVED, -charge.held, org),
                Posting(Account.CREDITS_AVAILABLE, charge.held, org),
            ],
            refs=EntryRefs(
                proposal_id=contract.proposal_id,
                contract_id=contract.id,
                milestone_id=milestone.id,
                hold_entry_id=milestone.hold_entry_id,
            ),
        )
    return await ledger.post(
        uow,
        entry_type=None,
        postings=[
            Posting(Account.ESCROW, -charge.held),
            Posting(Account.CARD_CLEARING, charge.held),
        ],
        refs=_refs(contract, milestone.id),
    )
