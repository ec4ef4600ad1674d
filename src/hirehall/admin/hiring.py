"""The operator acting as the employer's humans on approvals (sandbox only) and as a
contract's trainer (submit, usage): admin-api.md "The hiring loop". Each calls the same
service as the pages."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.admin.endpoints import operator, sandbox_only
from hirehall.api.deps import UowDep, body_schema, respond
from hirehall.api.issues import validate
from hirehall.approvals import confirming
from hirehall.approvals import service as approvals
from hirehall.approvals.schemas import ApprovalAnswer, ConfirmBody
from hirehall.contracts import service as contracts
from hirehall.contracts.schemas import BudgetAnswer, MilestoneAnswer, SubmitBody, UsageBody
from hirehall.proposals.schemas import NoBody

router = APIRouter(prefix="/api/admin/v1", tags=["admin"], dependencies=[Depends(operator)])


async def _optional(request: Request, model: type[ConfirmBody | SubmitBody | NoBody]) -> object:
    """The body when there is one (these operations take an empty body too)."""
    raw = await request.body()
    return validate(model, raw) if raw.strip() else model()


@router.post(
    "/approvals/{approvalId}/confirm",
    response_model=ApprovalAnswer,
    openapi_extra=body_schema(ConfirmBody),
    dependencies=[Depends(sandbox_only)],
)
async def confirm_approval(approvalId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Confirm an approval as the organization's human (sandbox)"""
    data = await _optional(request, ConfirmBody)
    assert isinstance(data, ConfirmBody)
    row = await confirming.confirm(uow, approvalId, payment_source=data.paymentSource)
    return respond({"approval": approvals.view(uow, row)})


@router.post(
    "/approvals/{approvalId}/decline",
    response_model=ApprovalAnswer,
    dependencies=[Depends(sandbox_only)],
)
async def decline_approval(approvalId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Decline an approval as the organization's human (sandbox)"""
    await _optional(request, NoBody)
    row = await approvals.decline(uow, approvalId)
    return respond({"approval": approvals.view(uow, row)})


@router.post(
    "/act/milestones/{milestoneId}/submit",
    response_model=MilestoneAnswer,
    openapi_extra=body_schema(SubmitBody),
)
async def act_submit(milestoneId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Submit a milestone's work, as the contract's trainer"""
    data = await _optional(request, SubmitBody)
    assert isinstance(data, SubmitBody)
    return respond(
        await contracts.submit(uow, milestone_id=milestoneId, trainer_id=None, note=data.note)
    )


@router.post(
    "/act/contracts/{contractId}/usage",
    response_model=BudgetAnswer,
    openapi_extra=body_schema(UsageBody),
)
async def act_usage(contractId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Report usage on an hourly or per-label contract, as its trainer"""
    data = validate(UsageBody, await request.body())
    result = await contracts.report_usage(
        uow, contract_id=contractId, trainer_id=None, hours=data.hours, labels=data.labels
    )
    return respond(result)
