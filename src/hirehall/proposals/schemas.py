"""Request bodies and answers about proposals."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, field_validator

from hirehall.core.wire import Wire
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


# Responses (sections 2.4.9, 2.4.10, 2.5.1).

ProposalStatusRaw = Literal[
    "INVITED",
    "UNREVIEWED",
    "SHORTLISTED",
    "MAYBE",
    "HIRED",
    "DECLINED",
    "NOT_A_FIT",
    "RESUME_SENT",
]


class InviteResult(Wire):
    """`POST /jobs/{id}/invites`: 201 new, 200 `alreadyInvited: true`."""

    ok: Literal[True]
    proposalId: str
    jobId: str
    freelancerId: str
    alreadyInvited: bool


class ProposalStatus(Wire):
    raw: ProposalStatusRaw
    label: str


class Bid(Wire):
    amountUsd: float
    unit: BidUnit
    labelerHourlyRateUsd: float | None


class Candidate(Wire):
    """The masked trainer: first name and last initial, never a last name or an email."""

    id: str
    profileSlug: str
    displayName: str
    firstName: str
    lastNameInitial: str | None
    profileTitle: str | None
    profilePhotoUrl: str | None
    countryCode: str | None
    country: str | None
    talentType: Literal["FREELANCER", "AGENCY"]
    highestEarningsUsd: float
    reviewCount: int


class ProposalMetrics(Wire):
    interviewScore: int | None = Field(ge=0, le=100)
    matchScore: float | None = Field(ge=0, le=1)


class ProposalSummary(Wire):
    id: str
    jobId: str
    jobTitle: str
    createdAt: datetime
    updatedAt: datetime
    status: ProposalStatus
    bid: Bid | None
    candidate: Candidate
    metrics: ProposalMetrics


class ProposalPage(Wire):
    proposals: list[ProposalSummary]
    nextCursor: str | None


class IdentityVerification(Wire):
    verified: bool


class Verification(Wire):
    location: dict[str, Any] | None
    identity: IdentityVerification


class AiInterview(Wire):
    score: int | None = Field(ge=0, le=100)
    summary: str | None
    transcriptAvailable: bool


class Proposal(ProposalSummary):
    """The proposal detail: the summary's fields and what only the detail shows."""

    aiInterview: AiInterview | None
    verification: Verification
    openLabel: dict[str, Any] | None
    contract: dict[str, Any] | None


class ProposalAnswer(Wire):
    """`{"proposal": <the proposal detail>}`."""

    proposal: Proposal
