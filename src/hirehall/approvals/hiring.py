"""The hire request (2.5.4, D35): checks in the order of D4 after the gates (the body, the
proposal, its state, the payment precondition), then the approval a human must confirm."""

from __future__ import annotations

from typing import Any

from hirehall.approvals import confirming
from hirehall.approvals.rules import HIRE, hire_refusal
from hirehall.approvals.schemas import HireBody
from hirehall.approvals.service import Subject
from hirehall.contracts import money
from hirehall.contracts.rules import charge_parts
from hirehall.core.money import to_cents
from hirehall.core.principal import Principal
from hirehall.db.uow import Uow
from hirehall.proposals import service as proposals


def _text(value: str | None) -> str | None:
    cleaned = (value or "").strip()
    return cleaned or None


async def request_hire(
    uow: Uow, principal: Principal, proposal_id: str, body: HireBody
) -> dict[str, Any]:
    proposal = await proposals.owned(uow, principal, proposal_id)
    refusal = hire_refusal(
        proposal.id,
        proposal.proposal_status,
        proposal.job_id,
        proposal.job_status,
        body.confirmNotFitOverride,
    )
    if refusal is not None:
        raise refusal
    amount = to_cents(body.milestone.amount)
    assert amount is not None
    _, _, total = charge_parts(amount, first_funding=True)
    await money.require_payment_method(uow, principal.organization_id, total)
    terms = {
        "milestone": {
            "name": _text(body.milestone.name),
            "description": _text(body.milestone.description),
            "amountCents": amount,
            "dueDate": body.milestone.dueDate,
        },
        "confirmNotFitOverride": body.confirmNotFitOverride,
    }
    subject = Subject(
        kind=HIRE,
        subject_id=proposal.id,
        organization_id=principal.organization_id,
        job_id=proposal.job_id,
        proposal_id=proposal.id,
        terms=terms,
    )
    return await confirming.request(uow, principal, subject)
