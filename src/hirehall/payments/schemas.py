"""Bodies and answers of top-ups and pending payments (sections 2.11.3-2.11.5)."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

from hirehall.api.issues import parse_json_object
from hirehall.core import issues as zod
from hirehall.core.errors import BadRequest

MIN_TOP_UP_USD, MAX_TOP_UP_USD = 10, 10_000


class TopUp(BaseModel):
    """The contract's top-up object."""

    id: str
    status: Literal["PENDING", "COMPLETED", "EXPIRED"]
    amountCents: int
    createdAt: str
    completedAt: str | None
    expiresAt: str


class TopUpCreated(BaseModel):
    """`POST /credits/top-ups` (201)."""

    topUpId: str
    checkoutUrl: str
    expiresAt: str | None
    topUp: TopUp
    message: str


class TopUpAnswer(BaseModel):
    """`GET /credits/top-ups/{topUpId}`."""

    topUp: TopUp


class CreateTopUpBody(BaseModel):
    """`{"amountUsd": number}` (alias `amount`), 10 to 10,000 USD, at most 2 decimals."""

    amountUsd: float


class JobRef(BaseModel):
    id: str | None
    title: str | None


class MilestoneRef(BaseModel):
    id: str | None
    name: str | None


class PendingPayment(BaseModel):
    id: str
    status: Literal["PENDING_FUNDING", "PENDING_PAYOUT"]
    invoiceKind: Literal["FUNDING"]
    viewerRole: Literal["EMPLOYER"]
    amountUsd: float
    createdAt: str
    invoiceNumber: int
    job: JobRef
    milestone: MilestoneRef


class PendingPayments(BaseModel):
    """`GET /payments/pending`: newest first."""

    payments: list[PendingPayment]


def _amount_error(message: str, issue: zod.Issue) -> BadRequest:
    return BadRequest(message, {"field": "amountUsd", "issues": [issue]})


def top_up_cents(raw: bytes) -> int:
    """The top-up amount in cents, or a 400 with `details.field: "amountUsd"` (and the zod
    issue): missing, not a JSON number, out of 10..10,000, or more than 2 decimals."""
    data = parse_json_object(raw)
    unknown = sorted(set(data) - {"amountUsd", "amount"})
    if unknown:
        raise BadRequest(
            "Unknown keys in the body.", {"issues": [zod.unrecognized_keys([], unknown)]}
        )
    key = "amountUsd" if "amountUsd" in data else "amount"
    value: Any = data.get(key)
    if value is None and key not in data:
        missing = {**zod.invalid_type(["amountUsd"], "number", None), "received": "undefined"}
        raise _amount_error("amountUsd is required.", {**missing, "message": "Required"})
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _amount_error("amountUsd must be a number.", zod.invalid_type([key], "number", value))
    amount = Decimal(str(value))
    if amount < MIN_TOP_UP_USD:
        raise _amount_error(
            f"amountUsd must be at least {MIN_TOP_UP_USD}.",
            zod.too_small([key], "number", MIN_TOP_UP_USD),
        )
    if amount > MAX_TOP_UP_USD:
        raise _amount_error(
            f"amountUsd must be at most {MAX_TOP_UP_USD}.",
            zod.too_big([key], "number", MAX_TOP_UP_USD),
        )
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise _amount_error(
            "amountUsd has at most 2 decimals (whole cents).",
            zod.custom([key], "amountUsd must have at most 2 decimal places"),
        )
    return int(cents)
