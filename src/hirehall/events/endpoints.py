"""`GET /updates`: the account's event feed (section 2.10.1, decision D34)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, read_with_gates, require, respond
from hirehall.api.openapi import errors, param_schemas
from hirehall.events import service
from hirehall.events.rules import MAX_PAGE
from hirehall.events.schemas import Updates

router = APIRouter()

# Any valid token passes the gate; the scope rule (one of three, each type with its own) is
# the service's, because no single scope is required.
_caller = require()


@router.get(
    "/updates",
    operation_id="pollUpdates",
    response_model=Updates,
    responses=errors(401, 403, 429),
    openapi_extra=param_schemas(
        limit={"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        cursor={"type": "string", "pattern": "^[0-9]+$"},
    ),
)
async def poll_updates(
    request: Request,
    uow: UowDep,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """Poll for updates"""
    read = service.read_with_bearer(cursor, limit)
    if read is None:  # a bad cursor or limit: answered after authentication, as ever
        who = await _caller(request, uow)
        page = await service.updates(uow, who, cursor=cursor, limit=limit)
    else:  # agents poll this: the authentication and the page in one statement
        who, rows = await read_with_gates(request, uow, *read)
        page = await service.updates(uow, who, cursor=cursor, limit=limit, prefetched=rows)
    return respond(page.model_dump())
