"""Use cases about contracts and milestones (2.8.1-2.8.6, D38): reads, the direct writes
(create a milestone, end a contract without funded milestones), the co-signed requests
(fund, approve, end with funded milestones), the trainer's submit and usage, and paying a
pending funding invoice from the billing page."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hirehall.approvals import confirming
from hirehall.approvals.rules import END, FUND, RELEASE
from hirehall.approvals.service import Subject
from hirehall.contracts import execution, money
from hirehall.contracts import repository as repo
from hirehall.contracts.common import (
    contract_of,
    fundable_refusal,
    milestone_event,
    milestone_not_found,
    milestone_of,
    refresh_budget,
    releasable_refusal,
    require_active,
    submittable_refusal,
)
from hirehall.contracts.money import Charge
from hirehall.contracts.rules import (
    ACTIVE,
    ACTIVE_FUNDED,
    ENDED,
    FIXED,
    HOLDING,
    NOT_FUNDED,
    budget_view,
    charge_parts,
    contract_view,
    milestone_view,
)
from hirehall.contracts.schemas import MilestoneCreate
from hirehall.core import ids
from hirehall.core.errors import BadRequest, Conflict, Forbidden, NotFound
from hirehall.core.money import to_cents
from hirehall.core.principal import Principal
from hirehall.core.timefmt import parse_iso
from hirehall.db.uow import Uow
from hirehall.payments import service as payments

STATUSES = (ACTIVE, ENDED)


async def list_contracts(
    uow: Uow, principal: Principal, *, job_id: str | None, status: str | None
) -> dict[str, Any]:
    """The organization's contracts, newest first (2.8.1)."""
    if status is not None and status not in STATUSES:
        raise BadRequest("status must be active or ended.", {"field": "status"})
    if job_id is not None:
        owner = await repo.job_owner(uow.conn, job_id) if ids.looks_like_id(job_id) else None
        if owner is None:
            raise NotFound("Job not found.", {"jobId": job_id})
        if owner != principal.organization_id:
            raise Forbidden("This job belongs to another account.")
    rows = await repo.contracts_of(
        uow.conn, principal.organization_id, job_id=job_id, status=status
    )
    milestones = await repo.milestones(uow.conn, [row.id for row in rows])
    return {
        "contracts": [
            contract_view(row, [m for m in milestones if m.contract_id == row.id]) for row in rows
        ]
    }


async def detail(uow: Uow, contract_id: str, organization_id: str | None) -> dict[str, Any]:
    contract = await contract_of(uow, contract_id, organization_id)
    milestones = await repo.milestones(uow.conn, [contract.id])
    return {
        **contract_view(contract, milestones),
        "jobDmConversationId": contract.job_conversation_id,
        "budget": budget_view(contract, milestones),
    }


async def get(uow: Uow, principal: Principal, contract_id: str) -> dict[str, Any]:
    """One contract with its job thread and budget (2.8.2)."""
    return {"contract": await detail(uow, contract_id, principal.organization_id)}


def _due_date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        if len(value) == 10:
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        return parse_iso(value)
    except ValueError:
        raise BadRequest("dueDate must be an ISO 8601 date.", {"field": "dueDate"}) from None


def _milestone_amount(contract: Any, body: MilestoneCreate) -> tuple[int, float | None]:
    """(amount in cents, volume) by the contract's payment type (2.8.3)."""
    if contract.payment_type == FIXED:
        if body.amountUsd is None:
            raise BadRequest(
                "amountUsd is required on a fixed-price contract.", {"field": "amountUsd"}
            )
        amount = to_cents(body.amountUsd)
        assert amount is not None
        return amount, None
    if body.volume is None:
        raise BadRequest(
            "volume is required on an hourly or per-label contract.", {"field": "volume"}
        )
    if contract.rate_e4 is None:
        raise Conflict(
            "This contract has no rate, so a volume has no price.",
            reason="contract_rate_missing",
            contractId=contract.id,
        )
    exact = Decimal(contract.rate_e4) * Decimal(str(body.volume)) / 100
    amount = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if amount <= 0:
        raise BadRequest("volume x rate must be at least one cent.", {"field": "volume"})
    if body.amountUsd is not None and to_cents(body.amountUsd) != amount:
        raise BadRequest(
            "amountUsd must equal the contract's rate x volume.",
            {"field": "amountUsd", "expectedAmountUsd": amount / 100},
        )
    return amount, body.volume


async def create_milestone(
    uow: Uow, principal: Principal, contract_id: str, body: MilestoneCreate
) -> dict[str, Any]:
    """A new NOT_FUNDED milestone, numbered after the others (2.8.3, direct)."""
    if not body.description.strip():
        raise BadRequest("description must not be empty.", {"field": "description"})
    due = _due_date(body.dueDate)
    contract = await contract_of(uow, contract_id, principal.organization_id, lock=True)
    require_active(contract)
    amount, volume = _milestone_amount(contract, body)
    now = uow.now()
    number = await repo.next_number(uow.conn, contract.id, now)
    if number is None:
        raise Conflict("This contract has ended.", reason="contract_ended", contractId=contract_id)
    fee, initiation, total = charge_parts(amount, first_funding=False)
    milestone_id = ids.new_id(now)
    await repo.insert_milestone(
        uow.conn,
        {
            "id": milestone_id,
            "contract_id": contract.id,
            "number": number,
            "name": (body.name or "").strip() or None,
            "description": body.description.strip(),
            "amount_cents": amount,
            "fee_cents": fee,
            "initiation_cents": initiation,
            "charge_cents": total,
            "volume": volume,
            "status": NOT_FUNDED,
            "due_date": due,
            "created_at": now,
            "updated_at": now,
        },
    )
    await milestone_event(uow, contract, milestone_id, NOT_FUNDED)
    created = await repo.milestone(uow.conn, milestone_id)
    return {"milestone": milestone_view(created)}


async def request_fund(uow: Uow, principal: Principal, milestone_id: str) -> dict[str, Any]:
    """202: a `milestone_fund` approval (2.8.5)."""
    contract, milestone = await milestone_of(uow, milestone_id, principal.organization_id)
    require_active(contract)
    refusal = fundable_refusal(milestone)
    if refusal is not None:
        raise refusal
    await money.require_payment_method(uow, contract.organization_id, milestone.charge_cents)
    return await confirming.request(uow, principal, _subject(FUND, contract, milestone.id))


async def request_release(uow: Uow, principal: Principal, milestone_id: str) -> dict[str, Any]:
    """202: a `milestone_approve` approval (2.8.6)."""
    contract, milestone = await milestone_of(uow, milestone_id, principal.organization_id)
    require_active(contract)
    refusal = releasable_refusal(milestone)
    if refusal is not None:
        raise refusal
    return await confirming.request(uow, principal, _subject(RELEASE, contract, milestone.id))


def _subject(kind: str, contract: Any, milestone_id: str | None) -> Subject:
    return Subject(
        kind=kind,
        subject_id=milestone_id or contract.id,
        organization_id=contract.organization_id,
        job_id=contract.job_id,
        contract_id=contract.id,
        milestone_id=milestone_id,
    )


async def end(uow: Uow, principal: Principal, contract_id: str) -> tuple[dict[str, Any], int]:
    """200 and ended now when no milestone holds money; else 202 with a `contract_end`
    approval (2.8.4)."""
    contract = await contract_of(uow, contract_id, principal.organization_id, lock=True)
    require_active(contract)
    milestones = await repo.milestones(uow.conn, [contract.id])
    if any(m.status in HOLDING for m in milestones):
        return await confirming.request(uow, principal, _subject(END, contract, None)), 202
    await execution.end_contract(uow, contract)
    return {"ok": True, "contractId": contract.id, "status": ENDED}, 200


async def submit(
    uow: Uow, *, milestone_id: str, trainer_id: str | None, note: str | None
) -> dict[str, Any]:
    """The trainer submits a funded milestone's work: ACTIVE_FUNDED → PENDING_APPROVAL
    (D38). `trainer_id` None: the operator acting as the contract's trainer."""
    contract, milestone = await milestone_of(uow, milestone_id, None, lock=True)
    if trainer_id is not None and contract.freelancer_user_id != trainer_id:
        raise milestone_not_found(milestone_id)
    require_active(contract)
    if milestone.status != ACTIVE_FUNDED:
        refusal = submittable_refusal(milestone)
        assert refusal is not None
        raise refusal
    now = uow.now()
    moved = await repo.move(
        uow.conn,
        contract.id,
        milestone.id,
        (ACTIVE_FUNDED,),
        "PENDING_APPROVAL",
        now,
        submitted_at=now,
        submit_note=(note or "").strip() or None,
    )
    if moved is None:
        raise Conflict("The milestone changed meanwhile.", reason="milestone_not_funded")
    await milestone_event(uow, contract, milestone.id, "PENDING_APPROVAL")
    return {"milestone": milestone_view(moved)}


async def report_usage(
    uow: Uow, *, contract_id: str, trainer_id: str | None, hours: float | None, labels: int | None
) -> dict[str, Any]:
    """Adds the trainer's usage to an hourly or per-label contract and moves its budget
    state (with `contract.budget_state_changed`) when it crosses LOW or DEPLETED."""
    if hours is None and labels is None:
        raise BadRequest("Report hours or labels.", {"field": "hours"})
    contract = await contract_of(uow, contract_id, None, lock=True)
    if trainer_id is not None and contract.freelancer_user_id != trainer_id:
        raise NotFound("Contract not found.", {"contractId": contract_id})
    require_active(contract)
    if contract.payment_type == FIXED:
        raise Conflict(
            "A fixed-price contract has no usage to report.",
            reason="usage_not_metered",
            contractId=contract_id,
        )
    seconds = int((Decimal(str(hours or 0)) * 3600).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if not await repo.add_usage(uow.conn, contract.id, seconds, labels or 0, uow.now()):
        raise Conflict("This contract has ended.", reason="contract_ended", contractId=contract_id)
    await refresh_budget(uow, contract.id)
    contract = await contract_of(uow, contract_id, None)
    return {"budget": budget_view(contract, await repo.milestones(uow.conn, [contract.id]))}


async def pay_invoice(uow: Uow, *, organization_id: str, invoice_id: str) -> dict[str, Any]:
    """The billing page's "pay": charges the card on file for a pending funding invoice
    (payments), then funds its milestone (ACTIVE_FUNDED and its event, D38). A declined
    card raises and nothing changes."""
    found = await repo.milestone_by_invoice(uow.conn, invoice_id)
    if found is None:
        raise NotFound("Invoice not found.", {"invoiceId": invoice_id})
    contract, milestone = await milestone_of(uow, found.id, organization_id, lock=True)
    require_active(contract)
    if milestone.status != NOT_FUNDED:
        raise Conflict(
            "This milestone is funded already.",
            reason="milestone_not_fundable",
            milestoneId=milestone.id,
            status=milestone.status,
        )
    await payments.pay_invoice(uow, organization_id=organization_id, invoice_id=invoice_id)
    await money.post_card_funding(uow, contract, milestone.id, Charge.of(milestone))
    now = uow.now()
    moved = await repo.move(
        uow.conn,
        contract.id,
        milestone.id,
        (NOT_FUNDED,),
        ACTIVE_FUNDED,
        now,
        funded_at=now,
        funding_source="card",
    )
    if moved is None:
        raise Conflict("The milestone changed meanwhile.", reason="milestone_not_fundable")
    await milestone_event(uow, contract, milestone.id, ACTIVE_FUNDED)
    await refresh_budget(uow, contract.id)
    return {"milestone": milestone_view(moved)}


async def trainer_contracts(uow: Uow, trainer_id: str) -> list[dict[str, Any]]:
    """The trainer's contracts for the trainer pages (the same objects as the API)."""
    rows = await repo.contracts_of_trainer(uow.conn, trainer_id)
    milestones = await repo.milestones(uow.conn, [row.id for row in rows])
    return [contract_view(row, [m for m in milestones if m.contract_id == row.id]) for row in rows]


async def trainer_contract(uow: Uow, trainer_id: str, contract_id: str) -> dict[str, Any]:
    contract = await contract_of(uow, contract_id, None)
    if contract.freelancer_user_id != trainer_id:
        raise NotFound("Contract not found.", {"contractId": contract_id})
    return await detail(uow, contract_id, None)


async def pay_out_due(uow: Uow, limit: int) -> int:
    """The worker's payouts (D40): each released milestone's amount to the trainer, once; the
    10% stays in fees. Returns how many it paid out."""
    paid = await repo.claim_due_payouts(uow.conn, uow.now(), limit)
    for milestone in paid:
        transfer = await money.pay_out(uow, milestone)
        await repo.set_milestone(
            uow.conn, milestone.contract_id, milestone.id, payout_transfer_id=transfer
        )
    return len(paid)
