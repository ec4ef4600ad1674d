"""Routes about trainers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, require, respond
from hirehall.core.principal import Principal
from hirehall.core.scopes import Scope
from hirehall.freelancers import service

router = APIRouter()


@router.get("/freelancers/{idOrSlug}", operation_id="getFreelancerProfile")
async def get_freelancer_profile(
    idOrSlug: str,
    uow: UowDep,
    who: Annotated[Principal, Depends(require(Scope.PROPOSALS_READ))],
) -> JSONResponse:
    """Public AI-trainer profile"""
    return respond(await service.public_profile(uow, who, idOrSlug))
