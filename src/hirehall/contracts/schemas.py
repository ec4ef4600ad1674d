"""Request bodies and answers about contracts and milestones (2.8, D38)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, field_validator

from hirehall.approvals.schemas import MAX_AMOUNT_USD, two_decimals
from hirehall.core.wire import Wire

MAX_VOLUME = 100_000_000


class MilestoneCreate(BaseModel):
    """`POST /contracts/{id}/milestones`: `description` required; `amountUsd` for fixed
    price, `volume` for hourly and per-label contracts; `dueDate` ISO 8601 (a date is
    midnight UTC)."""

    model_config = ConfigDict(extra="ignore")

    description: str = Field(min_length=1, max_length=5000)
    name: str | None = Field(default=None, max_length=200)
    amountUsd: StrictFloat | None = Field(
        default=None, gt=0, le=MAX_AMOUNT_USD, allow_inf_nan=False
    )
    volume: StrictFloat | None = Field(default=None, gt=0, le=MAX_VOLUME, allow_inf_nan=False)
    dueDate: str | None = Field(default=None, min_length=10, max_length=40)

    @field_validator("amountUsd")
    @classmethod
    def _cents(cls, value: float | None) -> float | None:
        return None if value is None else two_decimals(value)


class SubmitBody(BaseModel):
    """The operator's (and the trainer page's) submit: an optional note."""

    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(default=None, max_length=5000)


class UsageBody(BaseModel):
    """The operator's usage report: hours and/or labels, each ≥ 0, at least one given."""

    model_config = ConfigDict(extra="forbid")

    hours: StrictFloat | None = Field(default=None, ge=0, le=100_000, allow_inf_nan=False)
    labels: StrictInt | None = Field(default=None, ge=0, le=MAX_VOLUME)


# Responses.

MilestoneStatus = Literal[
    "NOT_FUNDED", "ACTIVE_FUNDED", "PENDING_APPROVAL", "PAID", "REFUNDED", "CANCELLED"
]


class MilestoneOut(Wire):
    id: str
    name: str | None
    description: str | None
    status: MilestoneStatus
    amountUsd: float
    volume: float | None
    milestoneNumber: int
    dueDate: datetime | None
    pendingApproval: bool
    needsReview: bool
    invoiceId: str | None
    createdAt: datetime


class ContractFreelancer(Wire):
    userId: str
    displayName: str
    country: str | None
    profilePath: str


class ContractSummary(Wire):
    id: str
    status: Literal["active", "ended"]
    title: str
    jobId: str
    proposalId: str
    paymentType: Literal["FIXED_PRICE", "PAY_PER_HOUR", "PAY_PER_LABEL"]
    rateUsd: float | None
    estimatedTotalUsd: float
    estimatedVolume: float | None
    hasActiveMilestone: bool
    startDate: datetime
    endDate: datetime | None
    createdAt: datetime
    updatedAt: datetime
    freelancer: ContractFreelancer
    milestones: list[MilestoneOut]


class Consumed(Wire):
    seconds: int
    hours: float
    labels: int
    tasks: int


class ActiveMilestone(Wire):
    id: str
    name: str | None
    amountUsd: float
    volume: float | None
    status: MilestoneStatus


class Budget(Wire):
    contractId: str
    paymentType: str
    state: Literal["OK", "LOW", "DEPLETED"]
    fundedVolume: float
    fundedAmountUsd: float
    consumed: Consumed
    consumedVolume: float
    remainingVolume: float
    consumedFraction: float
    activeMilestone: ActiveMilestone | None
    lastUsageAt: datetime | None


class ContractDetail(ContractSummary):
    jobDmConversationId: str | None
    budget: Budget


class ContractList(Wire):
    contracts: list[ContractSummary]


class ContractAnswer(Wire):
    contract: ContractDetail


class MilestoneAnswer(Wire):
    milestone: MilestoneOut


class BudgetAnswer(Wire):
    budget: Budget


class ContractEnded(Wire):
    ok: Literal[True]
    contractId: str
    status: Literal["ended"]
