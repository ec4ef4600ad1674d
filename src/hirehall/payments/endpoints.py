"""Top-ups (2.11.3, 2.11.4) and pending payments (2.11.5)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, body_schema, require, respond
from hirehall.api.openapi import errors
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope
from hirehall.payments import service, top_ups
from hirehall.payments.schemas import (
    CreateTopUpBody,
    PendingPayments,
    TopUpAnswer,
    TopUpCreated,
    top_up_cents,
)

router = APIRouter()

Buyer = Annotated[
    Principal,
    Depends(require(Scope.PAYMENTS_WRITE, Feature.CREDITS, claim_action="top up credits")),
]
Reader = Annotated[Principal, Depends(require(Scope.PAYMENTS_READ, Feature.CREDITS))]
PaymentsReader = Annotated[Principal, Depends(require(Scope.PAYMENTS_READ))]


@router.post(
    "/credits/top-ups",
    operation_id="createCreditTopUp",
    status_code=201,
    response_model=TopUpCreated,
    responses=errors(401, 403, 429),
    openapi_extra=body_schema(CreateTopUpBody),
)
async def create_top_up(request: Request, uow: UowDep, who: Buyer) -> JSONResponse:
    """Create top-up (checkout link for a human; never charges)"""
    cents = top_up_cents(await request.body())
    return respond(await top_ups.create(uow, who.organization_id, cents), 201)


@router.get(
    "/credits/top-ups/{topUpId}",
    operation_id="getCreditTopUp",
    response_model=TopUpAnswer,
    responses=errors(401, 403, 404, 429),
)
async def get_top_up(topUpId: str, uow: UowDep, who: Reader) -> JSONResponse:
    """Get top-up"""
    return respond(await top_ups.get(uow, who.organization_id, topUpId))


@router.get(
    "/payments/pending",
    operation_id="listPendingPayments",
    response_model=PendingPayments,
    responses=errors(401, 403, 429),
)
async def pending_payments(uow: UowDep, who: PaymentsReader) -> JSONResponse:
    """Pending invoices, newest first"""
    invoices = await service.pending_invoices(uow, who.organization_id)
    return respond({"payments": [invoice.pending_view() for invoice in invoices]})
