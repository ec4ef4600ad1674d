"""Operator bodies: strict, unknown keys rejected."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FeatureName = Literal[
    "public_api_job_drafting",
    "public_api_job_publishing",
    "public_api_hiring",
    "public_api_messaging_writes",
    "public_api_team",
    "public_api_payments_write",
    "public_api_credits",
    "public_api_webhooks",
]


EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


ApprovalPolicy = Literal["manual", "auto_confirm", "auto_decline"]


class PaymentMethod(Strict):
    """A test card number to put on file (decision D38)."""

    card: str = Field(min_length=1, max_length=40)


class AccountCreate(Strict):
    name: str = Field(min_length=1, max_length=120)
    ownerName: str = Field(default="Account Owner", min_length=1, max_length=160)
    claimed: bool = True
    features: list[FeatureName] | None = None
    ownerEmail: str | None = Field(default=None, max_length=320, pattern=EMAIL_PATTERN)
    approvalPolicy: ApprovalPolicy = "manual"
    paymentMethod: PaymentMethod | None = None
    teamsEnabled: bool = True


class AccountPatch(Strict):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    claimed: bool | None = None
    features: list[FeatureName] | None = None
    ownerEmail: str | None = Field(default=None, max_length=320, pattern=EMAIL_PATTERN)
    approvalPolicy: ApprovalPolicy | None = None
    # null removes the card on file (so it is kept in the changes even when None).
    paymentMethod: PaymentMethod | None = None
    teamsEnabled: bool | None = None


class TokenCreate(Strict):
    scopes: list[str] | None = None
    name: str = Field(default="API token", min_length=1, max_length=120)
    expiresAt: datetime | None = None
    userId: str | None = Field(default=None, min_length=1, max_length=200)


class ClockMove(Strict):
    advanceSeconds: int | None = Field(default=None, ge=0)
    now: datetime | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ClockMove:
        if (self.advanceSeconds is None) == (self.now is None):
            raise ValueError("Give exactly one of advanceSeconds or now.")
        return self
