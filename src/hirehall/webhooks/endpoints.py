"""Webhook subscriptions (section 2.12): scope `webhooks:manage`, feature
`public_api_webhooks`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, body, body_schema, require, respond
from hirehall.api.openapi import errors
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope
from hirehall.webhooks import service
from hirehall.webhooks.schemas import (
    CreatedWebhook,
    DeletedWebhook,
    OneWebhook,
    WebhookCreate,
    WebhookList,
)

router = APIRouter()

Manager = Annotated[Principal, Depends(require(Scope.WEBHOOKS_MANAGE, Feature.WEBHOOKS))]


@router.post(
    "/webhooks",
    operation_id="createWebhook",
    status_code=201,
    openapi_extra=body_schema(WebhookCreate),
    response_model=CreatedWebhook,
    responses=errors(401, 403, 409, 429),
)
async def create_webhook(request: Request, uow: UowDep, who: Manager) -> JSONResponse:
    """Create subscription"""
    data = await body(request, WebhookCreate)
    return respond(await service.create(uow, who, data), 201)


@router.get(
    "/webhooks",
    operation_id="listWebhooks",
    response_model=WebhookList,
    responses=errors(401, 403, 429),
)
async def list_webhooks(uow: UowDep, who: Manager) -> JSONResponse:
    """List subscriptions"""
    return respond(await service.list_webhooks(uow, who))


@router.get(
    "/webhooks/{webhookId}",
    operation_id="getWebhook",
    response_model=OneWebhook,
    responses=errors(401, 403, 404, 429),
)
async def get_webhook(webhookId: str, uow: UowDep, who: Manager) -> JSONResponse:
    """Get subscription"""
    return respond(await service.get(uow, who, webhookId))


@router.delete(
    "/webhooks/{webhookId}",
    operation_id="deleteWebhook",
    response_model=DeletedWebhook,
    responses=errors(401, 403, 404, 429),
)
async def delete_webhook(webhookId: str, uow: UowDep, who: Manager) -> JSONResponse:
    """Delete subscription"""
    return respond(await service.delete(uow, who, webhookId))
