"""Routes of the public, tokenless job board: search, facets, changes, one job."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from hirehall.api.cors import PublicRoute
from hirehall.api.deps import UowDep, limit_per_ip, respond
from hirehall.api.openapi import CURSOR, LIMIT, TOKENLESS, errors, param_schemas
from hirehall.board import service as board
from hirehall.board.schemas import JobChanges, JobFacets, PublicJob, PublicJobPage, UnlistedJob
from hirehall.db.uow import Uow

router = APIRouter(route_class=PublicRoute)
Text = Annotated[str | None, Query()]
PER_IP_PER_MINUTE = 120  # decision D17


async def _limit(request: Request, uow: Uow) -> None:
    # One budget for all four board endpoints, checked before anything else (spec 1.18).
    await limit_per_ip(request, uow, "board", PER_IP_PER_MINUTE, 60)


_PAY_TYPE = {"type": "string", "enum": ["PAY_PER_HOUR", "FIXED_PRICE", "PAY_PER_LABEL"]}


@router.get(
    "/jobs",
    operation_id="searchJobs",
    response_model=PublicJobPage,
    responses=errors(429),
    openapi_extra={**TOKENLESS, **param_schemas(limit=LIMIT, cursor=CURSOR, payType=_PAY_TYPE)},
)
async def search_jobs(
    request: Request,
    uow: UowDep,
    q: Text = None,
    language: Text = None,
    country: Text = None,
    payType: Text = None,
    limit: Text = None,
    cursor: Text = None,
) -> JSONResponse:
    """Search public marketplace"""
    await _limit(request, uow)
    page = await board.search(
        uow,
        q=q,
        language=language,
        country=country,
        pay_type=payType,
        limit=limit,
        cursor=cursor,
    )
    return respond(page)


@router.get(
    "/jobs/facets",
    operation_id="getJobFacets",
    response_model=JobFacets,
    responses=errors(429),
    openapi_extra=TOKENLESS,
)
async def job_facets(request: Request, uow: UowDep) -> JSONResponse:
    """Marketplace facets"""
    await _limit(request, uow)
    return respond(await board.facets(uow))


@router.get(
    "/jobs/changes",
    operation_id="getJobChanges",
    response_model=JobChanges,
    responses=errors(429),
    openapi_extra={
        **TOKENLESS,
        **param_schemas(since={"type": "string", "format": "date-time", "x-required": True}),
    },
)
async def job_changes(request: Request, uow: UowDep, since: Text = None) -> JSONResponse:
    """Marketplace change feed"""
    await _limit(request, uow)
    return respond(await board.changes(uow, since))


@router.get(
    "/jobs/{id}",
    operation_id="getPublicJob",
    response_model=PublicJob,
    responses={
        404: {"model": UnlistedJob, "description": "No such job (envelope), or not listed"},
        **errors(429),
    },
    openapi_extra={
        **TOKENLESS,
        **param_schemas(id={"type": "string", "minLength": 1, "maxLength": 64}),
    },
)
async def get_public_job(id: str, request: Request, uow: UowDep) -> JSONResponse:
    """Get public job"""
    await _limit(request, uow)
    try:
        return respond(await board.get(uow, id))
    except board.Unlisted as unlisted:
        # The contract's one non-envelope error body (section 1.3.1).
        return respond({"id": unlisted.job_id, "status": "closed"}, 404)


@router.options("/jobs", include_in_schema=False)
@router.options("/jobs/facets", include_in_schema=False)
@router.options("/jobs/changes", include_in_schema=False)
@router.options("/jobs/{id}", include_in_schema=False)
async def preflight() -> Response:
    """CORS preflight"""
    return Response(status_code=204)
