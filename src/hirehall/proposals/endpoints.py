"""Routes about proposals and invites."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import (
    UowDep,
    body,
    body_schema,
    read_with_gates,
    require,
    respond,
    runtime,
)
from hirehall.api.openapi import CURSOR, LIMIT, any_case, errors, param_schemas
from hirehall.core.scopes import Feature, Scope
from hirehall.proposals import service
from hirehall.proposals.rules import STATUS_LABELS
from hirehall.proposals.schemas import InviteBody, InviteResult, ProposalAnswer, ProposalPage

router = APIRouter()

_reader = require(Scope.PROPOSALS_READ)


@router.post(
    "/jobs/{id}/invites",
    operation_id="inviteFreelancer",
    status_code=201,
    openapi_extra=body_schema(InviteBody),
    response_model=InviteResult,
    responses={
        200: {"model": InviteResult, "description": "Already invited (idempotent repeat)"},
        **errors(401, 403, 404, 409, 429),
    },
)
async def invite_freelancer(id: str, request: Request) -> JSONResponse:
    """Invite a freelancer"""
    async with runtime(request).uow(write=True) as uow:
        who = await _inviter(request, uow)
        payload = await body(request, InviteBody)
        result, created = await service.invite(
            uow, who, job_id=id, freelancer_id=payload.freelancerId
        )
    return respond(result, 201 if created else 200)


# The ordinary path; a request that is an ordinary success was answered before routing
# (`hot_path.py`).
_inviter = require(Scope.PROPOSALS_WRITE, Feature.HIRING, claim_action="invite AI trainers")


# Case-insensitive, spaces and hyphens read as underscores (2.4.10).
_STATUS = any_case(STATUS_LABELS, separators="_ -")


@router.get(
    "/jobs/{id}/proposals",
    operation_id="listJobProposals",
    response_model=ProposalPage,
    responses=errors(401, 403, 404, 429),
    openapi_extra=param_schemas(limit=LIMIT, cursor=CURSOR, status=_STATUS),
)
async def list_job_proposals(
    id: str,
    request: Request,
    uow: UowDep,
    status: Annotated[str | None, Query()] = None,
    limit: Annotated[str | None, Query()] = None,
    cursor: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """List a job's proposals"""
    read = service.list_with_bearer(id, status=status, limit=limit, cursor=cursor)
    if read is None:
        who = await _reader(request, uow)
        page = await service.list_for_job(uow, who, id, status=status, limit=limit, cursor=cursor)
        return respond(page)
    # The authentication, the job's owner, the cursor, the page and its scores in one statement.
    who, rows = await read_with_gates(request, uow, *read, scope=Scope.PROPOSALS_READ)
    page = await service.list_for_job(
        uow, who, id, status=status, limit=limit, cursor=cursor, prefetched=rows
    )
    return respond(page)


@router.get(
    "/proposals/{proposalId}",
    operation_id="getProposal",
    response_model=ProposalAnswer,
    responses=errors(401, 403, 404, 429),
)
async def get_proposal(proposalId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Get proposal detail"""
    read = service.detail_with_bearer(proposalId)
    if read is None:
        who = await _reader(request, uow)
        return respond(await service.get(uow, who, proposalId))
    # The authentication, the proposal, its interview and its contract in one statement.
    who, rows = await read_with_gates(request, uow, *read, scope=Scope.PROPOSALS_READ)
    return respond(await service.get(uow, who, proposalId, rows))
