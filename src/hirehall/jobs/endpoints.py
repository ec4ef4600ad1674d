"""Routes about jobs: drafts, the owner's list, publishing, and (included) the public board.
Route order matters: /jobs/mine and the board's fixed paths come before /jobs/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, require, respond
from hirehall.api.envelope import envelope
from hirehall.api.issues import parse_json_object
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope
from hirehall.jobs import drafts, publishing, service
from hirehall.jobs.board_endpoints import router as board_router

router = APIRouter()

Drafter = Annotated[Principal, Depends(require(Scope.JOBS_WRITE, Feature.JOB_DRAFTING))]
Publisher = Annotated[Principal, Depends(require(Scope.JOBS_WRITE, Feature.JOB_PUBLISHING))]
Reader = Annotated[Principal, Depends(require(Scope.JOBS_READ))]
_OBJECT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


async def _json(request: Request) -> dict[str, Any]:
    # Read after the gates (D4); the drafting package validates the fields itself.
    return parse_json_object(await request.body())


@router.post(
    "/job-drafts",
    operation_id="createJobDraft",
    status_code=201,
    openapi_extra=_OBJECT_BODY,
    responses={200: {"description": "Idempotent replay"}},
)
async def create_job_draft(request: Request, uow: UowDep, who: Drafter) -> JSONResponse:
    """Create job draft"""
    result, created = await drafts.create(uow, who, await _json(request))
    return respond(result, 201 if created else 200)


@router.patch("/job-drafts/{jobId}", operation_id="updateJobDraft", openapi_extra=_OBJECT_BODY)
async def update_job_draft(jobId: str, request: Request, uow: UowDep, who: Drafter) -> JSONResponse:
    """Update job draft"""
    return respond(await drafts.update(uow, who, jobId, await _json(request)))


@router.get("/jobs/mine", operation_id="listMyJobs")
async def list_my_jobs(
    uow: UowDep,
    who: Reader,
    status: Annotated[str | None, Query()] = None,
    limit: Annotated[str | None, Query()] = None,
    cursor: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """List own jobs"""
    return respond(await service.list_mine(uow, who, status=status, limit=limit, cursor=cursor))


router.include_router(board_router)


@router.post("/jobs/{id}/publish", operation_id="publishJob")
async def publish_job(id: str, uow: UowDep, who: Publisher) -> JSONResponse:
    """Publish a draft"""
    return respond(await publishing.publish(uow, who, id))


@router.post("/jobs/{id}/close", operation_id="closeJob")
async def close_job(id: str, uow: UowDep, who: Publisher) -> JSONResponse:
    """Close a job"""
    return respond(await publishing.close(uow, who, id))


@router.patch("/jobs/{id}", operation_id="updateJob", openapi_extra=_OBJECT_BODY)
async def update_job(id: str, request: Request, uow: UowDep, who: Publisher) -> JSONResponse:
    """Update a published (OPEN) job"""
    result, blocked = await publishing.edit_live(uow, who, id, await _json(request))
    if blocked:
        # Returned, not raised: the blocked edit is kept (the unit of work commits), as the
        # contract says, and the answer is still the 409 envelope.
        message = "The edit was blocked by moderation; the job is back to DRAFT."
        return envelope(request, 409, "CONFLICT", message, result)
    return respond(result)
