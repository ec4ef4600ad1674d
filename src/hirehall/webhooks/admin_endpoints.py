"""The operator's webhook routes (admin-api.md "Webhooks and the worker")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from hirehall.admin.endpoints import operator
from hirehall.api.deps import UowDep, respond
from hirehall.webhooks import admin

router = APIRouter(prefix="/api/admin/v1", tags=["admin"], dependencies=[Depends(operator)])


@router.get("/webhooks")
async def list_webhooks(
    uow: UowDep, accountId: Annotated[str | None, Query()] = None
) -> JSONResponse:
    """Every subscription (of one account with accountId), newest first"""
    return respond(await admin.list_all(uow, accountId))


@router.get("/webhooks/{webhookId}/deliveries")
async def list_deliveries(
    webhookId: str,
    uow: UowDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = admin.LOG_LIMIT,
) -> JSONResponse:
    """A subscription's deliveries with their attempts, newest first"""
    return respond(await admin.deliveries(uow, webhookId, limit))


@router.post("/deliveries/{deliveryId}/redeliver", status_code=202)
async def redeliver(deliveryId: str, uow: UowDep) -> JSONResponse:
    """One more attempt now, with the same delivery id"""
    return respond(await admin.redeliver(uow, deliveryId), 202)


@router.post("/webhooks/{webhookId}/enable")
async def enable(webhookId: str, uow: UowDep) -> JSONResponse:
    """Re-enable a DISABLED subscription"""
    return respond(await admin.enable(uow, webhookId))
