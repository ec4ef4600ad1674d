"""Liveness, readiness and the OpenAPI document."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from hirehall.api.deps import runtime
from hirehall.api.envelope import envelope

router = APIRouter()


@router.get("/healthz", include_in_schema=False)
async def healthz() -> JSONResponse:
    """The process is alive."""
    return JSONResponse({"ok": True})


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    """The database answers."""
    try:
        async with runtime(request).engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception:
        return envelope(request, 503, "INTERNAL_ERROR", "The database is not reachable.")
    return JSONResponse({"ok": True, "database": "ok"})


@router.get("/api/public/v1/openapi.json", include_in_schema=False)
async def openapi_document(request: Request) -> JSONResponse:
    """Our OpenAPI document (tokenless)."""
    from hirehall.api.openapi import build_openapi

    return JSONResponse(build_openapi(request.app))
