"""Operator bodies for trainers (unknown keys are rejected: operators want typos caught)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from hirehall.core.wire import Wire

Availability = Literal["FULL_TIME", "PART_TIME", "AS_NEEDED", "NOT_AVAILABLE"]
AccountStatus = Literal["ACTIVE", "SUSPENDED", "DEACTIVATED"]


class Skills(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subjectMatter: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    software: list[str] = Field(default_factory=list)
    dataTypes: list[str] = Field(default_factory=list)
    labelTypes: list[str] = Field(default_factory=list)


class LanguageSkill(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: str = Field(min_length=1, max_length=60)
    proficiency: Literal["BASIC", "CONVERSATIONAL", "FLUENT", "NATIVE"]


class Stats(BaseModel):
    model_config = ConfigDict(extra="forbid")
    totalEarnedUsd: float = Field(default=0, ge=0)
    billedHours: float = Field(default=0, ge=0)
    jobSuccessScore: int | None = Field(default=None, ge=0, le=100)


class TrainerFields(BaseModel):
    """Every field the operator may set on a trainer (the create and the patch body)."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=False)

    first_name: str | None = Field(default=None, min_length=1, max_length=80)
    last_name: str | None = Field(default=None, min_length=1, max_length=80)
    # The trainer signs in to the pages with it (D24); never shown by the public API.
    email: str | None = Field(
        default=None, max_length=320, pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"
    )
    profile_slug: str | None = Field(
        default=None, min_length=1, max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
    )
    availability: Availability | None = None
    status: AccountStatus | None = None
    title: str | None = Field(default=None, max_length=200)
    bio: str | None = Field(default=None, max_length=5000)
    city: str | None = Field(default=None, max_length=120)
    country_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    profile_photo_path: str | None = Field(default=None, max_length=200)
    hourly_rate_usd: float | None = Field(default=None, ge=0, le=10000)
    expertise_level: Literal["ENTRY_LEVEL", "INTERMEDIATE", "EXPERT"] | None = None
    english_level: Literal["BASIC", "CONVERSATIONAL", "FLUENT", "NATIVE"] | None = None
    talent_type: Literal["Individual", "Agency"] | None = None
    identity_verified: bool | None = None
    member_since: datetime | None = None
    skills: Skills | None = None
    languages: list[LanguageSkill] | None = None
    stats: Stats | None = None
    agency: dict[str, Any] | None = None
    label_experience: list[dict[str, Any]] | None = None
    work_experience: list[dict[str, Any]] | None = None
    education: list[dict[str, Any]] | None = None
    reviews: list[dict[str, Any]] | None = None


class TrainerCreate(TrainerFields):
    first_name: str = Field(min_length=1, max_length=80)
    last_name: str = Field(min_length=1, max_length=80)


# Responses (section 2.6.1).


class ProfileStats(Wire):
    totalEarnedUsd: float
    billedHours: float
    jobSuccessScore: int | None
    reviewCount: int
    averageRating: float | None


class FreelancerProfile(Wire):
    """The public AI-trainer profile: masked (first name and last initial)."""

    id: str
    profileSlug: str
    profilePath: str
    displayName: str
    firstName: str
    lastNameInitial: str | None
    talentType: Literal["Individual", "Agency"]
    title: str | None
    bio: str | None
    city: str | None
    countryCode: str | None
    country: str | None
    profilePhotoUrl: str | None
    hourlyRateUsd: float | None
    availability: Availability
    expertiseLevel: Literal["ENTRY_LEVEL", "INTERMEDIATE", "EXPERT"] | None
    englishLevel: Literal["BASIC", "CONVERSATIONAL", "FLUENT", "NATIVE"] | None
    memberSince: datetime | None
    identityVerified: bool
    skills: Skills
    languages: list[LanguageSkill]
    stats: ProfileStats
    agency: dict[str, Any] | None
    labelExperience: list[dict[str, Any]]
    workExperience: list[dict[str, Any]]
    education: list[dict[str, Any]]
    reviews: list[dict[str, Any]]


class FreelancerProfileResponse(Wire):
    freelancer: FreelancerProfile
