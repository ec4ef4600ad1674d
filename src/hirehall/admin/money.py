"""The operator's money operations (admin-api.md, "The hiring loop" and "Money"): credit
adjustments, the ledger's verification, and completing a top-up in the sandbox."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from hirehall.admin import service
from hirehall.admin.endpoints import Sandbox, operator
from hirehall.api.deps import UowDep, body, body_schema, respond
from hirehall.ledger import service as ledger
from hirehall.ledger.schemas import CreditAdjustment
from hirehall.payments import top_ups

router = APIRouter(prefix="/api/admin/v1", tags=["admin"], dependencies=[Depends(operator)])


class TopUpCompletion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    card: str = Field(min_length=1, max_length=40)


@router.post(
    "/accounts/{accountId}/credits", status_code=201, openapi_extra=body_schema(CreditAdjustment)
)
async def adjust_credits(accountId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Give (or take) credits: an ADJUSTMENT entry; never below zero (409)"""
    data = await body(request, CreditAdjustment)
    return respond(await service.adjust_credits(uow, accountId, data), 201)


@router.get("/ledger/verify")
async def verify_ledger(uow: UowDep) -> JSONResponse:
    """Recompute every balance from the postings and report problems"""
    return respond(await ledger.verify(uow))


@router.post("/top-ups/{topUpId}/complete", openapi_extra=body_schema(TopUpCompletion))
async def complete_top_up(topUpId: str, request: Request, uow: UowDep, _: Sandbox) -> JSONResponse:
    """Pay a pending top-up with a test card (sandbox only)"""
    data = await body(request, TopUpCompletion)
    return respond(await top_ups.operator_complete(uow, topUpId, data.card))
