"""`GET /credits` and `GET /credits/ledger` (sections 2.11.1 and 2.11.2). A member's token reads
its organization's account, the one the owner's tokens read (section 1.16)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, require, respond
from hirehall.api.openapi import CURSOR, LIMIT, errors, param_schemas
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope
from hirehall.ledger import service
from hirehall.ledger.schemas import CreditsOverview, LedgerPage

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Scope.PAYMENTS_READ, Feature.CREDITS))]


@router.get(
    "/credits",
    operation_id="getCredits",
    response_model=CreditsOverview,
    responses=errors(401, 403, 429),
)
async def get_credits(uow: UowDep, who: Reader) -> JSONResponse:
    """Balance overview"""
    return respond(await service.credits_overview(uow, who.organization_id))


@router.get(
    "/credits/ledger",
    operation_id="listCreditLedger",
    response_model=LedgerPage,
    responses=errors(401, 403, 429),
    openapi_extra=param_schemas(limit=LIMIT, cursor=CURSOR),
)
async def list_ledger(
    uow: UowDep,
    who: Reader,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """Credit ledger, newest first"""
    page = await service.ledger_page(uow, who.organization_id, cursor=cursor, limit=limit)
    return respond(page)
