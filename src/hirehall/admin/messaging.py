"""The operator acting as a trainer in conversations (admin-api.md, "Acting as a trainer")."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.admin.endpoints import operator
from hirehall.api.deps import UowDep, body, body_schema, respond
from hirehall.messaging import service as messaging
from hirehall.messaging.schemas import ActMessageBody, MessageSent

router = APIRouter(prefix="/api/admin/v1", tags=["admin"], dependencies=[Depends(operator)])


@router.post(
    "/act/messages",
    status_code=201,
    response_model=MessageSent,
    openapi_extra=body_schema(ActMessageBody),
)
async def act_send_message(request: Request, uow: UowDep) -> JSONResponse:
    """Send a message as a trainer (the same service as the trainer pages)"""
    data = await body(request, ActMessageBody)
    message = await messaging.trainer_send(uow, data.userId, data.conversationId, data.content)
    return respond({"ok": True, "message": message}, 201)
