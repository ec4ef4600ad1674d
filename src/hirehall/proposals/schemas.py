"""Bodies and responses about proposals."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hirehall.core.wire import Wire


class InviteBody(BaseModel):
    """`POST /jobs/{id}/invites`; unknown extra keys are ignored (invites.md)."""

    model_config = ConfigDict(extra="ignore")

    freelancerId: str = Field(min_length=1, max_length=200)


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
    unit: Literal["PER_HOUR", "PER_LABEL", "FIXED_PRICE"]
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


class Proposal(ProposalSummary):
    """The proposal detail: the summary's fields and what only the detail shows."""

    aiInterview: dict[str, Any] | None
    verification: Verification
    openLabel: dict[str, Any] | None
    contract: dict[str, Any] | None


class ProposalDetail(Wire):
    proposal: Proposal
