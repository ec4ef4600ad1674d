"""The operator acting as a trainer, and as the employer's humans, on proposals
(admin-api.md "Acting as a trainer" and "Acting as the employer's humans"). Each route calls
the same service function as the trainer pages."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.admin.endpoints import operator
from hirehall.api.deps import UowDep, body, body_schema, respond
from hirehall.api.issues import validate
from hirehall.proposals import lifecycle
from hirehall.proposals.lifecycle import Submission
from hirehall.proposals.schemas import (
    ApplyBody,
    NoBody,
    ProposalAnswer,
    StatusBody,
    SubmissionBody,
)

router = APIRouter(prefix="/api/admin/v1", tags=["admin"], dependencies=[Depends(operator)])


async def _no_body(request: Request) -> None:
    """`{}` or nothing at all; anything else is a typo the operator wants to hear about."""
    raw = await request.body()
    if raw.strip():
        validate(NoBody, raw)


def _answer(result: dict[str, object], status: int = 200) -> JSONResponse:
    # The response model documents the answer; the service built it already.
    return respond(result, status)


@router.post(
    "/act/proposals/{proposalId}/accept",
    response_model=ProposalAnswer,
    openapi_extra=body_schema(SubmissionBody),
)
async def act_accept(proposalId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Accept an invite with a bid, as its trainer"""
    data = await body(request, SubmissionBody)
    result = await lifecycle.accept_invite(
        uow, proposal_id=proposalId, trainer_id=None, submission=Submission.of(data)
    )
    return _answer(result)


@router.post("/act/proposals/{proposalId}/decline", response_model=ProposalAnswer)
async def act_decline(proposalId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Decline an invite, as its trainer"""
    await _no_body(request)
    return _answer(await lifecycle.decline_invite(uow, proposal_id=proposalId, trainer_id=None))


@router.post("/act/proposals/{proposalId}/withdraw", response_model=ProposalAnswer)
async def act_withdraw(proposalId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Withdraw a submitted proposal, as its trainer"""
    await _no_body(request)
    return _answer(await lifecycle.withdraw(uow, proposal_id=proposalId, trainer_id=None))


@router.post(
    "/act/jobs/{jobId}/apply",
    status_code=201,
    response_model=ProposalAnswer,
    openapi_extra=body_schema(ApplyBody),
    responses={200: {"description": "The trainer's invite turned into the application"}},
)
async def act_apply(jobId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Apply to an open job, as a trainer"""
    data = await body(request, ApplyBody)
    result, created = await lifecycle.apply_to_job(
        uow, job_id=jobId, trainer_id=data.freelancerId, submission=Submission.of(data)
    )
    return _answer(result, 201 if created else 200)


@router.post(
    "/proposals/{proposalId}/status",
    response_model=ProposalAnswer,
    openapi_extra=body_schema(StatusBody),
)
async def set_proposal_status(proposalId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Move a proposal, as the employer's humans"""
    data = await body(request, StatusBody)
    return _answer(await lifecycle.set_status(uow, proposal_id=proposalId, status=data.status))
