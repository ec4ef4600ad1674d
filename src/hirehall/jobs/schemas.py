"""Bodies about jobs (the operator's create, any draft field of the contract) and the
responses of the job and draft operations."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hirehall.core.wire import Wire

JobStatus = Literal["DRAFT", "OPEN", "ONGOING", "COMPLETED", "ARCHIVED", "PENDING_APPROVAL"]
PaymentType = Literal["PAY_PER_LABEL", "PAY_PER_HOUR", "FIXED_PRICE"]
ExperienceLevel = Literal["EXPERT", "ENTRY_LEVEL", "INTERMEDIATE", "ANY_EXPERIENCE_LEVEL"]
DataVolumeUnit = Literal[
    "HOURS_OF_RECORDING_AUDIO_VIDEO", "NUMBER_OF_FILES", "NUMBER_OF_WORDS", "UNKNOWN_NOT_SPECIFIED"
]


class DraftFields(BaseModel):
    """The draft fields of section 2.3.2, under their wire (PATCH) names."""

    model_config = ConfigDict(extra="forbid")

    jobDescription: str | None = Field(default=None, max_length=60000)
    paymentType: PaymentType | None = None
    pricePerHour: float | None = Field(default=None, gt=0, le=100000)
    pricePerLabel: float | None = Field(default=None, gt=0, le=100000)
    fixedPrice: float | None = Field(default=None, gt=0, le=10000000)
    experienceLevel: ExperienceLevel | None = None
    dataVolume: float | None = Field(default=None, ge=0)
    dataVolumeUnit: DataVolumeUnit | None = None
    languages: list[str] | None = None
    countries: list[str] | None = None
    labelTypes: list[str] | None = None
    headcount: int | None = Field(default=None, ge=1, le=10000)
    labelingOverview: str | None = None
    datasetDescription: str | None = None
    dataType: str | None = None
    subjectMatter: str | None = None
    labelingSoftware: str | None = None
    aiInterviewRequirements: str | None = None
    budgetRange: str | None = None
    workloadDesc: str | None = None
    timeRequirement: str | None = None
    projectDuration: str | None = None
    freelancerType: str | None = None
    projectScope: str | None = None
    visibility: str | None = None
    category: str | None = None


class AdminJobCreate(DraftFields):
    accountId: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=300)
    status: JobStatus = "OPEN"


# Responses (sections 2.3, 2.4).


class ProposalCounts(Wire):
    total: int
    unreviewed: int


class Job(Wire):
    """An item of `GET /jobs/mine`: the account's own job, drafts included."""

    id: str
    title: str
    status: JobStatus
    published: bool
    acceptingApplicants: bool
    createdAt: datetime
    updatedAt: datetime
    jobUrl: str
    proposalCounts: ProposalCounts


class JobPage(Wire):
    jobs: list[Job]
    nextCursor: str | None


class SideEffects(Wire):
    dispatched: bool
    status: str


class PublishResult(Wire):
    ok: Literal[True]
    jobId: str
    status: Literal["OPEN"]
    alreadyPublished: bool
    jobUrl: str
    publishAttemptId: str | None
    warnings: list[str]
    sideEffects: SideEffects


class CloseResult(Wire):
    ok: Literal[True]
    jobId: str
    status: Literal["ARCHIVED"]
    alreadyClosed: bool


class Moderation(Wire):
    decision: Literal["ALLOW"]
    reasons: list[str]


class JobUpdateResult(Wire):
    ok: Literal[True]
    jobId: str
    status: Literal["OPEN"]
    moderation: Moderation


class DraftValidation(Wire):
    publishReady: bool
    issueCount: int
    missingFieldCount: int
    missingFields: list[str]
    issues: list[dict[str, Any]]


class MissingField(Wire):
    """What a draft still lacks, and how to fill it (decision D13)."""

    field: str
    label: str
    message: str
    code: Literal["missing_required_field"]
    prompt: str
    type: str
    enumValues: list[str] | None
    updateKeys: list[str]
    example: Any
    hint: str | None


class JobDraftUpdate(Wire):
    """`PATCH /job-drafts/{jobId}`."""

    ok: Literal[True]
    jobId: str
    status: Literal["DRAFT"]
    draftUrl: str
    validation: DraftValidation
    missingFields: list[MissingField]


class JobDraft(JobDraftUpdate):
    """`POST /job-drafts`: 201 new, 200 an idempotent replay; with the import's report."""

    reviewUrl: str
    normalizedFields: dict[str, Any]
    lowConfidenceFields: list[Any]
    unmappedFields: list[Any]
    warnings: list[Any]
