"""Proposal statuses and views, free of the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hirehall.core.timefmt import iso
from hirehall.freelancers.rules import candidate_view

STATUS_LABELS = {
    "INVITED": "Invited",  # hirehall's addition (decision D10)
    "UNREVIEWED": "Unreviewed",
    "SHORTLISTED": "Shortlisted",
    "MAYBE": "Maybe",
    "HIRED": "Hired",
    "DECLINED": "Declined",
    "NOT_A_FIT": "Not a fit",
    "RESUME_SENT": "Resume sent",
}
INVITED = "INVITED"
# The statuses the employer's humans set (operator `POST /proposals/{id}/status`, D28).
EMPLOYER_STATUSES = ("UNREVIEWED", "SHORTLISTED", "MAYBE", "NOT_A_FIT", "DECLINED")
BID_UNITS = ("PER_HOUR", "PER_LABEL", "FIXED_PRICE")
# A bid's unit defaults to the job's pay type (D29).
UNIT_OF_PAY_TYPE = {
    "PAY_PER_HOUR": "PER_HOUR",
    "PAY_PER_LABEL": "PER_LABEL",
    "FIXED_PRICE": "FIXED_PRICE",
}
COVER_LETTER_MAX = 5000
MAX_BID_USD = 1_000_000


def bid_view(amount_usd: float, unit: str, hourly_rate_usd: float | None) -> dict[str, Any]:
    """The stored and shown bid: the trainer's hourly rate rides along on per-label bids."""
    return {
        "amountUsd": amount_usd,
        "unit": unit,
        "labelerHourlyRateUsd": hourly_rate_usd if unit == "PER_LABEL" else None,
    }


def metrics_view(row: Any, interview_score: int | None) -> dict[str, Any]:
    """`interviewScore` comes from the interviews domain; `matchScore` is computed on read, so
    it follows the job and the profile as they are now."""
    return {
        "interviewScore": interview_score,
        "matchScore": match_score(
            row.job_fields or {},
            skills=row.skills,
            languages=row.languages,
            country_code=row.country_code,
            expertise_level=row.expertise_level,
        ),
    }


def normalize_status(value: str) -> str | None:
    """Case-insensitive, spaces and hyphens read as underscores (section 2.4.10)."""
    key = value.strip().upper().replace(" ", "_").replace("-", "_")
    return key if key in STATUS_LABELS else None


def summary_view(row: Any, public_url: str, interview_score: int | None) -> dict[str, Any]:
    return {
        "id": row.id,
        "jobId": row.job_id,
        "jobTitle": row.job_title,
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
        "status": {"raw": row.proposal_status, "label": STATUS_LABELS[row.proposal_status]},
        "bid": row.bid,
        "candidate": candidate_view(row, public_url),
        "metrics": metrics_view(row, interview_score),
    }


def detail_view(
    row: Any,
    public_url: str,
    ai_interview: dict[str, Any] | None,
    contract: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`ai_interview` is the interviews domain's `aiInterview` (None before the interview);
    `contract` the contracts domain's `{id, status}` once a hire made one."""
    score = ai_interview["score"] if ai_interview else None
    return {
        **summary_view(row, public_url, score),
        "aiInterview": ai_interview,
        "verification": {"location": None, "identity": {"verified": bool(row.identity_verified)}},
        "openLabel": None,
        "contract": contract,
    }


# `metrics.matchScore` (decision D29): how many of the categories the job names the trainer meets.
EXPERIENCE_RANK = {"ENTRY_LEVEL": 0, "INTERMEDIATE": 1, "EXPERT": 2}
ANY_EXPERIENCE = "ANY_EXPERIENCE_LEVEL"


def _key(value: Any) -> str:
    """Values compare case-insensitively, spaces, hyphens and underscores alike ("Text" is
    "TEXT", "bounding-box" is "BOUNDING_BOX")."""
    return str(value).strip().upper().replace(" ", "_").replace("-", "_")


def _keys(values: Iterable[Any] | None) -> set[str]:
    return {_key(v) for v in values or [] if str(v).strip()}


def match_score(
    job_fields: dict[str, Any],
    *,
    skills: dict[str, Any] | None,
    languages: list[dict[str, Any]] | None,
    country_code: str | None,
    expertise_level: str | None,
) -> float | None:
    """met ÷ named over the five categories the job names, two decimals; None when the job
    names none. A category the job leaves empty is not counted."""
    skills = skills or {}
    checks: list[bool] = []
    data_types = _keys([job_fields["dataType"]] if job_fields.get("dataType") else [])
    if data_types:
        checks.append(bool(data_types & _keys(skills.get("dataTypes"))))
    label_types = _keys(job_fields.get("labelTypes"))
    if label_types:
        checks.append(bool(label_types & _keys(skills.get("labelTypes"))))
    wanted_languages = _keys(job_fields.get("languages"))
    if wanted_languages:
        spoken = _keys(entry.get("language") for entry in languages or [])
        checks.append(bool(wanted_languages & spoken))
    countries = _keys(job_fields.get("countries"))
    if countries:
        checks.append(country_code is not None and _key(country_code) in countries)
    level = job_fields.get("experienceLevel")
    if level:
        checks.append(_experience_met(level, expertise_level))
    if not checks:
        return None
    return round(sum(checks) / len(checks), 2)


def _experience_met(job_level: str, trainer_level: str | None) -> bool:
    if job_level == ANY_EXPERIENCE:
        return True
    if trainer_level not in EXPERIENCE_RANK or job_level not in EXPERIENCE_RANK:
        return False
    return EXPERIENCE_RANK[trainer_level] >= EXPERIENCE_RANK[job_level]


_PER = {"PER_HOUR": "per hour", "PER_LABEL": "per label", "FIXED_PRICE": "for the whole job"}


def _usd(amount: float | int) -> str:
    """$18, $18.50, $0.0575: whole dollars bare, else cents, more only when the bid has more."""
    if float(amount).is_integer():
        return f"${int(amount):,}"
    whole, _, cents = f"{amount:,.4f}".partition(".")
    return f"${whole}.{cents.rstrip('0').ljust(2, '0')}"


def bid_text(bid: dict[str, Any] | None) -> str:
    """A bid as the trainer pages say it: "$18.50 per hour"."""
    if not bid:
        return ""
    text = f"{_usd(bid['amountUsd'])} {_PER.get(bid['unit'], '')}".strip()
    if bid.get("labelerHourlyRateUsd") is not None:
        text += f" (your hourly rate {_usd(bid['labelerHourlyRateUsd'])})"
    return text


def pay_text(pay: dict[str, Any]) -> str:
    """A job's pay (the contract's `pay` object) in words."""
    kind = pay.get("paymentType")
    if kind == "PAY_PER_HOUR" and pay.get("hourlyRate") is not None:
        return f"{_usd(pay['hourlyRate'])} per hour"
    if kind == "PAY_PER_LABEL" and pay.get("perLabelRate") is not None:
        return f"{_usd(pay['perLabelRate'])} per label"
    if kind == "FIXED_PRICE" and pay.get("fixedPrice") is not None:
        return f"{_usd(pay['fixedPrice'])} fixed price"
    return {"PAY_PER_HOUR": "per hour", "PAY_PER_LABEL": "per label"}.get(kind or "", "fixed price")
