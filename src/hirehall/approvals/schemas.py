"""Request bodies and answers about hires and approvals (2.5.4, 2.9, D35, D36)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    field_validator,
    model_validator,
)

from hirehall.core.wire import Wire

MAX_AMOUNT_USD = 1_000_000
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def two_decimals(value: float) -> float:
    """Money takes at most 2 decimal places (cents): more is refused, never rounded."""
    exponent = Decimal(str(value)).as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError("amounts take at most 2 decimal places (cents)")
    return value


def real_date(value: str | None) -> str | None:
    if value is not None:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError("dueDate must be a date, YYYY-MM-DD") from None
    return value


class HireMilestone(BaseModel):
    """The first escrow milestone of a hire: `amount` in USD (> 0, cents at most), and at
    least one of `name` and `description`."""

    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    amount: StrictFloat = Field(gt=0, le=MAX_AMOUNT_USD, allow_inf_nan=False)
    dueDate: str | None = Field(default=None, pattern=_DATE)

    @field_validator("amount")
    @classmethod
    def _cents(cls, value: float) -> float:
        return two_decimals(value)

    @field_validator("dueDate")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return real_date(value)

    @model_validator(mode="after")
    def _named(self) -> HireMilestone:
        if not (self.name or "").strip() and not (self.description or "").strip():
            raise ValueError("milestone needs a name or a description")
        return self


class HireBody(BaseModel):
    """`POST /proposals/{id}/hire`; unknown keys are ignored, like the invite's."""

    model_config = ConfigDict(extra="ignore")

    milestone: HireMilestone
    confirmNotFitOverride: StrictBool = False


class ConfirmBody(BaseModel):
    """The operator's confirm: `paymentSource` chooses credits or the card."""

    model_config = ConfigDict(extra="forbid")

    paymentSource: Literal["credits", "card"] | None = None


# Responses.

ApprovalType = Literal["proposal_hire", "milestone_fund", "milestone_approve", "contract_end"]


class Approval(Wire):
    id: str
    type: ApprovalType
    status: Literal["pending", "confirmed", "declined", "expired"]
    contractId: str | None
    milestoneId: str | None
    jobId: str | None
    proposalId: str | None
    approvalUrl: str
    expiresAt: datetime
    resolvedAt: datetime | None
    result: dict[str, Any] | None
    createdAt: datetime


class ApprovalAnswer(Wire):
    """`{"approval"}` (2.9.1, the operator's confirm and decline)."""

    approval: Approval


class ApprovalRequested(Wire):
    """202 of every co-signed request: the approval and what the human must do."""

    approval: Approval
    message: str
