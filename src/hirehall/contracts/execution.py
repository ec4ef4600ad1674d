"""What a confirmed approval executes (D35-D38), inside the transaction that confirmed it:
every check is made again here, and any failure raises, so nothing is kept and the
approval stays pending. One function per approval type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hirehall.approvals.rules import END, FUND, HIRE, RELEASE, hire_refusal
from hirehall.contracts import money
from hirehall.contracts import repository as repo
from hirehall.contracts.common import (
    contract_of,
    fundable_refusal,
    milestone_event,
    milestone_of,
    payment_pending_event,
    refresh_budget,
    releasable_refusal,
    require_active,
)
from hirehall.contracts.money import Charge, Funding
from hirehall.contracts.rules import (
    ACTIVE,
    ACTIVE_FUNDED,
    CANCELLED,
    FIXED,
    HOLDING,
    NOT_FUNDED,
    PAID,
    PAY_TYPE_OF_UNIT,
    REFUNDED,
    charge_parts,
    rate_e4,
    volume_of,
)
from hirehall.core import ids
from hirehall.core.errors import Conflict, NotFound
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.events.service import record_event
from hirehall.messaging import service as messaging
from hirehall.payments import service as payments
from hirehall.proposals import lifecycle as proposals_lifecycle
from hirehall.proposals import service as proposals


@dataclass(frozen=True)
class Outcome:
    result: dict[str, Any]
    contract_id: str | None
    milestone_id: str | None


async def execute(uow: Uow, approval: Record, payment_source: str | None) -> Outcome:
    if approval.type == HIRE:
        return await _hire(uow, approval, payment_source)
    if approval.type == FUND:
        return await _fund(uow, approval, payment_source)
    if approval.type == RELEASE:
        return await _release(uow, approval)
    if approval.type == END:
        return await _end(uow, approval)
    raise ValueError(f"unknown approval type {approval.type!r}")


def _contract_terms(proposal: Record, amount_cents: int) -> tuple[str, int | None]:
    """The contract's payment type (the job's, else the bid's unit) and rate: the bid for
    hourly and per-label contracts (when the bid is in that unit), the milestone amount for
    a fixed price (D35)."""
    bid = proposal.bid or {}
    payment_type = proposal.job_payment_type or PAY_TYPE_OF_UNIT.get(bid.get("unit", ""), FIXED)
    if payment_type == FIXED:
        return FIXED, amount_cents * 100
    if PAY_TYPE_OF_UNIT.get(bid.get("unit", "")) == payment_type:
        return payment_type, rate_e4(bid.get("amountUsd"))
    return payment_type, None


def _due(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


async def _hire(uow: Uow, approval: Record, payment_source: str | None) -> Outcome:
    """The proposal HIRED, the contract (active), milestone 1 funded (or waiting on its
    invoice), the job thread (D35)."""
    proposal = await proposals.find(uow, approval.proposal_id)
    if proposal is None:
        raise NotFound("Proposal not found.", {"proposalId": approval.proposal_id})
    override = bool(approval.terms.get("confirmNotFitOverride"))
    refusal = hire_refusal(
        proposal.id, proposal.proposal_status, proposal.job_id, proposal.job_status, override
    )
    if refusal is not None:
        raise refusal
    terms = approval.terms["milestone"]
    amount = int(terms["amountCents"])
    await proposals_lifecycle.hire(uow, proposal_id=proposal.id, allow_not_fit=override)
    now = uow.now()
    payment_type, rate = _contract_terms(proposal, amount)
    contract_id = ids.new_id(now)
    thread_id = await messaging.open_job_thread(
        uow,
        proposal_id=proposal.id,
        organization_id=approval.organization_id,
        freelancer_user_id=proposal.freelancer_user_id,
        job_id=proposal.job_id,
    )
    inserted = await repo.insert_contract(
        uow.conn,
        {
            "id": contract_id,
            "organization_id": approval.organization_id,
            "job_id": proposal.job_id,
            "proposal_id": proposal.id,
            "freelancer_user_id": proposal.freelancer_user_id,
            "status": ACTIVE,
            "title": proposal.job_title,
            "payment_type": payment_type,
            "rate_e4": rate,
            "job_conversation_id": thread_id,
            "milestone_count": 1,
            "budget_state": "OK",
            "consumed_seconds": 0,
            "consumed_labels": 0,
            "created_at": now,
            "updated_at": now,
        },
    )
    if inserted is None:
        raise Conflict(
            "This proposal is already hired.", reason="already_accepted", proposalId=proposal.id
        )
    contract = await contract_of(uow, contract_id, None)
    await record_event(
        uow,
        organization_id=contract.organization_id,
        event_type="contract.created",
        resource_id=contract_id,
        job_id=contract.job_id,
        data={"contractId": contract_id, "jobId": contract.job_id, "proposalId": proposal.id},
    )
    fee, initiation, total = charge_parts(amount, first_funding=True)
    milestone_id = ids.new_id(now)
    volume = volume_of(amount, rate) if payment_type != FIXED else None
    await repo.insert_milestone(
        uow.conn,
        {
            "id": milestone_id,
            "contract_id": contract_id,
            "number": 1,
            "name": terms.get("name"),
            "description": terms.get("description"),
            "amount_cents": amount,
            "fee_cents": fee,
            "initiation_cents": initiation,
            "charge_cents": total,
            "volume": None if volume is None else float(volume),
            "status": NOT_FUNDED,
            "due_date": _due(terms.get("dueDate")),
            "created_at": now,
            "updated_at": now,
        },
    )
    funding = await money.fund(
        uow,
        contract=contract,
        milestone_id=milestone_id,
        milestone_name=terms.get("name") or terms.get("description"),
        charge=Charge(amount, fee, initiation),
        chosen=payment_source,
    )
    await _record_funding(uow, contract, milestone_id, funding)
    result = {
        "hired": True,
        "contractId": contract_id,
        "jobId": contract.job_id,
        "freelancerUserId": proposal.freelancer_user_id,
    }
    return Outcome(result, contract_id, milestone_id)


async def _record_funding(uow: Uow, contract: Record, milestone_id: str, funding: Funding) -> None:
    """Stores the funding on the milestone: ACTIVE_FUNDED when the money arrived, else
    NOT_FUNDED with its invoice waiting (`payment.pending`, D38)."""
    fields: dict[str, Any] = {
        "invoice_id": funding.invoice_id,
        "funding_source": funding.source,
        "hold_entry_id": funding.hold_entry_id,
        "payment_intent_id": funding.payment_intent_id,
    }
    if funding.paid:
        moved = await repo.move(
            uow.conn,
            contract.id,
            milestone_id,
            (NOT_FUNDED,),
            ACTIVE_FUNDED,
            uow.now(),
            funded_at=uow.now(),
            **fields,
        )
        if moved is None:
            raise Conflict("The milestone changed meanwhile.", reason="milestone_not_fundable")
        await milestone_event(uow, contract, milestone_id, ACTIVE_FUNDED)
        await refresh_budget(uow, contract.id)
        return
    await repo.set_milestone(uow.conn, contract.id, milestone_id, updated_at=uow.now(), **fields)
    await milestone_event(uow, contract, milestone_id, NOT_FUNDED)
    await payment_pending_event(uow, contract, milestone_id, funding.invoice_id)


async def _fund(uow: Uow, approval: Record, payment_source: str | None) -> Outcome:
    contract, milestone = await milestone_of(
        uow, approval.milestone_id, approval.organization_id, lock=True
    )
    require_active(contract)
    refusal = fundable_refusal(milestone)
    if refusal is not None:
        raise refusal
    funding = await money.fund(
        uow,
        contract=contract,
        milestone_id=milestone.id,
        milestone_name=milestone.name or milestone.description,
        charge=Charge.of(milestone),
        chosen=payment_source,
    )
    await _record_funding(uow, contract, milestone.id, funding)
    result = {"invoiceId": funding.invoice_id, "paymentIntentId": funding.payment_intent_id}
    return Outcome(result, contract.id, milestone.id)


async def _release(uow: Uow, approval: Record) -> Outcome:
    contract, milestone = await milestone_of(
        uow, approval.milestone_id, approval.organization_id, lock=True
    )
    require_active(contract)
    refusal = releasable_refusal(milestone)
    if refusal is not None:
        raise refusal
    payout = await money.release(uow, contract, milestone)
    now = uow.now()
    moved = await repo.move(
        uow.conn, contract.id, milestone.id, HOLDING, PAID, now, paid_at=now, payout_entry_id=payout
    )
    if moved is None:
        raise Conflict("The milestone changed meanwhile.", reason="milestone_not_funded")
    await milestone_event(uow, contract, milestone.id, PAID)
    result = {"invoiceId": milestone.invoice_id, "payoutTransactionId": payout}
    return Outcome(result, contract.id, milestone.id)


async def end_contract(uow: Uow, contract: Record) -> None:
    """Refunds every funded milestone (REFUNDED), cancels the unfunded ones, ends the
    contract; the caller locked the contract and checked it is active."""
    for milestone in await repo.milestones(uow.conn, [contract.id]):
        if milestone.status in HOLDING:
            await money.refund(uow, contract, milestone)
            if (
                await repo.move(uow.conn, contract.id, milestone.id, HOLDING, REFUNDED, uow.now())
                is None
            ):
                raise Conflict("The milestone changed meanwhile.", reason="contract_ended")
            await milestone_event(uow, contract, milestone.id, REFUNDED)
        elif milestone.status == NOT_FUNDED:
            await repo.move(
                uow.conn, contract.id, milestone.id, (NOT_FUNDED,), CANCELLED, uow.now()
            )
            if milestone.invoice_id is not None:  # a failed card left it waiting
                await payments.void_invoice(
                    uow, organization_id=contract.organization_id, invoice_id=milestone.invoice_id
                )
            await milestone_event(uow, contract, milestone.id, CANCELLED)
    if not await repo.end(uow.conn, contract.id, uow.now()):
        raise Conflict("This contract has ended.", reason="contract_ended", contractId=contract.id)


async def _end(uow: Uow, approval: Record) -> Outcome:
    contract = await contract_of(uow, approval.contract_id, approval.organization_id, lock=True)
    require_active(contract)
    await end_contract(uow, contract)
    return Outcome({"contractEnded": True}, contract.id, None)
