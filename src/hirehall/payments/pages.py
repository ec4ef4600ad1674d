"""The checkout page (D38: `checkoutUrl` of a top-up) and the billing page.

`/checkout/{id}?s=<secret>` needs no sign-in: like a hosted checkout, whoever holds the link
pays (a top-up only adds credits; it never spends them). The approval page is where a signed-in
human co-signs spending; this page is payment. Its form carries a CSRF token bound to the
visitor (or to the session when signed in), and a wrong or missing secret is the 404 page.

`/billing` is for the signed-in humans of an employer organization: the card on file (add,
replace, remove with a test number) and the pending invoices, each with a form posting to
`/billing/invoices/{id}/pay` (the contracts domain's route: it pays, then funds)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hirehall.api.deps import UowDep
from hirehall.api.pages import (
    HumanDep,
    OptionalHumanDep,
    PageError,
    not_found,
    page,
    read_form,
    redirect,
)
from hirehall.core.errors import ApiError, BadRequest, Conflict, NotFound
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.humans.service import Human
from hirehall.payments import service, top_ups
from hirehall.payments.rules import parse_card

router = APIRouter(include_in_schema=False)

FAILURES = {
    "card_declined": "Your card was declined. Nothing was charged; try another card.",
    "insufficient_funds": "Your card has insufficient funds. Nothing was charged.",
    "top_up_expired": "This checkout link has expired. Ask for a new top-up.",
    "top_up_already_completed": "This top-up is already paid.",
}
TEST_CARD_HELP = [
    ("4242 4242 4242 4242", "pays"),
    ("4000 0000 0000 0002", "is declined"),
    ("4000 0000 0000 9995", "fails: insufficient funds"),
    ("4000 0000 0000 0341", "can be saved, but every charge fails"),
]


def dollars(cents: int) -> str:
    return f"${cents / 100:,.2f}"


def _link(top_up_id: str, secret: str) -> str:
    return f"/checkout/{quote(top_up_id, safe='')}?s={quote(secret, safe='')}"


async def _top_up(uow: Uow, top_up_id: str, secret: str | None, human: Human | None) -> Record:
    try:
        return await top_ups.by_secret(uow, top_up_id, secret)
    except NotFound:
        raise not_found(human) from None


def _checkout(
    request: Request,
    row: Record,
    uow: Uow,
    human: Human | None,
    secret: str,
    *,
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    shown = top_ups.view(row, uow.now())
    state = shown["status"]
    if state == "EXPIRED" and status == 200:
        status = 410
    return page(
        request,
        "checkout.html",
        human=human,
        status=status,
        top_up=shown,
        amount=dollars(int(row.amount_cents)),
        state=state,
        secret=secret,
        action=f"/checkout/{quote(row.id, safe='')}",
        test_cards=TEST_CARD_HELP,
        **extra,
    )


@router.get("/checkout/{top_up_id}")
async def checkout(
    top_up_id: str,
    request: Request,
    uow: UowDep,
    human: OptionalHumanDep,
    s: str | None = None,
    saved: str | None = None,
) -> HTMLResponse:
    """The top-up's checkout: a test-card form while pending, else its outcome."""
    row = await _top_up(uow, top_up_id, s, human)
    return _checkout(request, row, uow, human, s or "", saved=saved == "1")


@router.post("/checkout/{top_up_id}")
async def pay(top_up_id: str, request: Request, uow: UowDep, human: OptionalHumanDep) -> Response:
    """Pays the top-up with a test card; on success shows the paid top-up."""
    form = await read_form(request, human)
    secret = form.get("s", "")
    row = await _top_up(uow, top_up_id, secret, human)
    save = form.get("save_card") == "yes"
    try:
        card = parse_card(form.get("card", ""))
    except BadRequest:
        problem = "Enter one of the test card numbers listed below."
        return _checkout(
            request, row, uow, human, secret, status=400, error=problem, error_field="card"
        )
    try:
        paid = await top_ups.pay(uow, row, card, save_card=save)
    except Conflict as exc:
        reason = str((exc.details or {}).get("reason"))
        return _checkout(
            request, row, uow, human, secret, status=409, error=FAILURES.get(reason, exc.message)
        )
    if paid.failure is not None:
        problem = FAILURES.get(paid.failure, "The card was declined.")
        if paid.card_saved:
            problem += " The card was saved on file as you asked."
        return _checkout(request, row, uow, human, secret, status=402, error=problem)
    return redirect(_link(top_up_id, secret) + ("&saved=1" if paid.card_saved else ""))


# ---- billing -----------------------------------------------------------------------------------


def _employer(human: Human) -> str:
    if human.is_trainer or not human.organization_id:
        raise PageError(
            403,
            "Billing is for employers",
            f"You are signed in as {human.email}, which is not an employer's account.",
            human,
        )
    return human.organization_id


async def _billing(
    request: Request, uow: Uow, human: Human, *, status: int = 200, **extra: Any
) -> HTMLResponse:
    organization_id = _employer(human)
    card = await service.card_on_file(uow, organization_id)
    invoices = await service.pending_invoices(uow, organization_id)
    return page(
        request,
        "billing.html",
        human=human,
        status=status,
        card=card,
        invoices=[
            {
                "id": invoice.id,
                "number": invoice.number,
                "amount": dollars(invoice.amount_cents),
                "job": invoice.job_title,
                "milestone": invoice.milestone_name,
                "action": f"/billing/invoices/{quote(invoice.id, safe='')}/pay",
            }
            for invoice in invoices
        ],
        test_cards=TEST_CARD_HELP,
        **extra,
    )


_DONE = {
    "saved": "The card is on file.",
    "removed": "The card was removed.",
    "paid": "The invoice is paid.",
}


@router.get("/billing")
async def billing(
    request: Request, uow: UowDep, human: HumanDep, done: str | None = None
) -> HTMLResponse:
    """The organization's card on file and pending invoices."""
    return await _billing(request, uow, human, notice=_DONE.get(done or ""))


@router.post("/billing/card")
async def put_card(request: Request, uow: UowDep, human: HumanDep) -> Response:
    """Adds or replaces the card on file."""
    form = await read_form(request, human)
    organization_id = _employer(human)
    try:
        await service.attach_card(uow, organization_id, form.get("card", ""))
    except BadRequest:
        problem = "Enter one of the test card numbers listed below."
        return await _billing(request, uow, human, status=400, error=problem, error_field="card")
    except ApiError as exc:
        reason = str((exc.details or {}).get("reason"))
        problem = FAILURES.get(reason, exc.message).replace("Nothing was charged; try", "Try")
        return await _billing(request, uow, human, status=exc.status, error=problem)
    return redirect("/billing?done=saved")


@router.post("/billing/card/remove")
async def remove_card(request: Request, uow: UowDep, human: HumanDep) -> Response:
    """Removes the card on file."""
    await read_form(request, human)
    await service.remove_card(uow, _employer(human))
    return redirect("/billing?done=removed")
