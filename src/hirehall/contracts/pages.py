"""Pages of contracts: the trainer's contracts and the submit form (D27), and the billing
page's "pay this invoice" action (D38), which the billing page (payments) posts to."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hirehall.api.deps import UowDep
from hirehall.api.pages import HumanDep, PageError, TrainerDep, not_found, page, read_form, redirect
from hirehall.contracts import repository as repo
from hirehall.contracts import service as contracts
from hirehall.core.errors import ApiError, NotFound

router = APIRouter(include_in_schema=False)

STATUS_TEXT = {
    "NOT_FUNDED": "Not funded yet",
    "ACTIVE_FUNDED": "Funded: you can work on it",
    "PENDING_APPROVAL": "Submitted: waiting for the employer",
    "PAID": "Paid",
    "REFUNDED": "Refunded",
    "CANCELLED": "Cancelled",
}


@router.get("/trainer/contracts")
async def trainer_contracts(request: Request, uow: UowDep, human: TrainerDep) -> Response:
    listed = await contracts.trainer_contracts(uow, human.user_id)
    return page(request, "trainer_contracts.html", human=human, contracts=listed)


@router.get("/trainer/contracts/{contractId}")
async def trainer_contract(
    contractId: str, request: Request, uow: UowDep, human: TrainerDep
) -> Response:
    try:
        shown = await contracts.trainer_contract(uow, human.user_id, contractId)
    except NotFound:
        raise not_found(human) from None
    done = (
        "Your work is submitted. The employer reviews it."
        if request.query_params.get("done")
        else None
    )
    return page(
        request,
        "trainer_contract.html",
        human=human,
        contract=shown,
        status_text=STATUS_TEXT,
        done=done,
    )


@router.post("/trainer/milestones/{milestoneId}/submit")
async def trainer_submit(
    milestoneId: str, request: Request, uow: UowDep, human: TrainerDep
) -> Response:
    form = await read_form(request, human)
    note = form.get("note", "")[:5000]
    try:
        async with uow.conn.begin_nested():
            await contracts.submit(
                uow, milestone_id=milestoneId, trainer_id=human.user_id, note=note
            )
    except NotFound:
        raise not_found(human) from None
    except ApiError as exc:
        milestone = await repo.milestone(uow.conn, milestoneId)
        assert milestone is not None
        shown = await contracts.trainer_contract(uow, human.user_id, milestone.contract_id)
        return page(
            request,
            "trainer_contract.html",
            human=human,
            contract=shown,
            status_text=STATUS_TEXT,
            error=f"Not submitted: {exc.message}",
            status=exc.status,
        )
    milestone = await repo.milestone(uow.conn, milestoneId)
    assert milestone is not None
    return redirect(f"/trainer/contracts/{milestone.contract_id}?done=1")


@router.post("/billing/invoices/{invoiceId}/pay")
async def pay_invoice(invoiceId: str, request: Request, uow: UowDep, human: HumanDep) -> Response:
    """Pays a pending funding invoice with the card on file, then funds its milestone."""
    await read_form(request, human)
    if human.is_trainer or human.organization_id is None:
        raise not_found(human)
    try:
        await contracts.pay_invoice(
            uow, organization_id=human.organization_id, invoice_id=invoiceId
        )
    except NotFound:
        raise not_found(human) from None
    except ApiError as exc:
        raise PageError(
            exc.status,
            "The invoice is not paid",
            f"{exc.message} Nothing was charged. Check the card on file and try again.",
            human,
        ) from None
    return redirect("/billing?done=paid")
