"""Routes about trainers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, require, respond
from hirehall.api.openapi import errors
from hirehall.core.principal import Principal
from hirehall.core.scopes import Scope
from hirehall.freelancers import service
from hirehall.freelancers.schemas import FreelancerProfileResponse

router = APIRouter()


@router.get(
    "/freelancers/{idOrSlug}",
    operation_id="getFreelancerProfile",
    response_model=FreelancerProfileResponse,
    responses=errors(401, 403, 404, 429),
)
async def get_freelancer_profile(
    idOrSlug: str,
    uow: UowDep,
    who: Annotated[Principal, Depends(require(Scope.PROPOSALS_READ))],
) -> JSONResponse:
    """Public AI-trainer profile"""
    return respond(await service.public_profile(uow, who, idOrSlug))
