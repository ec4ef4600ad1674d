"""Routes about jobs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, require, respond
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope
from hirehall.jobs import service

router = APIRouter()

Publisher = Annotated[Principal, Depends(require(Scope.JOBS_WRITE, Feature.JOB_PUBLISHING))]


@router.post("/jobs/{id}/close", operation_id="closeJob")
async def close_job(id: str, uow: UowDep, who: Publisher) -> JSONResponse:
    """Close a job"""
    return respond(await service.close(uow, who, id))
