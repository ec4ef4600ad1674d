"""Pure rules of contracts and milestones: fees (D37), statuses (D38), the contract,
milestone and budget objects (2.8)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hirehall.core.countries import country_name
from hirehall.core.money import to_usd
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.freelancers.rules import display_name

FEE_PERCENT = 10
INITIATION_CENTS = 995
ACTIVE, ENDED = "active", "ended"
FIXED, HOURLY, PER_LABEL = "FIXED_PRICE", "PAY_PER_HOUR", "PAY_PER_LABEL"
NOT_FUNDED, ACTIVE_FUNDED, PENDING_APPROVAL = "NOT_FUNDED", "ACTIVE_FUNDED", "PENDING_APPROVAL"
PAID, REFUNDED, CANCELLED = "PAID", "REFUNDED", "CANCELLED"
# Milestones holding money (D38): ending a contract refunds them.
HOLDING = (ACTIVE_FUNDED, PENDING_APPROVAL)
# Milestones whose money the contract's budget counts (funded once, whether paid out or not).
COUNTED = (ACTIVE_FUNDED, PENDING_APPROVAL, PAID)
# Refunded and cancelled milestones are left out of `milestones` (2.8).
HIDDEN = (REFUNDED, CANCELLED)
OK, LOW, DEPLETED = "OK", "LOW", "DEPLETED"
LOW_FRACTION = Decimal("0.2")
PAY_TYPE_OF_UNIT = {"PER_HOUR": HOURLY, "PER_LABEL": PER_LABEL, "FIXED_PRICE": FIXED}
E4 = Decimal(10_000)


def marketplace_fee(amount_cents: int) -> int:
    """10% of the amount, rounded half-up to the cent (D37)."""
    return (amount_cents * FEE_PERCENT + 50) // 100


def charge_parts(amount_cents: int, *, first_funding: bool) -> tuple[int, int, int]:
    """(fee, initiation fee, charge) of funding a milestone of `amount_cents`."""
    fee = marketplace_fee(amount_cents)
    initiation = INITIATION_CENTS if first_funding else 0
    return fee, initiation, amount_cents + fee + initiation


def rate_e4(usd: float | int | None) -> int | None:
    if usd is None:
        return None
    return int((Decimal(str(usd)) * E4).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def number(value: Decimal | float | int | None, places: int = 4) -> float | int | None:
    """A number for the wire: whole values as integers, else at most `places` decimals."""
    if value is None:
        return None
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral() else float(rounded)


def rate_usd(contract: Record) -> float | int | None:
    return None if contract.rate_e4 is None else number(Decimal(contract.rate_e4) / E4)


def volume_of(amount_cents: int, rate: int | None) -> Decimal | None:
    """Funded volume of an amount on an hourly or per-label contract: amount ÷ rate."""
    if not rate:
        return None
    return Decimal(amount_cents) * 100 / Decimal(rate)


def milestone_view(row: Record) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "description": row.description,
        "status": row.status,
        "amountUsd": to_usd(row.amount_cents),
        "volume": number(row.volume),
        "milestoneNumber": row.number,
        "dueDate": iso(row.due_date),
        "pendingApproval": row.status == PENDING_APPROVAL,
        # The employer has work to review: the trainer submitted it.
        "needsReview": row.status == PENDING_APPROVAL,
        "invoiceId": row.invoice_id,
        "createdAt": iso(row.created_at),
    }


def contract_view(contract: Record, milestones: list[Record]) -> dict[str, Any]:
    """The contract object of 2.8 (without `jobDmConversationId` and `budget`)."""
    shown = [m for m in milestones if m.status not in HIDDEN]
    volumes = [Decimal(str(m.volume)) for m in shown if m.volume is not None]
    return {
        "id": contract.id,
        "status": contract.status,
        "title": contract.title,
        "jobId": contract.job_id,
        "proposalId": contract.proposal_id,
        "paymentType": contract.payment_type,
        "rateUsd": rate_usd(contract),
        "estimatedTotalUsd": to_usd(sum(m.amount_cents for m in shown)),
        "estimatedVolume": number(sum(volumes)) if contract.payment_type != FIXED else None,
        "hasActiveMilestone": any(m.status in HOLDING for m in shown),
        "startDate": iso(contract.created_at),
        "endDate": iso(contract.ended_at),
        "createdAt": iso(contract.created_at),
        "updatedAt": iso(contract.updated_at),
        "freelancer": {
            "userId": contract.freelancer_user_id,
            "displayName": display_name(contract.first_name, contract.last_name),
            "country": country_name(contract.country_code),
            "profilePath": f"/profile/{contract.profile_slug}",
        },
        "milestones": [milestone_view(m) for m in shown],
    }


def consumed_volume(contract: Record) -> Decimal:
    if contract.payment_type == HOURLY:
        return Decimal(contract.consumed_seconds) / 3600
    if contract.payment_type == PER_LABEL:
        return Decimal(contract.consumed_labels)
    return Decimal(0)


def budget_figures(contract: Record, milestones: list[Record]) -> dict[str, Any]:
    """Funded, consumed and remaining volume and the state (D38): `LOW` under 20% left,
    `DEPLETED` when nothing is left; a fixed-price contract has no volume and stays `OK`."""
    funded_cents = sum(m.amount_cents for m in milestones if m.status in COUNTED)
    consumed = consumed_volume(contract)
    funded = Decimal(0)
    if contract.payment_type != FIXED:
        funded = volume_of(funded_cents, contract.rate_e4) or Decimal(0)
    remaining = max(Decimal(0), funded - consumed)
    fraction = consumed / funded if funded > 0 else Decimal(1) if consumed > 0 else Decimal(0)
    if contract.payment_type == FIXED or (funded == 0 and consumed == 0):
        state = OK
    elif remaining <= 0:
        state = DEPLETED
    elif remaining < funded * LOW_FRACTION:
        state = LOW
    else:
        state = OK
    return {
        "funded_cents": funded_cents,
        "fundedVolume": number(funded),
        "consumedVolume": number(consumed),
        "remainingVolume": number(remaining),
        "consumedFraction": number(fraction),
        "state": state,
    }


def active_milestone(milestones: list[Record]) -> Record | None:
    """The funded milestone being worked on, else the next one waiting for funding."""
    for wanted in (HOLDING, (NOT_FUNDED,)):
        for m in milestones:
            if m.status in wanted:
                return m
    return None


def budget_view(contract: Record, milestones: list[Record]) -> dict[str, Any]:
    figures = budget_figures(contract, milestones)
    active = active_milestone(milestones)
    seconds = int(contract.consumed_seconds)
    return {
        "contractId": contract.id,
        "paymentType": contract.payment_type,
        "state": figures["state"],
        "fundedVolume": figures["fundedVolume"],
        "fundedAmountUsd": to_usd(figures["funded_cents"]),
        "consumed": {
            "seconds": seconds,
            "hours": number(Decimal(seconds) / 3600),
            "labels": int(contract.consumed_labels),
            "tasks": 0,
        },
        "consumedVolume": figures["consumedVolume"],
        "remainingVolume": figures["remainingVolume"],
        "consumedFraction": figures["consumedFraction"],
        "activeMilestone": None
        if active is None
        else {
            "id": active.id,
            "name": active.name,
            "amountUsd": to_usd(active.amount_cents),
            "volume": number(active.volume),
            "status": active.status,
        },
        "lastUsageAt": iso(contract.last_usage_at),
    }
