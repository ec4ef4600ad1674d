"""`POST /api/admin/v1/worker/run` (sandbox only): everything due now, synchronously."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.admin.endpoints import sandbox_only
from hirehall.api.deps import respond
from hirehall.worker.service import Worker

router = APIRouter(prefix="/api/admin/v1", tags=["admin"], dependencies=[Depends(sandbox_only)])


@router.post("/worker/run")
async def run_worker(request: Request) -> JSONResponse:
    """Do everything due now on the server clock, then answer what was done"""
    worker: Worker = request.app.state.worker
    return respond({"ran": await worker.run_due()})
