"""The simulation's first half: read what happened since the last run (new invites, events,
employers' messages) and schedule each simulated trainer's response, drawn from the seed and
the cause's ordinal, due at the cause's time plus a drawn delay (server clock).

Invites and employers' messages emit no event (D21), so they are read from their own tables
after a cursor. A row written by a transaction that commits late could have an id below
rows already read; the cursor therefore only passes rows older than `SETTLE`, and rows newer
than that are read again on the next run (their responses are unique per cause)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hirehall.contracts import lookup as contracts
from hirehall.core import ids
from hirehall.core.money import to_usd
from hirehall.db.uow import Uow
from hirehall.events import service as events
from hirehall.interviews import service as interviews
from hirehall.messaging import rules as message_rules
from hirehall.messaging import service as messaging
from hirehall.proposals import service as proposals
from hirehall.simulation import repository as repo
from hirehall.simulation.rules import (
    ANSWER_INVITE,
    PENDING,
    REPLY_MESSAGE,
    SUBMIT_MILESTONE,
    TAKE_INTERVIEW,
    Config,
    Draw,
    bid_base,
    bid_unit,
    cover_letter,
    interview_answer,
    plain_reply,
    reply,
    submission_note,
)

SCAN = 200  # rows read per source and round
MAX_ROUNDS = 25
SETTLE = timedelta(seconds=5)


@dataclass
class Progress:
    invite_cursor: str
    message_cursor: str
    event_cursor: int
    counters: dict[str, int] = field(default_factory=dict)

    def next_ordinal(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def values(self) -> dict[str, Any]:
        return {
            "invite_cursor": self.invite_cursor,
            "message_cursor": self.message_cursor,
            "event_cursor": self.event_cursor,
            "counters": dict(self.counters),
        }


def _settled(rows: list[Any], cursor: str, now: datetime) -> str:
    horizon = now - SETTLE
    for row in rows:
        if row.created_at > horizon:
            break
        cursor = row.id
    return cursor


async def plan(uow: Uow, config: Config, progress: Progress) -> None:
    for _ in range(MAX_ROUNDS):
        more = await _invites(uow, config, progress)
        more = await _events(uow, config, progress) or more
        more = await _messages(uow, config, progress) or more
        if not more:
            return


async def _schedule(
    uow: Uow,
    *,
    kind: str,
    subject_id: str,
    ordinal: int,
    trainer_id: str,
    plan: dict[str, Any],
    due_at: datetime,
) -> None:
    now = uow.now()
    await repo.schedule(
        uow.conn,
        {
            "id": ids.new_id(now),
            "kind": kind,
            "subject_id": subject_id,
            "ordinal": ordinal,
            "trainer_user_id": trainer_id,
            "plan": plan,
            "status": PENDING,
            "result": None,
            "due_at": due_at,
            "created_at": now,
            "done_at": None,
        },
    )


async def _invites(uow: Uow, config: Config, progress: Progress) -> bool:
    """Each new INVITED proposal of an active trainer: accept with a bid, or decline."""
    rows = await proposals.created_after(uow, progress.invite_cursor, SCAN)
    for row in rows:
        if row.status != "INVITED" or await repo.scheduled(uow.conn, ANSWER_INVITE, row.id):
            continue
        found = await proposals.find(uow, row.id)
        if found is None or found.status != "ACTIVE":
            continue
        ordinal = progress.next_ordinal(ANSWER_INVITE)
        draw = Draw(config.seed, ANSWER_INVITE, ordinal)
        delay = draw.delay_seconds(config.responseDelaySeconds)
        plan: dict[str, Any] = {"decision": "decline"}
        if draw.accepts(config.acceptRate):
            rate = to_usd(found.hourly_rate_cents)
            base = bid_base(found.job_payment_type, dict(found.job_fields or {}), rate)
            plan = {
                "decision": "accept",
                "bidUsd": draw.bid(base, config.bidSpread),
                "unit": bid_unit(found.job_payment_type),
                "coverLetter": cover_letter(draw, found.job_title),
            }
        await _schedule(
            uow,
            kind=ANSWER_INVITE,
            subject_id=row.id,
            ordinal=ordinal,
            trainer_id=found.freelancer_user_id,
            plan=plan,
            due_at=row.created_at + timedelta(seconds=delay),
        )
    cursor = _settled(rows, progress.invite_cursor, uow.now())
    moved, progress.invite_cursor = cursor != progress.invite_cursor, cursor
    return moved and len(rows) == SCAN


async def _events(uow: Uow, config: Config, progress: Progress) -> bool:
    """`proposal.received` (the trainer submitted): take the AI interview; a milestone now
    `ACTIVE_FUNDED`: submit its work. Events commit in id order (events/service.py), so their
    cursor needs no settling."""
    rows = await events.all_after(uow, progress.event_cursor, SCAN)
    for event in rows:
        progress.event_cursor = int(event.id)
        if event.event_type == "proposal.received" and config.takeInterviews:
            await _interview(uow, config, progress, event)
        elif (
            event.event_type == "milestone.status_changed"
            and dict(event.data).get("status") == "ACTIVE_FUNDED"
            and config.submitMilestones
        ):
            await _submission(uow, config, progress, event)
    return len(rows) == SCAN


async def _submission(uow: Uow, config: Config, progress: Progress, event: Any) -> None:
    milestone_id = event.resource_id
    if await repo.scheduled(uow.conn, SUBMIT_MILESTONE, milestone_id):
        return
    trainer_id = await contracts.trainer_of_milestone(uow, milestone_id)
    if trainer_id is None:
        return
    ordinal = progress.next_ordinal(SUBMIT_MILESTONE)
    draw = Draw(config.seed, SUBMIT_MILESTONE, ordinal)
    delay = draw.delay_seconds(config.responseDelaySeconds)
    await _schedule(
        uow,
        kind=SUBMIT_MILESTONE,
        subject_id=milestone_id,
        ordinal=ordinal,
        trainer_id=trainer_id,
        plan={"note": submission_note(draw)},
        due_at=event.created_at + timedelta(seconds=delay),
    )


async def _interview(uow: Uow, config: Config, progress: Progress, event: Any) -> None:
    proposal_id = event.resource_id
    if await repo.scheduled(uow.conn, TAKE_INTERVIEW, proposal_id):
        return
    found = await proposals.find(uow, proposal_id)
    if found is None or found.status != "ACTIVE":
        return
    subject = await interviews.subject(uow, proposal_id)
    ordinal = progress.next_ordinal(TAKE_INTERVIEW)
    draw = Draw(config.seed, TAKE_INTERVIEW, ordinal)
    delay = draw.delay_seconds(config.responseDelaySeconds)
    answers = [interview_answer(draw, question.terms) for question in subject.questions]
    await _schedule(
        uow,
        kind=TAKE_INTERVIEW,
        subject_id=proposal_id,
        ordinal=ordinal,
        trainer_id=found.freelancer_user_id,
        plan={"answers": answers},
        due_at=event.created_at + timedelta(seconds=delay),
    )


async def _messages(uow: Uow, config: Config, progress: Progress) -> bool:
    """Each new message from an employer: the thread's trainer replies (once, even to several
    messages in a row: a reply already written after a message answers it)."""
    rows = await messaging.messages_after(uow, progress.message_cursor, SCAN)
    for row in rows:
        if row.sender_side != message_rules.EMPLOYER or not config.replyToMessages:
            continue
        if await repo.scheduled(uow.conn, REPLY_MESSAGE, row.id):
            continue
        thread = await messaging.trainer_thread(uow, row.conversation_id)
        if thread is None:
            continue
        ordinal = progress.next_ordinal(REPLY_MESSAGE)
        draw = Draw(config.seed, REPLY_MESSAGE, ordinal)
        delay = draw.delay_seconds(config.responseDelaySeconds)
        content = reply(draw, thread.job_title)
        if message_rules.policy_violation(content) is not None:
            content = plain_reply(draw)  # the job's title itself breaks the policy
        await _schedule(
            uow,
            kind=REPLY_MESSAGE,
            subject_id=row.id,
            ordinal=ordinal,
            trainer_id=thread.freelancer_user_id,
            plan={"conversationId": row.conversation_id, "afterSeq": row.seq, "content": content},
            due_at=row.created_at + timedelta(seconds=delay),
        )
    cursor = _settled(rows, progress.message_cursor, uow.now())
    moved, progress.message_cursor = cursor != progress.message_cursor, cursor
    return moved and len(rows) == SCAN
