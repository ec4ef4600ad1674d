"""The approval page `/approvals/{id}` (D26, D36): the organization's signed-in human sees
exactly what will happen and confirms or declines (CSRF-protected forms). A confirmation
that fails a check leaves the approval pending and the page says why."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hirehall.api.deps import UowDep
from hirehall.api.pages import HumanDep, not_found, page, read_form, redirect
from hirehall.approvals import confirming
from hirehall.approvals import service as approvals
from hirehall.approvals.rules import PENDING
from hirehall.contracts.quote import quote
from hirehall.core.errors import ApiError, NotFound
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.humans.service import Human

router = APIRouter(include_in_schema=False)

STATUS_TEXT = {
    "pending": "Waiting for your decision",
    "confirmed": "Confirmed",
    "declined": "Declined",
    "expired": "Expired",
}
DONE = {"confirmed": "Confirmed. It is done.", "declined": "Declined. Nothing was done."}


async def _row(uow: Uow, human: Human, approval_id: str, *, write: bool) -> Record:
    """The approval when the human belongs to its organization; else the 404 page."""
    if human.is_trainer or human.organization_id is None:
        raise not_found(human)
    try:
        if write:
            return await approvals.current(uow, approval_id, human.organization_id)
        return await approvals.read(uow, approval_id, human.organization_id)
    except NotFound:
        raise not_found(human) from None


async def _show(
    request: Request,
    uow: Uow,
    human: Human,
    row: Record,
    *,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
) -> Response:
    shown = await quote(uow, row)
    return page(
        request,
        "approval.html",
        human=human,
        status=status,
        approval=approvals.view(uow, row),
        quote=shown,
        status_text=STATUS_TEXT[row.status],
        error=error,
        done=done,
    )


@router.get("/approvals/{approvalId}")
async def approval_page(
    approvalId: str, request: Request, uow: UowDep, human: HumanDep
) -> Response:
    row = await _row(uow, human, approvalId, write=False)
    done = DONE.get(row.status) if request.query_params.get("done") else None
    return await _show(request, uow, human, row, done=done)


@router.post("/approvals/{approvalId}/confirm")
async def confirm(approvalId: str, request: Request, uow: UowDep, human: HumanDep) -> Response:
    await read_form(request, human)
    row = await _row(uow, human, approvalId, write=True)
    if row.status != PENDING:
        return await _show(
            request, uow, human, row, error=f"This approval is already {row.status}.", status=409
        )
    try:
        async with uow.conn.begin_nested():
            await confirming.confirm(uow, approvalId, organization_id=human.organization_id)
    except ApiError as exc:
        row = await _row(uow, human, approvalId, write=True)
        message = f"Not confirmed: {exc.message} The request is still waiting for a decision."
        return await _show(request, uow, human, row, error=message, status=exc.status)
    return redirect(f"/approvals/{approvalId}?done=1")


@router.post("/approvals/{approvalId}/decline")
async def decline(approvalId: str, request: Request, uow: UowDep, human: HumanDep) -> Response:
    await read_form(request, human)
    row = await _row(uow, human, approvalId, write=True)
    if row.status != PENDING:
        return await _show(
            request, uow, human, row, error=f"This approval is already {row.status}.", status=409
        )
    await approvals.decline(uow, approvalId, human.organization_id)
    return redirect(f"/approvals/{approvalId}?done=1")
