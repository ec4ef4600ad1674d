"""Use cases of the AI interview: the questions for a proposal, taking the interview (the
one function behind the operator's act operation and the trainer page), and the employer's
transcript (section 2.5.2)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hirehall.core import ids
from hirehall.core.errors import BadRequest, Conflict, NotFound
from hirehall.core.principal import Principal
from hirehall.core.timefmt import iso
from hirehall.db.types import Record
from hirehall.db.uow import Uow
from hirehall.interviews import repository as interviews
from hirehall.interviews import rules
from hirehall.interviews.rules import Question
from hirehall.jobs import service as jobs
from hirehall.proposals import service as proposals


@dataclass(frozen=True)
class Subject:
    """A proposal about to be interviewed: its row and the questions its job gives."""

    proposal: Record
    job_title: str
    questions: list[Question]

    @property
    def refusal(self) -> tuple[str, str] | None:
        """(reason, message) when this proposal cannot take the interview (yet)."""
        status = self.proposal.proposal_status
        if status in rules.TAKES_INTERVIEW:
            return None
        return rules.REFUSALS.get(status, ("proposal_not_submitted", "Not open to interviews."))


def _missing(proposal_id: str) -> NotFound:
    return NotFound("Proposal not found.", {"proposalId": proposal_id})


async def subject(uow: Uow, proposal_id: str, *, trainer_id: str | None = None) -> Subject:
    """The proposal and its questions; a trainer other than the proposal's own sees a 404,
    as if it did not exist."""
    row = await proposals.find(uow, proposal_id)
    if row is None or (trainer_id is not None and row.user_id != trainer_id):
        raise _missing(proposal_id)
    job = await jobs.interview_fields(uow, row.job_id)
    if job is None:  # the foreign key makes this unreachable; never a 500 for it
        raise _missing(proposal_id)
    title, fields = job
    return Subject(row, title, rules.build_questions(title, fields))


async def questions(uow: Uow, proposal_id: str) -> dict[str, Any]:
    """The operator's view of the scripted questions for a proposal."""
    found = await subject(uow, proposal_id)
    return {"questions": [{"id": q.id, "content": q.content} for q in found.questions]}


def view(values: Mapping[str, Any]) -> dict[str, Any]:
    """The contract's interview object from a stored row's values."""
    return {
        "proposalId": values["proposal_id"],
        "interviewId": values["id"],
        "score": values["score"],
        "summary": values["summary"],
        "messages": values["messages"],
    }


async def take(
    uow: Uow, proposal_id: str, answers: Any, *, trainer_id: str | None = None
) -> dict[str, Any]:
    """Records the interview once: answers checked (400), proposal found (404), its status
    (409), then the insert that the unique proposal id guards (409 when taken already)."""
    problem = rules.answers_problem(answers)
    if problem is not None:
        raise BadRequest(problem, {"field": "answers"})
    found = await subject(uow, proposal_id, trainer_id=trainer_id)
    if found.refusal is not None:
        reason, message = found.refusal
        raise Conflict(message, reason=reason, proposalId=proposal_id)
    now = uow.now()
    scores = rules.score(found.questions, answers)
    messages: list[dict[str, Any]] = []
    for question, answer in zip(found.questions, answers, strict=True):
        for role, content in (("interviewer", question.content), ("candidate", answer)):
            messages.append(
                {
                    "id": ids.new_id(now),
                    "role": role,
                    "content": rules.sanitize(content),
                    "sentAt": iso(now),
                }
            )
    values = {
        "id": ids.new_id(now),
        "proposal_id": proposal_id,
        "score": sum(s.total for s in scores),
        "summary": rules.summarize(found.questions, scores),
        "messages": messages,
        "created_at": now,
    }
    if await interviews.insert_if_absent(uow.conn, values) is None:
        raise Conflict(
            "This proposal's interview was already taken.",
            reason="interview_already_taken",
            proposalId=proposal_id,
        )
    return {"interview": view(values)}


async def transcript(uow: Uow, principal: Principal, proposal_id: str) -> dict[str, Any]:
    """The employer's read of the transcript: 404 until the interview exists."""
    await proposals.owned(uow, principal, proposal_id)
    row = await interviews.for_proposal(uow.conn, proposal_id)
    if row is None:
        raise NotFound(
            "No AI interview has been recorded for this proposal.", {"proposalId": proposal_id}
        )
    return {"interview": view(row._mapping)}


async def taken(uow: Uow, proposal_id: str) -> dict[str, Any] | None:
    """The interview object of a proposal, None before it is taken (for the trainer page)."""
    row = await interviews.for_proposal(uow.conn, proposal_id)
    return None if row is None else view(row._mapping)


@dataclass(frozen=True)
class TrainerInterview:
    """What the trainer's interview page shows: the questions, or the interview taken."""

    subject: Subject
    interview: dict[str, Any] | None


async def for_trainer(uow: Uow, trainer_id: str, proposal_id: str) -> TrainerInterview:
    """The trainer's own proposal and its interview; anyone else's proposal is a 404."""
    found = await subject(uow, proposal_id, trainer_id=trainer_id)
    return TrainerInterview(found, await taken(uow, proposal_id))
