"""Bodies about jobs: the operator's create (any draft field of the contract)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
