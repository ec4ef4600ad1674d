"""The trainer's pages (D26, D27): `/trainer` (the inbox), `/trainer/proposals/{id}` (accept
with a bid, decline, withdraw) and `/trainer/jobs/{jobId}/apply`. Every action calls the same
service function as the operator's `act` operation; every form carries CSRF."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from hirehall.api.deps import UowDep
from hirehall.api.pages import PageError, TrainerDep, not_found, page, read_form, redirect
from hirehall.board import service as board
from hirehall.core.errors import ApiError, Conflict, NotFound
from hirehall.db.uow import Uow
from hirehall.humans.service import Human
from hirehall.proposals import lifecycle
from hirehall.proposals.lifecycle import Submission
from hirehall.proposals.rules import UNIT_OF_PAY_TYPE, bid_text, pay_text
from hirehall.proposals.schemas import SubmissionBody

router = APIRouter(include_in_schema=False)

UNITS = [
    ("PER_HOUR", "hour"),
    ("PER_LABEL", "label"),
    ("FIXED_PRICE", "the whole job (fixed price)"),
]
_AMOUNT = re.compile(r"\$?\s*([0-9]{1,7}(?:\.[0-9]{1,4})?)")
CONFLICTS = {
    "already_submitted": "You already sent your proposal for this job.",
    "proposal_declined": "This proposal was declined, so it can no longer change.",
    "job_not_published": "This job is no longer open, so it takes no proposals.",
    "proposal_not_submitted": "You have not sent a proposal for this job yet.",
    "proposal_hired": "You were hired for this job, so the proposal can no longer change.",
}
DONE = {
    "accepted": "Your proposal is sent. The employer will see your bid.",
    "declined": "You declined the invite.",
    "withdrawn": "You withdrew your proposal.",
    "applied": "Your proposal is sent. The employer will see your bid.",
}


class FormProblem(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(message)


def parse_submission(form: dict[str, str]) -> Submission:
    """The bid form as the service's Submission, validated by the operator's own body model
    (the same limits); a problem names the field to mark and says what to fix."""
    match = _AMOUNT.fullmatch(form.get("amountUsd", "").strip())
    if match is None:
        raise FormProblem("amountUsd", "Enter your bid in US dollars as a number, like 18.50.")
    cover = form.get("coverLetter", "").strip()
    raw = {
        "bid": {"amountUsd": float(match.group(1)), "unit": form.get("unit") or None},
        "coverLetter": cover or None,
    }
    try:
        return Submission.of(SubmissionBody.model_validate(raw))
    except ValidationError as exc:
        where = [str(part) for part in exc.errors()[0]["loc"]]
        if "coverLetter" in where:
            raise FormProblem(
                "coverLetter",
                f"Your cover letter has {len(cover):,} characters; the limit is 5,000.",
            ) from None
        if "unit" in where:
            raise FormProblem("unit", "Choose what the bid is per: hour, label or job.") from None
        raise FormProblem(
            "amountUsd", "Enter a bid above 0 and at most 1,000,000 US dollars."
        ) from None


def _conflict_text(exc: ApiError) -> str:
    reason = (exc.details or {}).get("reason", "")
    return CONFLICTS.get(str(reason), exc.message)


async def _proposal_page(
    request: Request,
    uow: Uow,
    human: Human,
    proposal_id: str,
    *,
    status: int = 200,
    **context: Any,
) -> Response:
    try:
        proposal = await lifecycle.for_trainer_page(
            uow, proposal_id=proposal_id, trainer_id=human.user_id
        )
    except NotFound:
        raise not_found(human) from None
    return page(
        request,
        "trainer_proposal.html",
        human=human,
        status=status,
        proposal={**proposal, "bidText": bid_text(proposal["bid"])},
        units=UNITS,
        default_unit=proposal["defaultUnit"],
        conversation_url="/trainer/conversations",
        form=context.pop("form", {}),
        **context,
    )


@router.get("/trainer")
async def inbox(request: Request, uow: UowDep, human: TrainerDep) -> Response:
    """The signed-in trainer's invites and proposals."""
    found = await lifecycle.inbox(uow, trainer_id=human.user_id)
    for item in found["proposals"]:
        item["bidText"] = bid_text(item["bid"])
    return page(request, "trainer_inbox.html", human=human, inbox=found)


@router.get("/trainer/proposals/{proposalId}")
async def proposal_page(
    proposalId: str, request: Request, uow: UowDep, human: TrainerDep, done: str | None = None
) -> Response:
    """One of the trainer's proposals, with the actions its status allows."""
    return await _proposal_page(request, uow, human, proposalId, done=DONE.get(done or ""))


@router.post("/trainer/proposals/{proposalId}/accept")
async def accept(proposalId: str, request: Request, uow: UowDep, human: TrainerDep) -> Response:
    """Accept an invite with a bid."""
    form = await read_form(request, human)
    try:
        submission = parse_submission(form)
        await lifecycle.accept_invite(
            uow, proposal_id=proposalId, trainer_id=human.user_id, submission=submission
        )
    except FormProblem as problem:
        return await _proposal_page(
            request,
            uow,
            human,
            proposalId,
            status=400,
            form=form,
            error=problem.message,
            error_field=problem.field,
        )
    except NotFound:
        raise not_found(human) from None
    except (Conflict, ApiError) as exc:
        return await _proposal_page(
            request,
            uow,
            human,
            proposalId,
            status=exc.status,
            form=form,
            error=_conflict_text(exc),
        )
    return redirect(f"/trainer/proposals/{proposalId}?done=accepted")


async def _simple_action(
    request: Request, uow: Uow, human: Human, proposal_id: str, action: str
) -> Response:
    await read_form(request, human)
    act = lifecycle.decline_invite if action == "declined" else lifecycle.withdraw
    try:
        await act(uow, proposal_id=proposal_id, trainer_id=human.user_id)
    except NotFound:
        raise not_found(human) from None
    except ApiError as exc:
        return await _proposal_page(
            request, uow, human, proposal_id, status=exc.status, error=_conflict_text(exc)
        )
    return redirect(f"/trainer/proposals/{proposal_id}?done={action}")


@router.post("/trainer/proposals/{proposalId}/decline")
async def decline(proposalId: str, request: Request, uow: UowDep, human: TrainerDep) -> Response:
    """Decline an invite."""
    return await _simple_action(request, uow, human, proposalId, "declined")


@router.post("/trainer/proposals/{proposalId}/withdraw")
async def withdraw(proposalId: str, request: Request, uow: UowDep, human: TrainerDep) -> Response:
    """Withdraw a submitted proposal."""
    return await _simple_action(request, uow, human, proposalId, "withdrawn")


async def _open_job(uow: Uow, human: Human, job_id: str) -> dict[str, Any]:
    try:
        return await board.get(uow, job_id)
    except (ApiError, board.Unlisted):
        raise PageError(
            404,
            "This job is not open",
            "The job was closed, or the link is wrong. Open jobs are on the job board.",
            human,
        ) from None


def _apply_page(
    request: Request, human: Human, job: dict[str, Any], *, status: int = 200, **context: Any
) -> Response:
    return page(
        request,
        "trainer_apply.html",
        human=human,
        status=status,
        job=job,
        pay_text=pay_text(job["pay"]),
        units=UNITS,
        default_unit=UNIT_OF_PAY_TYPE.get(job["pay"]["paymentType"] or ""),
        form=context.pop("form", {}),
        **context,
    )


@router.get("/trainer/jobs/{jobId}/apply")
async def apply_page(jobId: str, request: Request, uow: UowDep, human: TrainerDep) -> Response:
    """An open job with the application form."""
    return _apply_page(request, human, await _open_job(uow, human, jobId))


@router.post("/trainer/jobs/{jobId}/apply")
async def apply(jobId: str, request: Request, uow: UowDep, human: TrainerDep) -> Response:
    """Send an application (or turn the trainer's invite to this job into one)."""
    form = await read_form(request, human)
    job = await _open_job(uow, human, jobId)
    try:
        submission = parse_submission(form)
        result, _ = await lifecycle.apply_to_job(
            uow, job_id=jobId, trainer_id=human.user_id, submission=submission
        )
    except FormProblem as problem:
        return _apply_page(
            request,
            human,
            job,
            status=400,
            form=form,
            error=problem.message,
            error_field=problem.field,
        )
    except ApiError as exc:
        return _apply_page(
            request, human, job, status=exc.status, form=form, error=_conflict_text(exc)
        )
    return redirect(f"/trainer/proposals/{result['proposal']['id']}?done=applied")
