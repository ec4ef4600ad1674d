"""What an approval will do, for the approval page (D36: "what you see is what you sign"):
who, which job and milestone, each amount and fee, the total, and where the money comes
from (credits when they cover the charge, else the card on file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hirehall.approvals.rules import END, FUND, HIRE, RELEASE
from hirehall.contracts import money
from hirehall.contracts import repository as repo
from hirehall.contracts.money import CARD, CREDITS
from hirehall.contracts.rules import HOLDING, NOT_FUNDED, charge_parts
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.freelancers.rules import display_name
from hirehall.ledger import service as ledger
from hirehall.payments import service as payments
from hirehall.proposals import service as proposals


@dataclass
class Quote:
    """The page's facts: `lines` are (label, cents) pairs summing to `total_cents`."""

    action: str
    trainer: str = ""
    job_title: str = ""
    milestone: dict[str, Any] | None = None
    lines: list[tuple[str, int]] = field(default_factory=list)
    total_cents: int = 0
    source: str | None = None
    source_text: str = ""
    notes: list[str] = field(default_factory=list)


async def _source(uow: Uow, organization_id: str, total: int) -> tuple[str | None, str]:
    chosen = await money.source_for(uow, organization_id, total)
    if chosen == CREDITS:
        balance = await ledger.credits(uow, organization_id)
        return CREDITS, f"Your credits (available now: ${balance.available_cents / 100:,.2f})"
    if chosen == CARD:
        card = await payments.card_on_file(uow, organization_id)
        assert card is not None
        return CARD, f"Your card on file ({card.brand.title()} ending in {card.last4})"
    return None, "No payment method: add a card or top up credits on the billing page."


async def quote(uow: Uow, approval: Record) -> Quote:
    if approval.type == HIRE:
        return await _hire(uow, approval)
    contract = await repo.contract(uow.conn, approval.contract_id)
    assert contract is not None
    trainer = display_name(contract.first_name, contract.last_name)
    if approval.type == END:
        return await _end(uow, contract, trainer)
    milestone = await repo.milestone(uow.conn, approval.milestone_id)
    assert milestone is not None
    facts = {
        "name": milestone.name,
        "description": milestone.description,
        "number": milestone.number,
    }
    if approval.type == FUND:
        lines = [
            ("Milestone amount", milestone.amount_cents),
            ("Marketplace fee (10%)", milestone.fee_cents),
        ]
        if milestone.initiation_cents:
            lines.append(("Contract initiation fee", milestone.initiation_cents))
        source, text = await _source(uow, contract.organization_id, milestone.charge_cents)
        return Quote(
            "Fund a milestone",
            trainer,
            contract.job_title,
            facts,
            lines,
            milestone.charge_cents,
            source,
            text,
        )
    assert approval.type == RELEASE
    held = milestone.amount_cents + milestone.fee_cents
    from_text = (
        "your reserved credits"
        if milestone.funding_source == CREDITS
        else "escrow (your card's payment)"
    )
    return Quote(
        "Release a milestone's payment",
        trainer,
        contract.job_title,
        facts,
        [
            ("Paid to the trainer", milestone.amount_cents),
            ("Marketplace fee (10%, held at funding)", milestone.fee_cents),
        ],
        held,
        milestone.funding_source,
        f"The money held for this milestone in {from_text}; nothing new is charged.",
    )


async def _hire(uow: Uow, approval: Record) -> Quote:
    proposal = await proposals.find(uow, approval.proposal_id)
    assert proposal is not None
    terms = approval.terms["milestone"]
    amount = int(terms["amountCents"])
    fee, initiation, total = charge_parts(amount, first_funding=True)
    source, text = await _source(uow, approval.organization_id, total)
    return Quote(
        "Hire a trainer",
        display_name(proposal.first_name, proposal.last_name),
        proposal.job_title,
        {
            "name": terms.get("name"),
            "description": terms.get("description"),
            "number": 1,
            "dueDate": terms.get("dueDate"),
        },
        [
            ("Milestone amount", amount),
            ("Marketplace fee (10%)", fee),
            ("Contract initiation fee", initiation),
        ],
        total,
        source,
        text,
    )


async def _end(uow: Uow, contract: Record, trainer: str) -> Quote:
    lines: list[tuple[str, int]] = []
    notes: list[str] = []
    for m in await repo.milestones(uow.conn, [contract.id]):
        label = m.name or m.description or f"Milestone {m.number}"
        if m.status in HOLDING:
            back = "your credits" if m.funding_source == CREDITS else "your card"
            lines.append((f"Refund of “{label}” to {back}", m.amount_cents + m.fee_cents))
        elif m.status == NOT_FUNDED:
            notes.append(f"“{label}” (not funded) is cancelled.")
    return Quote(
        "End a contract",
        trainer,
        contract.job_title,
        None,
        lines,
        sum(c for _, c in lines),
        None,
        "Funded milestones are refunded; nothing is charged.",
        notes,
    )
