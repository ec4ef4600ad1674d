"""The trainer's interview page, `/trainer/proposals/{id}/interview`: the signed-in trainer
answers the five questions in a plain form (CSRF), then sees the score and the transcript.
The form calls the same service function as the operator's act operation."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hirehall.api.deps import UowDep
from hirehall.api.pages import TrainerDep, not_found, page, read_form, redirect
from hirehall.core.errors import BadRequest, Conflict, NotFound
from hirehall.db.uow import Uow
from hirehall.humans.service import Human
from hirehall.interviews import service
from hirehall.interviews.rules import MAX_ANSWER_CHARS, QUESTION_COUNT

router = APIRouter(include_in_schema=False)

FIELDS = [f"answer-{n}" for n in range(1, QUESTION_COUNT + 1)]


def _path(proposal_id: str) -> str:
    return f"/trainer/proposals/{proposal_id}/interview"


async def _found(uow: Uow, human: Human, proposal_id: str) -> service.TrainerInterview:
    try:
        return await service.for_trainer(uow, human.user_id, proposal_id)
    except NotFound:
        raise not_found(human) from None


@router.get("/trainer/proposals/{proposalId}/interview")
async def interview_page(
    proposalId: str, request: Request, uow: UowDep, human: TrainerDep
) -> Response:
    """The questions to answer, or the interview already taken."""
    found = await _found(uow, human, proposalId)
    return page(
        request,
        "trainer_interview.html",
        human=human,
        found=found,
        fields=FIELDS,
        answers=[""] * QUESTION_COUNT,
        error=None,
        max_chars=MAX_ANSWER_CHARS,
    )


@router.post("/trainer/proposals/{proposalId}/interview")
async def submit_interview(
    proposalId: str, request: Request, uow: UowDep, human: TrainerDep
) -> Response:
    """The trainer's answers: recorded once, then the result (post, redirect, get)."""
    form = await read_form(request, human)
    answers = [form.get(name, "") for name in FIELDS]
    # Someone else's proposal is a 404 page whatever the form holds.
    found = await _found(uow, human, proposalId)
    try:
        await service.take(uow, proposalId, answers, trainer_id=human.user_id)
    except (BadRequest, Conflict) as exc:
        if (exc.details or {}).get("reason") == "interview_already_taken":
            return redirect(_path(proposalId))
        return page(
            request,
            "trainer_interview.html",
            human=human,
            status=exc.status,
            found=found,
            fields=FIELDS,
            answers=answers,
            error=exc.message,
            max_chars=MAX_ANSWER_CHARS,
        )
    return redirect(_path(proposalId))
