"""Routes about the caller's identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from hirehall.accounts.service import me
from hirehall.api.deps import UowDep, require, respond
from hirehall.core.principal import Principal

router = APIRouter()


@router.get("/auth/me", operation_id="getAuthMe")
async def get_auth_me(uow: UowDep, who: Annotated[Principal, Depends(require())]) -> JSONResponse:
    """Who am I"""
    return respond(await me(uow, who))
