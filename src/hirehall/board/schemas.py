"""Responses of the public, tokenless job board (spec 2.4.1-2.4.4)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from hirehall.core.wire import Wire
from hirehall.jobs.schemas import JobStatus, PaymentType


class Pay(Wire):
    paymentType: PaymentType | None
    currency: Literal["USD"]
    hourlyRate: float | None
    hourlyMin: float | None
    hourlyMax: float | None
    fixedPrice: float | None
    perLabelRate: float | None


class PublicJob(Wire):
    """The public job object shared by `GET /jobs` and `GET /jobs/{id}`."""

    id: str
    slug: str
    title: str
    companyName: str
    descriptionText: str
    descriptionHtml: str
    seoTitle: str | None
    summary: str | None
    status: JobStatus
    datePosted: datetime | None
    validThrough: datetime | None
    updatedAt: datetime
    employmentTypes: list[str]
    countries: list[str]
    languages: list[str]
    category: str | None
    dataType: str | None
    labelTypes: list[str]
    labelingSoftware: str | None
    experienceLevel: str | None
    skills: list[str]
    pay: Pay
    url: str
    applyUrl: str


class PublicJobPage(Wire):
    jobs: list[PublicJob]
    nextCursor: str | None
    generatedAt: datetime


class UnlistedJob(Wire):
    """404 for a job that exists but is not on the board: not the envelope (section 1.3.1)."""

    id: str
    status: Literal["closed"]


class FacetCount(Wire):
    value: str
    count: int


class JobFacets(Wire):
    totalJobs: int
    categories: list[FacetCount]
    languages: list[FacetCount]
    countries: list[FacetCount]
    payTypes: list[FacetCount]
    generatedAt: datetime


class JobChange(Wire):
    jobId: str
    eventType: Literal["PUBLISHED", "UPDATED", "CLOSED"]
    occurredAt: datetime


class JobChanges(Wire):
    since: datetime
    until: datetime
    changes: list[JobChange]
    generatedAt: datetime
