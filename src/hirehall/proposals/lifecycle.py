"""The proposal lifecycle (decisions D28, D29): the trainer's actions and the employer's
humans' status changes. Each is one service function that the trainer pages and the
operator's `act` operations both call. Transitions are conditional UPDATEs; a statement that
changes nothing is followed by a fresh read of the committed state to say why (409)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hirehall.contracts import lookup as contract_lookup
from hirehall.core import ids
from hirehall.core.errors import BadRequest, Conflict, NotFound
from hirehall.core.money import to_usd
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.events.service import record_event
from hirehall.interviews import lookup as interview_lookup
from hirehall.jobs.rules import PUBLISHED
from hirehall.proposals import lifecycle_repository as lifecycle
from hirehall.proposals import repository as proposals
from hirehall.proposals.lifecycle_repository import DECLINED, HIRED, INVITED, UNREVIEWED
from hirehall.proposals.rules import (
    BID_UNITS,
    STATUS_LABELS,
    UNIT_OF_PAY_TYPE,
    bid_view,
    detail_view,
)
from hirehall.proposals.schemas import SubmissionBody


@dataclass(frozen=True)
class Submission:
    """What a trainer submits: a bid (unit None = the job's pay type) and a cover letter."""

    amount_usd: float
    unit: str | None
    cover_letter: str | None

    @classmethod
    def of(cls, body: SubmissionBody) -> Submission:
        return cls(body.bid.amountUsd, body.bid.unit, body.coverLetter)


async def detail(uow: Uow, proposal_id: str) -> dict[str, Any]:
    row = await proposals.get(uow.conn, proposal_id)
    if row is None:
        raise NotFound("Proposal not found.", {"proposalId": proposal_id})
    return {"proposal": await _detail_view(uow, row)}


async def _detail_view(uow: Uow, row: Record) -> dict[str, Any]:
    interview = await interview_lookup.ai_interview(uow, row.id)
    contract = await contract_lookup.for_proposal(uow, row.id)
    return detail_view(row, uow.settings.public_url, interview, contract)


async def _own(uow: Uow, proposal_id: str, trainer_id: str | None) -> Record:
    """The proposal when `trainer_id` is its trainer (None: the operator acting as its
    trainer). Another trainer's proposal is 404 for them, exactly like a missing one."""
    row = await proposals.get(uow.conn, proposal_id)
    if row is None or (trainer_id is not None and row.freelancer_user_id != trainer_id):
        raise NotFound("Proposal not found.", {"proposalId": proposal_id})
    return row


def _require_open(job_id: str, status: str) -> None:
    if status != PUBLISHED:
        raise Conflict(
            "Only an open job takes applications and acceptances.",
            reason="job_not_published",
            jobId=job_id,
            status=status,
        )


def _bid(submission: Submission, pay_type: str | None, hourly_cents: int | None) -> dict[str, Any]:
    unit = submission.unit or UNIT_OF_PAY_TYPE.get(pay_type or "")
    if unit is None:
        raise BadRequest(
            "The job names no pay type, so the bid needs a unit.",
            {"field": "bid.unit", "supportedUnits": list(BID_UNITS)},
        )
    amount = submission.amount_usd
    shown: float = int(amount) if float(amount).is_integer() else amount
    return bid_view(shown, unit, to_usd(hourly_cents))


def _not_open_for_submission(status: str, proposal_id: str) -> Conflict:
    if status == DECLINED:
        return Conflict(
            "This proposal was declined.", reason="proposal_declined", proposalId=proposal_id
        )
    return Conflict(
        "This proposal was already submitted.",
        reason="already_submitted",
        proposalId=proposal_id,
        status=status,
    )


async def _received(uow: Uow, org: str, job_id: str, proposal_id: str) -> None:
    data = {"proposalId": proposal_id, "jobId": job_id}
    await record_event(
        uow,
        organization_id=org,
        event_type="proposal.received",
        resource_id=proposal_id,
        job_id=job_id,
        data=data,
    )


async def _status_changed(uow: Uow, row: Record, status: str) -> None:
    await record_event(
        uow,
        organization_id=row.job_organization_id,
        event_type="proposal.status_changed",
        resource_id=row.id,
        job_id=row.job_id,
        data={"proposalId": row.id, "status": status},
    )


async def accept_invite(
    uow: Uow, *, proposal_id: str, trainer_id: str | None, submission: Submission
) -> dict[str, Any]:
    """INVITED → UNREVIEWED with the bid; emits `proposal.received` once."""
    row = await _own(uow, proposal_id, trainer_id)
    _require_open(row.job_id, row.job_status)
    params = {
        "proposal_id": proposal_id,
        "trainer_id": row.freelancer_user_id,
        "new_bid": _bid(submission, row.job_payment_type, row.hourly_rate_cents),
        "new_cover_letter": submission.cover_letter,
        "now": uow.now(),
    }
    if await lifecycle.accept(uow.conn, params) is None:
        current = await lifecycle.state(uow.conn, proposal_id)
        raise _not_open_for_submission(current.status if current else "", proposal_id)
    await _received(uow, row.job_organization_id, row.job_id, proposal_id)
    return await detail(uow, proposal_id)


async def decline_invite(uow: Uow, *, proposal_id: str, trainer_id: str | None) -> dict[str, Any]:
    """INVITED → DECLINED; emits `proposal.status_changed`."""
    row = await _own(uow, proposal_id, trainer_id)
    params = {"proposal_id": proposal_id, "trainer_id": row.freelancer_user_id, "now": uow.now()}
    if await lifecycle.decline_invite(uow.conn, params) is None:
        current = await lifecycle.state(uow.conn, proposal_id)
        raise _not_open_for_submission(current.status if current else "", proposal_id)
    await _status_changed(uow, row, DECLINED)
    return await detail(uow, proposal_id)


async def withdraw(uow: Uow, *, proposal_id: str, trainer_id: str | None) -> dict[str, Any]:
    """A submitted proposal → DECLINED; emits `proposal.status_changed`."""
    row = await _own(uow, proposal_id, trainer_id)
    params = {"proposal_id": proposal_id, "trainer_id": row.freelancer_user_id, "now": uow.now()}
    if await lifecycle.withdraw(uow.conn, params) is None:
        current = await lifecycle.state(uow.conn, proposal_id)
        raise _not_changeable(current, proposal_id)
    await _status_changed(uow, row, DECLINED)
    return await detail(uow, proposal_id)


def _not_changeable(current: Record | None, proposal_id: str) -> Conflict:
    if current is None or current.submitted_at is None:
        return Conflict(
            "The trainer has not submitted this proposal yet.",
            reason="proposal_not_submitted",
            proposalId=proposal_id,
        )
    if current.status == HIRED:
        return Conflict(
            "A hired proposal never changes.", reason="proposal_hired", proposalId=proposal_id
        )
    return Conflict(
        "This proposal was declined.", reason="proposal_declined", proposalId=proposal_id
    )


async def apply_to_job(
    uow: Uow, *, job_id: str, trainer_id: str, submission: Submission
) -> tuple[dict[str, Any], bool]:
    """A new UNREVIEWED proposal (True), or the trainer's invite turned into it (False);
    emits `proposal.received` once either way."""
    found = await lifecycle.apply_lookup(uow.conn, job_id, trainer_id)
    if found.job_organization_id is None:
        raise NotFound("Job not found.", {"jobId": job_id})
    if found.trainer_id is None:
        raise NotFound("Freelancer not found.", {"freelancerId": trainer_id})
    _require_open(job_id, found.job_status)
    now = uow.now()
    bid = _bid(submission, found.job_payment_type, found.hourly_rate_cents)
    values = {
        "id": ids.new_id(now),
        "job_id": job_id,
        "freelancer_user_id": trainer_id,
        "status": UNREVIEWED,
        "origin": "APPLIED",
        "bid": bid,
        "cover_letter": submission.cover_letter,
        "submitted_at": now,
        "created_at": now,
        "updated_at": now,
    }
    proposal_id = await proposals.insert_if_absent(uow.conn, values)
    created = proposal_id is not None
    if proposal_id is None:
        params = {
            "of_job": job_id,
            "trainer_id": trainer_id,
            "new_bid": bid,
            "new_cover_letter": submission.cover_letter,
            "now": now,
        }
        proposal_id = await lifecycle.invite_to_application(uow.conn, params)
    if proposal_id is None:
        current = await lifecycle.state_for_pair(uow.conn, job_id, trainer_id)
        raise _not_open_for_submission(current.status, current.id)
    await _received(uow, found.job_organization_id, job_id, proposal_id)
    return await detail(uow, proposal_id), created


async def set_status(uow: Uow, *, proposal_id: str, status: str) -> dict[str, Any]:
    """The employer's humans move a submitted proposal (D28); an unchanged status is no
    change and emits nothing."""
    row = await proposals.get(uow.conn, proposal_id)
    if row is None:
        raise NotFound("Proposal not found.", {"proposalId": proposal_id})
    params = {"proposal_id": proposal_id, "new_status": status, "now": uow.now()}
    if await lifecycle.set_status(uow.conn, params) is None:
        current = await lifecycle.state(uow.conn, proposal_id)
        if current is None or current.submitted_at is None or current.status == HIRED:
            raise _not_changeable(current, proposal_id)
        return await detail(uow, proposal_id)
    await _status_changed(uow, row, status)
    return await detail(uow, proposal_id)


async def hire(uow: Uow, *, proposal_id: str, allow_not_fit: bool) -> None:
    """A confirmed hire makes the proposal HIRED (D35) and emits `proposal.status_changed`;
    409 with the reason when it is no longer hireable (the caller re-checked it already, so
    this is a concurrent change)."""
    row = await proposals.get(uow.conn, proposal_id)
    if row is None:
        raise NotFound("Proposal not found.", {"proposalId": proposal_id})
    hireable = ["UNREVIEWED", "SHORTLISTED", "MAYBE"] + (["NOT_A_FIT"] if allow_not_fit else [])
    params = {"proposal_id": proposal_id, "hireable": hireable, "now": uow.now()}
    if await lifecycle.hire(uow.conn, params) is None:
        current = await lifecycle.state(uow.conn, proposal_id)
        if current is not None and current.status == HIRED:
            raise Conflict(
                "This proposal is already hired.", reason="already_accepted", proposalId=proposal_id
            )
        raise _not_changeable(current, proposal_id)
    await _status_changed(uow, row, HIRED)


INBOX_SIZE = 200


async def inbox(uow: Uow, *, trainer_id: str) -> dict[str, list[dict[str, Any]]]:
    """The trainer page's inbox: open invites, then everything submitted or declined."""
    rows = await lifecycle.for_trainer(uow.conn, trainer_id, INBOX_SIZE)
    items = [
        {
            "id": row.id,
            "jobId": row.job_id,
            "jobTitle": row.job_title,
            "jobOpen": row.job_status == PUBLISHED,
            "status": {"raw": row.status, "label": STATUS_LABELS[row.status]},
            "bid": row.bid,
            "createdAt": iso(row.created_at),
            "updatedAt": iso(row.updated_at),
        }
        for row in rows
    ]
    return {
        "invites": [i for i in items if i["status"]["raw"] == INVITED],
        "proposals": [i for i in items if i["status"]["raw"] != INVITED],
    }


async def for_trainer_page(uow: Uow, *, proposal_id: str, trainer_id: str) -> dict[str, Any]:
    """One of the trainer's own proposals (another trainer's is 404 for them), with what the
    page shows besides the public detail: the cover letter and the job's state."""
    row = await _own(uow, proposal_id, trainer_id)
    return {
        **await _detail_view(uow, row),
        "coverLetter": row.cover_letter,
        "jobOpen": row.job_status == PUBLISHED,
        "jobPaymentType": row.job_payment_type,
        "defaultUnit": UNIT_OF_PAY_TYPE.get(row.job_payment_type or ""),
    }
