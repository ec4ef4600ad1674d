"""Routes of contracts and milestones (2.8.1-2.8.6)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, body, body_schema, require, respond
from hirehall.api.openapi import errors, param_schemas
from hirehall.approvals.schemas import ApprovalRequested
from hirehall.contracts import service
from hirehall.contracts.schemas import (
    ContractAnswer,
    ContractEnded,
    ContractList,
    MilestoneAnswer,
    MilestoneCreate,
)
from hirehall.core.errors import BadRequest
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Scope.PAYMENTS_READ))]


def _writer(action: str) -> Any:
    return Depends(require(Scope.PAYMENTS_WRITE, Feature.PAYMENTS_WRITE, claim_action=action))


Creator = Annotated[Principal, _writer("create milestones")]
Funder = Annotated[Principal, _writer("fund milestones")]
Approver = Annotated[Principal, _writer("release milestone payments")]
Ender = Annotated[Principal, _writer("end contracts")]


@router.get(
    "/contracts",
    operation_id="listContracts",
    response_model=ContractList,
    responses=errors(401, 403, 404, 429),
    openapi_extra=param_schemas(status={"type": "string", "enum": ["active", "ended"]}),
)
async def list_contracts(
    uow: UowDep,
    who: Reader,
    jobId: Annotated[str | None, Query()] = None,
    status: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """List contracts"""
    return respond(await service.list_contracts(uow, who, job_id=jobId, status=status))


@router.get(
    "/contracts/{contractId}",
    operation_id="getContract",
    response_model=ContractAnswer,
    responses=errors(401, 403, 404, 429),
)
async def get_contract(contractId: str, uow: UowDep, who: Reader) -> JSONResponse:
    """Get contract"""
    return respond(await service.get(uow, who, contractId))


@router.post(
    "/contracts/{contractId}/milestones",
    operation_id="createMilestone",
    status_code=201,
    openapi_extra=body_schema(MilestoneCreate),
    response_model=MilestoneAnswer,
    responses=errors(401, 403, 404, 409, 429),
)
async def create_milestone(
    contractId: str, request: Request, uow: UowDep, who: Creator
) -> JSONResponse:
    """Create milestone (unfunded, direct)"""
    try:
        payload = await body(request, MilestoneCreate)
    except BadRequest as exc:
        # The contract names the offending field (`details.field`) beside the issues.
        issues = (exc.details or {}).get("issues") or []
        path = issues[0].get("path") if issues else None
        if path:
            exc.details = {"field": ".".join(str(p) for p in path), **(exc.details or {})}
        raise
    return respond(await service.create_milestone(uow, who, contractId, payload), 201)


@router.post(
    "/contracts/{contractId}/end",
    operation_id="endContract",
    response_model=ContractEnded,
    responses={
        202: {"model": ApprovalRequested, "description": "Funded milestones: co-signed"},
        **errors(401, 403, 404, 409, 429),
    },
)
async def end_contract(contractId: str, uow: UowDep, who: Ender) -> JSONResponse:
    """End contract (direct or co-signed)"""
    answer, status = await service.end(uow, who, contractId)
    return respond(answer, status)


@router.post(
    "/milestones/{milestoneId}/fund",
    operation_id="fundMilestone",
    status_code=202,
    response_model=ApprovalRequested,
    responses=errors(401, 403, 404, 409, 429),
)
async def fund_milestone(milestoneId: str, uow: UowDep, who: Funder) -> JSONResponse:
    """Request funding (co-signed)"""
    return respond(await service.request_fund(uow, who, milestoneId), 202)


@router.post(
    "/milestones/{milestoneId}/approve",
    operation_id="approveMilestone",
    status_code=202,
    response_model=ApprovalRequested,
    responses=errors(401, 403, 404, 409, 429),
)
async def approve_milestone(milestoneId: str, uow: UowDep, who: Approver) -> JSONResponse:
    """Request payout release (co-signed)"""
    return respond(await service.request_release(uow, who, milestoneId), 202)
