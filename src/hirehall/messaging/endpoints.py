"""Routes of conversations and messages (sections 2.5.3 and 2.7)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, body, body_schema, require, respond
from hirehall.api.openapi import CURSOR, LIMIT, errors, param_schemas
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature, Scope
from hirehall.messaging import query, service
from hirehall.messaging.schemas import (
    ConversationList,
    ConversationStarted,
    MessagePage,
    MessageSent,
    SendMessageBody,
)
from hirehall.messaging.service import Viewer

router = APIRouter()

_ACTION = "message AI trainers"
Writer = Annotated[
    Principal,
    Depends(require(Scope.MESSAGES_WRITE, Feature.MESSAGING_WRITES, claim_action=_ACTION)),
]
Reader = Annotated[Principal, Depends(require(Scope.MESSAGES_READ))]


@router.post(
    "/proposals/{proposalId}/conversation",
    operation_id="startConversation",
    status_code=201,
    response_model=ConversationStarted,
    responses={
        200: {"description": "The existing conversation", "model": ConversationStarted},
        **errors(401, 403, 404, 409, 429),
    },
)
async def start_conversation(proposalId: str, uow: UowDep, who: Writer) -> JSONResponse:
    """Start pre-hire conversation"""
    result, created = await service.open_conversation(uow, who, proposalId)
    return respond(result, 201 if created else 200)


@router.get(
    "/messages",
    operation_id="listMessages",
    response_model=ConversationList | MessagePage,
    responses=errors(401, 403, 404, 429),
    openapi_extra=param_schemas(
        conversationId={"type": "string", "minLength": 1},
        limit=LIMIT,
        cursor=CURSOR,
        direction={"type": "string", "enum": list(query.DIRECTIONS)},
        filter={"type": "string", "enum": list(query.FILTERS)},
        unreadOnly={"type": "string", "pattern": query.BOOLEAN_PATTERN},
    ),
)
async def list_messages(
    uow: UowDep,
    who: Reader,
    conversationId: Annotated[str | None, Query()] = None,
    limit: Annotated[str | None, Query()] = None,
    cursor: Annotated[str | None, Query()] = None,
    direction: Annotated[str | None, Query()] = None,
    filter: Annotated[str | None, Query()] = None,
    unreadOnly: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """List conversations / read messages"""
    parsed = query.parse(
        {
            "conversationId": conversationId,
            "limit": limit,
            "cursor": cursor,
            "direction": direction,
            "filter": filter,
            "unreadOnly": unreadOnly,
        }
    )
    viewer = Viewer.employer(who)
    if isinstance(parsed, query.ReadQuery):
        return respond(await service.read_messages(uow, viewer, parsed))
    return respond(await service.list_conversations(uow, viewer, parsed))


@router.post(
    "/messages",
    operation_id="sendMessage",
    status_code=201,
    response_model=MessageSent,
    responses=errors(401, 403, 404, 409, 429),
    openapi_extra=body_schema(SendMessageBody),
)
async def send_message(request: Request, uow: UowDep, who: Writer) -> JSONResponse:
    """Send message"""
    payload = await body(request, SendMessageBody)
    message = await service.send(uow, Viewer.employer(who), payload.conversationId, payload.content)
    return respond({"ok": True, "message": message}, 201)
