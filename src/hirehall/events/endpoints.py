"""`GET /updates`: the account's event feed (section 2.10.1, decision D34)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from hirehall.api.deps import UowDep, require, respond
from hirehall.api.openapi import errors, param_schemas
from hirehall.core.principal import Principal
from hirehall.events import service
from hirehall.events.rules import MAX_PAGE
from hirehall.events.schemas import Updates

router = APIRouter()

# Any valid token passes the gate; the scope rule (one of three, each type with its own) is
# the service's, because no single scope is required.
Caller = Annotated[Principal, Depends(require())]


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
    uow: UowDep,
    who: Caller,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """Poll for updates"""
    page = await service.updates(uow, who, cursor=cursor, limit=limit)
    return respond(page.model_dump())
