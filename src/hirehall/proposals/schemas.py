"""Request bodies and answers about proposals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, field_validator

from hirehall.proposals.rules import COVER_LETTER_MAX, MAX_BID_USD


class InviteBody(BaseModel):
    """`POST /jobs/{id}/invites`; unknown extra keys are ignored (invites.md)."""

    model_config = ConfigDict(extra="ignore")

    freelancerId: str = Field(min_length=1, max_length=200)


BidUnit = Literal["PER_HOUR", "PER_LABEL", "FIXED_PRICE"]
EmployerStatus = Literal["UNREVIEWED", "SHORTLISTED", "MAYBE", "NOT_A_FIT", "DECLINED"]


class Strict(BaseModel):
    """Operator bodies: unknown keys are rejected (admin-api.md)."""

    model_config = ConfigDict(extra="forbid")


class BidBody(Strict):
    """A trainer's bid; `unit` defaults to the job's pay type (D29). A number, never a
    numeric string; more than 4 decimals (a hundredth of a cent) is refused, not rounded."""

    amountUsd: StrictFloat = Field(gt=0, le=MAX_BID_USD, allow_inf_nan=False)
    unit: BidUnit | None = None

    @field_validator("amountUsd")
    @classmethod
    def _precision(cls, value: float) -> float:
        exponent = Decimal(str(value)).as_tuple().exponent
        if isinstance(exponent, int) and exponent < -4:
            raise ValueError("amountUsd takes at most 4 decimal places")
        return value


class SubmissionBody(Strict):
    """`POST /act/proposals/{id}/accept` (and the bid form of the trainer page)."""

    bid: BidBody
    coverLetter: str | None = Field(default=None, max_length=COVER_LETTER_MAX)


class ApplyBody(SubmissionBody):
    """`POST /act/jobs/{jobId}/apply`."""

    freelancerId: str = Field(min_length=1, max_length=64)


class NoBody(Strict):
    """`{}` (decline, withdraw)."""


class StatusBody(Strict):
    """`POST /proposals/{id}/status`: only the employer's five statuses (D28)."""

    status: EmployerStatus


# Answers (the contract's proposal objects, section 2.4.10 and 2.5.1).


class ProposalStatus(BaseModel):
    raw: str
    label: str


class Bid(BaseModel):
    amountUsd: int | float
    unit: BidUnit
    labelerHourlyRateUsd: int | float | None


class Candidate(BaseModel):
    id: str
    profileSlug: str
    displayName: str
    firstName: str
    lastNameInitial: str | None
    profileTitle: str | None
    profilePhotoUrl: str | None
    countryCode: str | None
    country: str | None
    talentType: str
    highestEarningsUsd: int | float
    reviewCount: int


class Metrics(BaseModel):
    interviewScore: int | float | None
    matchScore: int | float | None


class ProposalSummary(BaseModel):
    id: str
    jobId: str
    jobTitle: str
    createdAt: str
    updatedAt: str
    status: ProposalStatus
    bid: Bid | None
    candidate: Candidate
    metrics: Metrics


class AiInterview(BaseModel):
    score: int | float | None
    summary: str | None
    transcriptAvailable: bool


class ProposalDetail(ProposalSummary):
    aiInterview: AiInterview | None
    verification: dict[str, Any]
    openLabel: dict[str, Any] | None
    contract: dict[str, Any] | None


class ProposalAnswer(BaseModel):
    """`{"proposal": <proposal detail>}`."""

    proposal: ProposalDetail
