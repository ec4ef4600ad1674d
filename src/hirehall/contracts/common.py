"""What the contract use cases share: loading a contract or milestone of an organization,
the state checks of D38, the events of 2.10 and the budget's state changes."""

from __future__ import annotations

from typing import Any

from hirehall.contracts import repository as repo
from hirehall.contracts.rules import (
    CANCELLED,
    ENDED,
    NOT_FUNDED,
    PAID,
    PENDING_APPROVAL,
    REFUNDED,
    budget_figures,
)
from hirehall.core import ids
from hirehall.core.errors import Conflict, NotFound
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.events.service import record_event


def contract_not_found(contract_id: str) -> NotFound:
    return NotFound("Contract not found.", {"resource": "contracts", "contractId": contract_id})


def milestone_not_found(milestone_id: str) -> NotFound:
    return NotFound("Milestone not found.", {"resource": "milestones", "milestoneId": milestone_id})


async def contract_of(
    uow: Uow, contract_id: str, organization_id: str | None, *, lock: bool = False
) -> Record:
    """The contract when it is the organization's (None: the operator); else 404. `lock`
    serialises the contract's money moves on PostgreSQL (a row lock until commit)."""
    row = (
        await repo.contract(uow.conn, contract_id, for_update=lock)
        if ids.looks_like_id(contract_id)
        else None
    )
    if row is None or (organization_id is not None and row.organization_id != organization_id):
        raise contract_not_found(contract_id)
    return row


async def milestone_of(
    uow: Uow, milestone_id: str, organization_id: str | None, *, lock: bool = False
) -> tuple[Record, Record]:
    """(contract, milestone) when the milestone is on one of the organization's contracts;
    the contract is read first (and locked) so the milestone read after it is current."""
    found = (
        await repo.milestone(uow.conn, milestone_id) if ids.looks_like_id(milestone_id) else None
    )
    if found is None:
        raise milestone_not_found(milestone_id)
    contract = await repo.contract(uow.conn, found.contract_id, for_update=lock)
    if contract is None or (
        organization_id is not None and contract.organization_id != organization_id
    ):
        raise milestone_not_found(milestone_id)
    milestone = await repo.milestone(uow.conn, milestone_id) if lock else found
    assert milestone is not None
    return contract, milestone


def require_active(contract: Record) -> None:
    if contract.status == ENDED:
        raise Conflict("This contract has ended.", reason="contract_ended", contractId=contract.id)


def fundable_refusal(milestone: Record) -> Conflict | None:
    """Fund needs NOT_FUNDED and no invoice waiting for payment (pay that one instead)."""
    if milestone.status != NOT_FUNDED:
        return Conflict(
            "Only a milestone that is not funded can be funded.",
            reason="milestone_not_fundable",
            milestoneId=milestone.id,
            status=milestone.status,
        )
    if milestone.invoice_id is not None:
        return Conflict(
            "This milestone's funding invoice is waiting for payment on the billing page.",
            reason="milestone_not_fundable",
            milestoneId=milestone.id,
            status=milestone.status,
            invoiceId=milestone.invoice_id,
        )
    return None


def releasable_refusal(milestone: Record) -> Conflict | None:
    """Approve needs ACTIVE_FUNDED or PENDING_APPROVAL (D38)."""
    if milestone.status == PAID:
        return Conflict(
            "This milestone is already paid.",
            reason="milestone_already_paid",
            milestoneId=milestone.id,
        )
    if milestone.status in (NOT_FUNDED, REFUNDED, CANCELLED):
        return Conflict(
            "This milestone holds no money to release.",
            reason="milestone_not_funded",
            milestoneId=milestone.id,
            status=milestone.status,
        )
    return None


def submittable_refusal(milestone: Record) -> Conflict | None:
    """The trainer submits work on an ACTIVE_FUNDED milestone only."""
    if milestone.status == PENDING_APPROVAL:
        return Conflict(
            "This milestone's work is already submitted.",
            reason="milestone_already_submitted",
            milestoneId=milestone.id,
        )
    return releasable_refusal(milestone)


async def milestone_event(uow: Uow, contract: Record, milestone_id: str, status: str) -> None:
    await record_event(
        uow,
        organization_id=contract.organization_id,
        event_type="milestone.status_changed",
        resource_id=milestone_id,
        job_id=contract.job_id,
        data={"milestoneId": milestone_id, "contractId": contract.id, "status": status},
    )


async def payment_pending_event(
    uow: Uow, contract: Record, milestone_id: str, invoice_id: str
) -> None:
    await record_event(
        uow,
        organization_id=contract.organization_id,
        event_type="payment.pending",
        resource_id=invoice_id,
        job_id=contract.job_id,
        data={"invoiceId": invoice_id, "milestoneId": milestone_id, "contractId": contract.id},
    )


async def refresh_budget(uow: Uow, contract_id: str) -> dict[str, Any] | None:
    """Recomputes the budget's state; when it moved, stores it (a conditional UPDATE from
    the state read) and emits `contract.budget_state_changed`. Returns the event's data."""
    contract = await repo.contract(uow.conn, contract_id)
    assert contract is not None
    milestones = await repo.milestones(uow.conn, [contract_id])
    figures = budget_figures(contract, milestones)
    if figures["state"] == contract.budget_state:
        return None
    if not await repo.swap_budget_state(
        uow.conn, contract_id, contract.budget_state, figures["state"]
    ):
        return None
    data = {
        "contractId": contract_id,
        "previousState": contract.budget_state,
        "state": figures["state"],
        "paymentType": contract.payment_type,
        "fundedVolume": figures["fundedVolume"],
        "consumedVolume": figures["consumedVolume"],
        "remainingVolume": figures["remainingVolume"],
        "consumedFraction": figures["consumedFraction"],
    }
    await record_event(
        uow,
        organization_id=contract.organization_id,
        event_type="contract.budget_state_changed",
        resource_id=contract_id,
        job_id=contract.job_id,
        data=data,
    )
    return data
