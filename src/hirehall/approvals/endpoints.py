"""Routes of the hire request and of approvals (2.5.4, 2.9.1)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, body, body_schema, require, respond
from hirehall.api.openapi import errors
from hirehall.approvals import hiring, service
from hirehall.approvals.schemas import ApprovalAnswer, ApprovalRequested, HireBody
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope

router = APIRouter()

Hirer = Annotated[
    Principal,
    Depends(require(Scope.PROPOSALS_WRITE, Feature.HIRING, claim_action="hire AI trainers")),
]
Reader = Annotated[Principal, Depends(require(Scope.PAYMENTS_READ))]


@router.post(
    "/proposals/{proposalId}/hire",
    operation_id="hireProposal",
    status_code=202,
    openapi_extra=body_schema(HireBody),
    response_model=ApprovalRequested,
    responses=errors(401, 403, 404, 409, 429),
)
async def hire_proposal(proposalId: str, request: Request, uow: UowDep, who: Hirer) -> JSONResponse:
    """Request hire (co-signed)"""
    payload = await body(request, HireBody)
    return respond(await hiring.request_hire(uow, who, proposalId, payload), 202)


@router.get(
    "/approvals/{approvalId}",
    operation_id="getApproval",
    response_model=ApprovalAnswer,
    responses=errors(401, 403, 404, 429),
)
async def get_approval(approvalId: str, uow: UowDep, who: Reader) -> JSONResponse:
    """Get an approval"""
    return respond(await service.get(uow, who, approvalId))
