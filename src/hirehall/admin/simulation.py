"""The operator's trainer simulation (admin-api.md, sandbox only): `PUT`/`GET /simulation`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.admin.endpoints import operator, sandbox_only
from hirehall.api.deps import UowDep, body, body_schema, respond
from hirehall.simulation import service
from hirehall.simulation.schemas import SimulationBody

router = APIRouter(prefix="/api/admin/v1", tags=["admin"], dependencies=[Depends(operator)])
Sandbox = Annotated[None, Depends(sandbox_only)]


@router.get("/simulation")
async def read_simulation(uow: UowDep, _: Sandbox) -> JSONResponse:
    """The trainer simulation's settings (defaults, disabled, before any PUT)"""
    return respond(await service.read(uow))


@router.put("/simulation", openapi_extra=body_schema(SimulationBody))
async def put_simulation(request: Request, uow: UowDep, _: Sandbox) -> JSONResponse:
    """Turn the trainer simulation on or off, with its seed and settings"""
    data = await body(request, SimulationBody)
    return respond(await service.put(uow, data))
