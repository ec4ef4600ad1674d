"""Routes of the AI interview: the employer's transcript (public API) and the operator's
act operations, which take the interview as the trainer would on the trainer page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.admin.endpoints import operator
from hirehall.api.deps import UowDep, body, body_schema, require, respond
from hirehall.api.openapi import errors
from hirehall.core.principal import Principal
from hirehall.core.scopes import Scope
from hirehall.interviews import service
from hirehall.interviews.schemas import InterviewAnswers, InterviewQuestions, InterviewResponse

router = APIRouter()
act_router = APIRouter(prefix="/api/admin/v1/act", tags=["admin"], dependencies=[Depends(operator)])

Reader = Annotated[Principal, Depends(require(Scope.PROPOSALS_READ))]


@router.get(
    "/proposals/{proposalId}/interview",
    operation_id="getProposalInterview",
    response_model=InterviewResponse,
    responses=errors(401, 403, 404, 429),
)
async def get_interview(proposalId: str, uow: UowDep, who: Reader) -> JSONResponse:
    """AI interview transcript"""
    return respond(await service.transcript(uow, who, proposalId))


@act_router.get("/proposals/{proposalId}/interview", response_model=InterviewQuestions)
async def interview_questions(proposalId: str, uow: UowDep) -> JSONResponse:
    """The scripted interview questions for a proposal"""
    return respond(await service.questions(uow, proposalId))


@act_router.post(
    "/proposals/{proposalId}/interview",
    status_code=201,
    response_model=InterviewResponse,
    openapi_extra=body_schema(InterviewAnswers),
)
async def take_interview(proposalId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Take the interview as the proposal's trainer, one answer per question"""
    data = await body(request, InterviewAnswers)
    return respond(await service.take(uow, proposalId, data.answers), 201)
