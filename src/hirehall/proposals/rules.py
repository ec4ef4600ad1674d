"""Proposal statuses and views, free of the database."""

from __future__ import annotations

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
        "metrics": {"interviewScore": interview_score, "matchScore": row.match_score},
    }


def detail_view(row: Any, public_url: str, ai_interview: dict[str, Any] | None) -> dict[str, Any]:
    """`ai_interview` is the interviews domain's `aiInterview` (None before the interview)."""
    score = ai_interview["score"] if ai_interview else None
    return {
        **summary_view(row, public_url, score),
        "aiInterview": ai_interview,
        "verification": {"location": None, "identity": {"verified": bool(row.identity_verified)}},
        "openLabel": None,
        "contract": None,
    }
