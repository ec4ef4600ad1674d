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

    jobDescription: str | None = Field(default=None, max_length=60000)  # noqa: N815
    paymentType: PaymentType | None = None  # noqa: N815
    pricePerHour: float | None = Field(default=None, gt=0, le=100000)  # noqa: N815
    pricePerLabel: float | None = Field(default=None, gt=0, le=100000)  # noqa: N815
    fixedPrice: float | None = Field(default=None, gt=0, le=10000000)  # noqa: N815
    experienceLevel: ExperienceLevel | None = None  # noqa: N815
    dataVolume: float | None = Field(default=None, ge=0)  # noqa: N815
    dataVolumeUnit: DataVolumeUnit | None = None  # noqa: N815
    languages: list[str] | None = None
    countries: list[str] | None = None
    labelTypes: list[str] | None = None  # noqa: N815
    headcount: int | None = Field(default=None, ge=1, le=10000)
    labelingOverview: str | None = None  # noqa: N815
    datasetDescription: str | None = None  # noqa: N815
    dataType: str | None = None  # noqa: N815
    subjectMatter: str | None = None  # noqa: N815
    labelingSoftware: str | None = None  # noqa: N815
    aiInterviewRequirements: str | None = None  # noqa: N815
    budgetRange: str | None = None  # noqa: N815
    workloadDesc: str | None = None  # noqa: N815
    timeRequirement: str | None = None  # noqa: N815
    projectDuration: str | None = None  # noqa: N815
    freelancerType: str | None = None  # noqa: N815
    projectScope: str | None = None  # noqa: N815
    visibility: str | None = None
    category: str | None = None


class AdminJobCreate(DraftFields):
    accountId: str = Field(min_length=1, max_length=64)  # noqa: N815
    title: str = Field(min_length=1, max_length=300)
    status: JobStatus = "OPEN"
