"""Routes about jobs: drafts, the owner's list, publishing, and (included) the public board.
Route order matters: /jobs/mine and the board's fixed paths come before /jobs/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, require, respond
from hirehall.api.issues import parse_json_object
from hirehall.api.openapi import CURSOR, LIMIT, any_case, errors, param_schemas
from hirehall.board.endpoints import router as board_router
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope
from hirehall.drafting import IMPORT_FORMATS
from hirehall.drafting.patch import patch_schema
from hirehall.jobs import drafts, publishing, service
from hirehall.jobs.rules import JOB_STATUSES
from hirehall.jobs.schemas import (
    CloseResult,
    JobDraft,
    JobDraftUpdate,
    JobPage,
    JobUpdateResult,
    PublishResult,
)

router = APIRouter()

Drafter = Annotated[Principal, Depends(require(Scope.JOBS_WRITE, Feature.JOB_DRAFTING))]
Publisher = Annotated[Principal, Depends(require(Scope.JOBS_WRITE, Feature.JOB_PUBLISHING))]
Reader = Annotated[Principal, Depends(require(Scope.JOBS_READ))]
_PATCH_BODY: dict[str, Any] = {
    "requestBody": {"required": True, "content": {"application/json": {"schema": patch_schema()}}}
}
_KEY = {"type": ["string", "null"], "minLength": 1, "maxLength": 200, "pattern": r"\S"}
_FORMATS = ", ".join(IMPORT_FORMATS)
# The three shapes of 2.3.1. Only the keys the server always reads are typed: the others are
# read by the import format the body selects (and ignored by the rest), and what a
# description, a JSON-LD or an XML document must contain is checked by the importers (400
# with zod issues), beyond what a schema can say.
_CREATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "rawJobDescription": {"type": "string", "minLength": 1, "pattern": r"\S"},
        "format": {"description": f"One of {_FORMATS} (default text)"},
        "text": {"description": "The description, for the text format"},
        "job": {"description": "The job object, for opentrain_canonical"},
        "source": {"description": f"{{type: one of {_FORMATS}, ...the format's keys}}"},
        "idempotencyKey": _KEY,
        "externalId": _KEY,
    },
    "anyOf": [
        {"required": ["rawJobDescription"]},
        {"required": ["text"]},
        {"required": ["source"]},
    ],
}
_CREATE_BODY: dict[str, Any] = {
    "requestBody": {"required": True, "content": {"application/json": {"schema": _CREATE_SCHEMA}}}
}


async def _json(request: Request) -> dict[str, Any]:
    # Read after the gates (D4); the drafting package validates the fields itself.
    return parse_json_object(await request.body())


@router.post(
    "/job-drafts",
    operation_id="createJobDraft",
    status_code=201,
    openapi_extra=_CREATE_BODY,
    response_model=JobDraft,
    responses={
        200: {"model": JobDraft, "description": "Idempotent replay (same idempotencyKey)"},
        **errors(401, 403, 429),
    },
)
async def create_job_draft(request: Request, uow: UowDep, who: Drafter) -> JSONResponse:
    """Create job draft"""
    result, created = await drafts.create(uow, who, await _json(request))
    return respond(result, 201 if created else 200)


@router.patch(
    "/job-drafts/{jobId}",
    operation_id="updateJobDraft",
    openapi_extra=_PATCH_BODY,
    response_model=JobDraftUpdate,
    responses=errors(401, 403, 404, 409, 429),
)
async def update_job_draft(jobId: str, request: Request, uow: UowDep, who: Drafter) -> JSONResponse:
    """Update job draft"""
    return respond(await drafts.update(uow, who, jobId, await _json(request)))


_JOB_STATUS = any_case(JOB_STATUSES)  # trimmed, case-insensitive (2.4.5)


@router.get(
    "/jobs/mine",
    operation_id="listMyJobs",
    response_model=JobPage,
    responses=errors(401, 403, 429),
    openapi_extra=param_schemas(limit=LIMIT, cursor=CURSOR, status=_JOB_STATUS),
)
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


@router.post(
    "/jobs/{id}/publish",
    operation_id="publishJob",
    response_model=PublishResult,
    responses=errors(401, 403, 404, 409, 429),
)
async def publish_job(id: str, uow: UowDep, who: Publisher) -> JSONResponse:
    """Publish a draft"""
    return respond(await publishing.publish(uow, who, id))


@router.post(
    "/jobs/{id}/close",
    operation_id="closeJob",
    response_model=CloseResult,
    responses=errors(401, 403, 404, 429),
)
async def close_job(id: str, uow: UowDep, who: Publisher) -> JSONResponse:
    """Close a job"""
    return respond(await publishing.close(uow, who, id))


@router.patch(
    "/jobs/{id}",
    operation_id="updateJob",
    openapi_extra=_PATCH_BODY,
    response_model=JobUpdateResult,
    responses=errors(401, 403, 404, 409, 429),
)
async def update_job(id: str, request: Request, uow: UowDep, who: Publisher) -> JSONResponse:
    """Update a published (OPEN) job"""
    return respond(await publishing.edit_live(uow, who, id, await _json(request)))
