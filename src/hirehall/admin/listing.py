"""The operator lists what it made (admin-api.md, "Listing"): newest first, `limit` 1-100
(default 25), `cursor` from `nextCursor`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from hirehall.accounts import service as accounts
from hirehall.admin.endpoints import operator
from hirehall.api.deps import UowDep, respond
from hirehall.freelancers import service as trainers
from hirehall.jobs import service as jobs

router = APIRouter(prefix="/api/admin/v1", tags=["admin"], dependencies=[Depends(operator)])

Text = Annotated[str | None, Query()]


@router.get("/accounts")
async def list_accounts(uow: UowDep, limit: Text = None, cursor: Text = None) -> JSONResponse:
    """Every account, newest first"""
    return respond(await accounts.list_page(uow, limit=limit, cursor=cursor))


@router.get("/freelancers")
async def list_freelancers(
    uow: UowDep,
    status: Text = None,
    availability: Text = None,
    limit: Text = None,
    cursor: Text = None,
) -> JSONResponse:
    """Every AI trainer, newest first, by status and availability"""
    page = await trainers.admin_list(
        uow, status=status, availability=availability, limit=limit, cursor=cursor
    )
    return respond(page)


@router.get("/jobs")
async def list_jobs(
    uow: UowDep,
    accountId: Text = None,
    status: Text = None,
    limit: Text = None,
    cursor: Text = None,
) -> JSONResponse:
    """Every account's jobs, newest first, by account and status"""
    page = await jobs.admin_list(
        uow, account_id=accountId, status=status, limit=limit, cursor=cursor
    )
    return respond(page)
