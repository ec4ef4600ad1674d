"""The simulation's second half: a due response is given through the same service the
trainer's pages call, as the trainer. Each runs in a savepoint: a response the world no longer
allows (the job closed, the trainer acted on the page first, ...) is skipped with its reason
and changes nothing."""

from __future__ import annotations

from typing import Any

from hirehall.contracts import service as contracts
from hirehall.core.errors import ApiError
from hirehall.db.uow import Uow
from hirehall.interviews import service as interviews
from hirehall.messaging import service as messaging
from hirehall.proposals import lifecycle
from hirehall.proposals.lifecycle import Submission
from hirehall.simulation.rules import (
    ANSWER_INVITE,
    DONE,
    REPLY_MESSAGE,
    SKIPPED,
    SUBMIT_MILESTONE,
    TAKE_INTERVIEW,
    Config,
)


class _Skip(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


async def perform(uow: Uow, config: Config, action: Any) -> tuple[str, str]:
    """(status, result) of giving one due response."""
    try:
        async with uow.conn.begin_nested():
            result = await _give(uow, config, action)
    except _Skip as skip:
        return SKIPPED, skip.reason
    except ApiError as error:
        details = error.details or {}
        return SKIPPED, str(details.get("reason") or error.code)
    return DONE, result


async def _give(uow: Uow, config: Config, action: Any) -> str:
    plan, trainer, subject = dict(action.plan), action.trainer_user_id, action.subject_id
    if action.kind == ANSWER_INVITE:
        if plan["decision"] == "decline":
            await lifecycle.decline_invite(uow, proposal_id=subject, trainer_id=trainer)
            return "declined"
        submission = Submission(plan["bidUsd"], plan["unit"], plan["coverLetter"])
        await lifecycle.accept_invite(
            uow, proposal_id=subject, trainer_id=trainer, submission=submission
        )
        return "accepted"
    if action.kind == TAKE_INTERVIEW:
        if not config.takeInterviews:
            raise _Skip("turned_off")
        await interviews.take(uow, subject, plan["answers"], trainer_id=trainer)
        return "interview_taken"
    if action.kind == REPLY_MESSAGE:
        if not config.replyToMessages:
            raise _Skip("turned_off")
        thread = await messaging.trainer_thread(uow, plan["conversationId"])
        if thread is not None and thread.trainer_last_seq > plan["afterSeq"]:
            raise _Skip("already_replied")
        await messaging.trainer_send(uow, trainer, plan["conversationId"], plan["content"])
        return "replied"
    if action.kind == SUBMIT_MILESTONE:
        if not config.submitMilestones:
            raise _Skip("turned_off")
        await contracts.submit(uow, milestone_id=subject, trainer_id=trainer, note=plan["note"])
        return "submitted"
    raise _Skip("unknown_kind")
