"""Routes about proposals and invites."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import (
    UowDep,
    body,
    body_schema,
    count_token_call,
    require,
    respond,
    runtime,
)
from hirehall.api.openapi import CURSOR, LIMIT, any_case, errors, param_schemas
from hirehall.auth.rules import bearer, token_hash
from hirehall.core.errors import ApiError
from hirehall.core.ids import looks_like_id
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope
from hirehall.proposals import service
from hirehall.proposals.rules import STATUS_LABELS
from hirehall.proposals.schemas import InviteBody, InviteResult, ProposalAnswer, ProposalPage
from hirehall.runtime import Runtime

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Scope.PROPOSALS_READ))]


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
    rt = runtime(request)
    answer = await _invite_in_one_round_trip(rt, request, id) if not rt.settings.is_sqlite else None
    if answer is None:
        async with rt.uow(write=True) as uow:
            who = await _inviter(request, uow)
            payload = await body(request, InviteBody)
            answer = await service.invite(uow, who, job_id=id, freelancer_id=payload.freelancerId)
    result, created = answer
    return respond(result, 201 if created else 200)


_inviter = require(Scope.PROPOSALS_WRITE, Feature.HIRING, claim_action="invite AI trainers")


async def _invite_in_one_round_trip(
    rt: Runtime, request: Request, job_id: str
) -> tuple[dict[str, Any], bool] | None:
    """The founding endpoint's hot path on PostgreSQL (issue 10): when the request is well
    formed and within its token's rate limit, authentication, gates and the invite are one
    statement in autocommit. None hands the request to the ordinary path (every error
    answer, a failed gate, a bad body), which answers it exactly as it always did."""
    token = bearer(request.headers.get("authorization"))
    if token is None or not looks_like_id(job_id):
        return None
    try:
        payload = await body(request, InviteBody)
    except ApiError:
        return None
    if not looks_like_id(payload.freelancerId):
        return None
    digest = token_hash(rt.secret_key, token)
    if await count_token_call(request, digest, rt.clock.now().timestamp()) is not None:
        return None
    async with rt.single_statement() as uow:
        return await service.invite_authenticated(
            uow, digest=digest, job_id=job_id, freelancer_id=payload.freelancerId
        )


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
    uow: UowDep,
    who: Reader,
    status: Annotated[str | None, Query()] = None,
    limit: Annotated[str | None, Query()] = None,
    cursor: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """List a job's proposals"""
    page = await service.list_for_job(uow, who, id, status=status, limit=limit, cursor=cursor)
    return respond(page)


@router.get(
    "/proposals/{proposalId}",
    operation_id="getProposal",
    response_model=ProposalAnswer,
    responses=errors(401, 403, 404, 429),
)
async def get_proposal(proposalId: str, uow: UowDep, who: Reader) -> JSONResponse:
    """Get proposal detail"""
    return respond(await service.get(uow, who, proposalId))
