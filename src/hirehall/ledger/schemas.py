"""Answers of the credits operations (section 2.11) and the operator's money operations."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt


class LedgerEntry(BaseModel):
    """The contract's ledger entry object (`jobofferId` is the proposal id, legacy name)."""

    id: str
    type: Literal["TOP_UP", "HOLD", "HOLD_RELEASE", "CAPTURE", "REFUND", "ADJUSTMENT"]
    amountCents: int
    createdAt: str
    holdEntryId: str | None
    jobofferId: str | None
    contractId: str | None
    milestoneId: str | None
    topUpId: str | None
    note: str | None


class CreditsBody(BaseModel):
    availableCents: int
    reservedCents: int
    currency: Literal["usd"]
    recentEntries: list[LedgerEntry]


class CreditsOverview(BaseModel):
    """`GET /credits`."""

    credits: CreditsBody


class LedgerPage(BaseModel):
    """`GET /credits/ledger`: newest first."""

    entries: list[LedgerEntry]
    nextCursor: str | None


# Adjustments are bounded so a typo cannot put billions on an account ($10,000,000).
MAX_ADJUSTMENT_CENTS = 1_000_000_000


class CreditAdjustment(BaseModel):
    """The operator's `POST /accounts/{id}/credits`."""

    model_config = ConfigDict(extra="forbid")

    amountCents: StrictInt = Field(ge=-MAX_ADJUSTMENT_CENTS, le=MAX_ADJUSTMENT_CENTS)
    note: str | None = Field(default=None, max_length=500)
