"""Routes of team management (contract 2.14, decision D41)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, body, body_schema, require, respond
from hirehall.api.openapi import errors
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope
from hirehall.team import service
from hirehall.team.schemas import InviteBody, TeamInviteResult, TeamResponse

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Scope.TEAM_READ, Feature.TEAM))]
Inviter = Annotated[
    Principal,
    Depends(require(Scope.TEAM_WRITE, Feature.TEAM, claim_action="invite teammates")),
]


@router.get(
    "/team", operation_id="getTeam", response_model=TeamResponse, responses=errors(401, 403, 429)
)
async def get_team(uow: UowDep, who: Reader) -> JSONResponse:
    """List team"""
    return respond(await service.get_team(uow, who))


@router.post(
    "/team/invites",
    operation_id="inviteTeamMember",
    response_model=TeamInviteResult,
    openapi_extra=body_schema(InviteBody),
    responses=errors(401, 403, 409, 429),
)
async def invite_team_member(request: Request, uow: UowDep, who: Inviter) -> JSONResponse:
    """Invite team member"""
    await service.ensure_enabled(uow, who)
    data = await body(request, InviteBody)
    return respond(await service.invite(uow, who, data.email))
