"""Routes about proposals and invites."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, body, body_schema, require, respond
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope
from hirehall.proposals import service
from hirehall.proposals.schemas import InviteBody

router = APIRouter()

Inviter = Annotated[
    Principal,
    Depends(require(Scope.PROPOSALS_WRITE, Feature.HIRING, claim_action="invite AI trainers")),
]
Reader = Annotated[Principal, Depends(require(Scope.PROPOSALS_READ))]


@router.post(
    "/jobs/{id}/invites",
    operation_id="inviteFreelancer",
    status_code=201,
    openapi_extra=body_schema(InviteBody),
    responses={200: {"description": "Already invited"}},
)
async def invite_freelancer(id: str, request: Request, uow: UowDep, who: Inviter) -> JSONResponse:
    """Invite a freelancer"""
    payload = await body(request, InviteBody)
    result, created = await service.invite(uow, who, job_id=id, freelancer_id=payload.freelancerId)
    return respond(result, 201 if created else 200)


@router.get("/jobs/{id}/proposals", operation_id="listJobProposals")
async def list_job_proposals(
    id: str,
    uow: UowDep,
    who: Reader,
    status: Annotated[str | None, Query()] = None,
    limit: Annotated[str | None, Query()] = None,
    cursor: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """List a job's proposals"""
    page = await service.list_for_job(uow, who, id, status=status, limit=limit, cursor=cursor)
    return respond(page)


@router.get("/proposals/{proposalId}", operation_id="getProposal")
async def get_proposal(proposalId: str, uow: UowDep, who: Reader) -> JSONResponse:
    """Get proposal detail"""
    return respond(await service.get(uow, who, proposalId))
