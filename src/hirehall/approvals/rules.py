"""The approval object and its rules (section 1.14, D36): statuses, the 202 messages, the
72-hour lifetime, the subject key that keeps one request live per subject."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hirehall.core.errors import Conflict
from hirehall.core.timefmt import iso
from hirehall.db.types import Record

PENDING, CONFIRMED, DECLINED, EXPIRED = "pending", "confirmed", "declined", "expired"
HIRE, FUND, RELEASE, END = "proposal_hire", "milestone_fund", "milestone_approve", "contract_end"
LIFETIME = timedelta(hours=72)
POLICIES = ("manual", "auto_confirm", "auto_decline")

MESSAGES = {
    HIRE: "Hire request recorded. A signed-in human must confirm this approval in the "
    "OpenTrain app before the freelancer is hired and any money moves.",
    FUND: "Funding request recorded. A signed-in human must confirm this approval in the "
    "OpenTrain app before any money moves.",
    RELEASE: "Release request recorded. A signed-in human must confirm this approval in the "
    "OpenTrain app before any money moves.",
    END: "This contract has funded milestones, so a signed-in human must confirm ending it "
    "in the OpenTrain app.",
}


def live_key(kind: str, subject_id: str) -> str:
    """The key a pending approval holds on its subject (the proposal, milestone, contract)."""
    return f"{kind}:{subject_id}"


def approval_url(public_url: str, approval_id: str) -> str:
    return f"{public_url}/approvals/{approval_id}"


def approval_view(row: Record, public_url: str) -> dict[str, Any]:
    """The approval object of section 1.14."""
    return {
        "id": row.id,
        "type": row.type,
        "status": row.status,
        "contractId": row.contract_id,
        "milestoneId": row.milestone_id,
        "jobId": row.job_id,
        "proposalId": row.proposal_id,
        "approvalUrl": approval_url(public_url, row.id),
        "expiresAt": iso(row.expires_at),
        "resolvedAt": iso(row.resolved_at),
        "result": row.result,
        "createdAt": iso(row.created_at),
    }


HIREABLE = ("UNREVIEWED", "SHORTLISTED", "MAYBE", "NOT_A_FIT")


def hire_refusal(
    proposal_id: str, proposal_status: str, job_id: str, job_status: str, override: bool
) -> Conflict | None:
    """Why a proposal cannot be hired now (D35), checked in this order: the proposal's own
    state (hired, declined, never submitted), the job (open), then "not a fit"."""
    if proposal_status == "HIRED":
        return Conflict(
            "This proposal is already hired.", reason="already_accepted", proposalId=proposal_id
        )
    if proposal_status == "DECLINED":
        return Conflict(
            "This proposal was declined.", reason="proposal_declined", proposalId=proposal_id
        )
    if proposal_status not in HIREABLE:
        return Conflict(
            "The trainer has not submitted this proposal yet.",
            reason="proposal_not_submitted",
            proposalId=proposal_id,
        )
    if job_status != "OPEN":
        return Conflict(
            "Only an open job can hire.",
            reason="job_not_published",
            jobId=job_id,
            status=job_status,
        )
    if proposal_status == "NOT_A_FIT" and not override:
        return Conflict(
            "This proposal is marked not a fit; send confirmNotFitOverride: true to hire anyway.",
            reason="not_fit_confirmation_required",
            proposalId=proposal_id,
        )
    return None
