"""The operator API. Off (every path 404) unless HIREHALL_ADMIN_TOKEN is set."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from hirehall.accounts import service as accounts
from hirehall.admin import service
from hirehall.admin.schemas import AccountCreate, AccountPatch, ClockMove, TokenCreate
from hirehall.api.deps import UowDep, body, body_schema, respond, runtime
from hirehall.auth.rules import bearer
from hirehall.core.errors import NotFound, Unauthorized
from hirehall.freelancers import service as trainers
from hirehall.freelancers.schemas import TrainerCreate, TrainerFields
from hirehall.jobs import service as jobs
from hirehall.jobs.schemas import AdminJobCreate
from hirehall.outbox.service import list_messages
from hirehall.sandbox import service as sandbox


def operator(request: Request) -> None:
    expected = runtime(request).settings.admin_token
    if expected is None:
        raise NotFound("Not found.")
    given = bearer(request.headers.get("authorization")) or ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("A valid admin token is required.")


def sandbox_only(request: Request) -> None:
    operator(request)
    if not runtime(request).settings.sandbox:
        raise NotFound("Not found.")


router = APIRouter(prefix="/api/admin/v1", tags=["admin"], dependencies=[Depends(operator)])
Sandbox = Annotated[None, Depends(sandbox_only)]


@router.post("/accounts", status_code=201, openapi_extra=body_schema(AccountCreate))
async def create_account(request: Request, uow: UowDep) -> JSONResponse:
    """Create an employer account and its owner"""
    data = await body(request, AccountCreate)
    account = await service.create_account(uow, data)
    return respond({"account": account}, 201)


@router.get("/accounts/{accountId}")
async def get_account(accountId: str, uow: UowDep) -> JSONResponse:
    """Read an account"""
    return respond({"account": await accounts.get(uow, accountId)})


@router.patch("/accounts/{accountId}", openapi_extra=body_schema(AccountPatch))
async def patch_account(accountId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Change an account's name, claim state or features"""
    data = await body(request, AccountPatch)
    changes = service.account_changes(data)
    return respond({"account": await accounts.update(uow, accountId, changes)})


@router.post(
    "/accounts/{accountId}/tokens", status_code=201, openapi_extra=body_schema(TokenCreate)
)
async def create_token(accountId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Mint a token for a member of the account (default its owner)"""
    data = await body(request, TokenCreate)
    minted = await service.mint_token(
        uow,
        accountId,
        scopes=data.scopes,
        name=data.name,
        expires_at=data.expiresAt,
        user_id=data.userId,
    )
    return respond(minted, 201)


@router.post("/freelancers", status_code=201, openapi_extra=body_schema(TrainerCreate))
async def create_freelancer(request: Request, uow: UowDep) -> JSONResponse:
    """Create an AI trainer"""
    data = await body(request, TrainerCreate)
    return respond({"freelancer": await trainers.create(uow, data)}, 201)


@router.get("/freelancers/{freelancerId}")
async def get_freelancer(freelancerId: str, uow: UowDep) -> JSONResponse:
    """Read an AI trainer, with last name and status"""
    return respond({"freelancer": await trainers.admin_view(uow, freelancerId)})


@router.patch("/freelancers/{freelancerId}", openapi_extra=body_schema(TrainerFields))
async def patch_freelancer(freelancerId: str, request: Request, uow: UowDep) -> JSONResponse:
    """Change an AI trainer"""
    data = await body(request, TrainerFields)
    return respond({"freelancer": await trainers.update(uow, freelancerId, data)})


@router.post("/jobs", status_code=201, openapi_extra=body_schema(AdminJobCreate))
async def create_job(request: Request, uow: UowDep) -> JSONResponse:
    """Create a job in any status"""
    data = await body(request, AdminJobCreate)
    return respond({"job": await jobs.admin_create(uow, data)}, 201)


@router.get("/outbox")
async def outbox(
    uow: UowDep,
    to: Annotated[str | None, Query()] = None,
    kind: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """What the platform sent, newest first"""
    return respond(await list_messages(uow, to=to, kind=kind))


@router.post("/reset")
async def reset(request: Request, uow: UowDep, _: Sandbox) -> JSONResponse:
    """Delete every row of every table (sandbox only)"""
    # Rate-limit counts are sandbox state too: a reset world starts with fresh limits.
    await runtime(request).limiter.reset()
    return respond(await sandbox.reset(uow))


@router.get("/clock")
async def read_clock(uow: UowDep, _: Sandbox) -> JSONResponse:
    """Read the sandbox clock"""
    return respond(await sandbox.read_clock(uow))


@router.post("/clock", openapi_extra=body_schema(ClockMove))
async def move_clock(request: Request, uow: UowDep, _: Sandbox) -> JSONResponse:
    """Move the sandbox clock forward"""
    data = await body(request, ClockMove)
    moved = await sandbox.move_clock(uow, advance_seconds=data.advanceSeconds, now=data.now)
    return respond(moved)
