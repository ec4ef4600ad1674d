"""Use cases about conversations and messages (section 2.7, decisions D31-D33). The employer
side is an API token's organization; the trainer side is the trainer (pages, operator act)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from hirehall.core import ids
from hirehall.core.errors import Conflict, Forbidden, NotFound, RateLimited
from hirehall.core.principal import Principal
from hirehall.db.uow import Uow
from hirehall.events.service import record_event
from hirehall.freelancers import service as trainers
from hirehall.messaging import repository as repo
from hirehall.messaging import rules
from hirehall.messaging.query import ListQuery, ReadQuery, list_cursor, message_cursor
from hirehall.messaging.rules import EMPLOYER, JOB_BUCKET, PROPOSAL_BUCKET, TRAINER

_BLOCKED_TRAINERS = {"SUSPENDED", "DEACTIVATED"}


@dataclass(frozen=True)
class Viewer:
    """One side of a thread: the employer organization (through one of its users) or the
    trainer."""

    user_id: str
    side: str
    organization_id: str | None = None

    @property
    def party(self) -> str:
        """Who this side is in a thread's row: the organization, or the trainer's user."""
        if self.side == EMPLOYER and self.organization_id is not None:
            return self.organization_id
        return self.user_id

    @classmethod
    def employer(cls, principal: Principal) -> Viewer:
        return cls(principal.user_id, EMPLOYER, principal.organization_id)

    @classmethod
    def trainer(cls, user_id: str) -> Viewer:
        return cls(user_id, TRAINER)


async def open_conversation(
    uow: Uow, principal: Principal, proposal_id: str
) -> tuple[dict[str, Any], bool]:
    """Get-or-create of the proposal's thread (D31); the bool says it is new."""
    found = await repo.proposal(uow.conn, proposal_id)
    if found is None:
        raise NotFound("Proposal not found.", {"proposalId": proposal_id})
    if found.freelancer_user_id == principal.user_id:
        raise Forbidden(
            "The candidate cannot open the conversation; the employer writes first.",
            {"reason": "employer_first_message_required"},
        )
    if found.job_organization_id != principal.organization_id:
        raise Forbidden("This proposal is on a job of another account.")
    if rules.not_ready(found.status):
        raise Conflict(
            "The trainer has not submitted this proposal yet.",
            reason="proposal_not_ready_for_messaging",
            proposalId=proposal_id,
            status=found.status,
        )
    now = uow.now()
    conversation_id = ids.new_id(now)
    new_id = await repo.insert_conversation(
        uow.conn,
        {
            "id": conversation_id,
            "type": rules.DIRECT_MESSAGE,
            "bucket": PROPOSAL_BUCKET,
            "organization_id": found.job_organization_id,
            "freelancer_user_id": found.freelancer_user_id,
            "proposal_id": proposal_id,
            "job_id": found.job_id,
            "read_only": False,
            "activity_key": conversation_id,
            "message_count": 0,
            **dict.fromkeys(_COUNTERS, 0),
            "created_at": now,
            "updated_at": now,
        },
    )
    existing = new_id or await repo.proposal_thread(uow.conn, PROPOSAL_BUCKET, proposal_id)
    result = {
        "ok": True,
        "conversationId": existing,
        "proposalId": proposal_id,
        "jobId": found.job_id,
        "created": new_id is not None,
    }
    return result, new_id is not None


async def open_job_thread(
    uow: Uow, *, proposal_id: str, organization_id: str, freelancer_user_id: str, job_id: str
) -> str:
    """A confirmed hire's job thread (`bucket` job, D31), made once per proposal; the
    proposal thread becomes read-only. Returns the job thread's id (`jobDmConversationId`)."""
    now = uow.now()
    conversation_id = ids.new_id(now)
    new_id = await repo.insert_conversation(
        uow.conn,
        {
            "id": conversation_id,
            "type": rules.DIRECT_MESSAGE,
            "bucket": JOB_BUCKET,
            "organization_id": organization_id,
            "freelancer_user_id": freelancer_user_id,
            "proposal_id": proposal_id,
            "job_id": job_id,
            "read_only": False,
            "activity_key": conversation_id,
            "message_count": 0,
            **dict.fromkeys(_COUNTERS, 0),
            "created_at": now,
            "updated_at": now,
        },
    )
    await repo.make_read_only(uow.conn, PROPOSAL_BUCKET, proposal_id, organization_id)
    return new_id or await repo.proposal_thread(uow.conn, JOB_BUCKET, proposal_id)


_COUNTERS = [
    f"{side}_{name}"
    for side in (EMPLOYER, TRAINER)
    for name in ("read_seq", "last_seq", "unread", "needs_reply")
]


async def _participant(uow: Uow, viewer: Viewer, conversation_id: str) -> Any:
    """The conversation if the viewer's side takes part in it."""
    conv = await repo.conversation(uow.conn, conversation_id)
    missing = NotFound("Conversation not found.", {"conversationId": conversation_id})
    if conv is None:
        raise missing
    if viewer.side == TRAINER:
        # A trainer never learns of other trainers' threads (404, as for their proposals).
        if conv.freelancer_user_id != viewer.user_id:
            raise missing
    elif conv.organization_id != viewer.organization_id:
        raise Forbidden("You are not a participant in this conversation.")
    return conv


async def list_conversations(uow: Uow, viewer: Viewer, query: ListQuery) -> dict[str, Any]:
    """List mode, newest activity first; never changes read state (D33)."""
    rows = await repo.conversation_page(
        uow.conn,
        organization_id=viewer.organization_id if viewer.side == EMPLOYER else None,
        freelancer_user_id=viewer.user_id if viewer.side == TRAINER else None,
        bucket=query.bucket,
        unread_only=query.unread_only,
        before=query.before,
        limit=query.limit + 1,
    )
    page = rows[: query.limit]
    return {
        "conversations": [rules.conversation_view(r, viewer.user_id, viewer.side) for r in page],
        "nextCursor": list_cursor(page[-1].activity_key) if len(rows) > query.limit else None,
    }


async def read_messages(uow: Uow, viewer: Viewer, query: ReadQuery) -> dict[str, Any]:
    """Message mode (D33): the conversation's list item, one page of messages in the order of
    the walk, and the cursor to continue the same walk."""
    conv = await _participant(uow, viewer, query.conversation_id)
    rows = await repo.message_page(
        uow.conn, conv.id, newer=query.newer, after_seq=query.after_seq, limit=query.limit + 1
    )
    page = rows[: query.limit]
    item = await repo.conversation_item(uow.conn, conv.id)
    return {
        "conversation": rules.conversation_view(item, viewer.user_id, viewer.side),
        "messages": [rules.message_view(r, conv, viewer.user_id, viewer.side) for r in page],
        "nextCursor": message_cursor(conv.id, page[-1].seq) if len(rows) > query.limit else None,
    }


async def send(uow: Uow, viewer: Viewer, conversation_id: str, content: str) -> dict[str, Any]:
    """Sends one message in one transaction (D31, D32): participant, policy, state, then the
    per-sender rolling limit; moves the sender side's read marker to it."""
    conv = await _participant(uow, viewer, conversation_id)
    policy = rules.policy_violation(content)
    if policy is not None:
        raise Forbidden(
            "Messages cannot share contact details or move the conversation off the platform.",
            {"reason": "message_policy_blocked", "policy": policy},
        )
    _check_state(conv, viewer)
    now = uow.now()
    await repo.lock_sender(uow.conn, viewer.user_id)
    since = now - timedelta(seconds=rules.WINDOW_SECONDS)
    oldest = await repo.nth_recent_send(uow.conn, viewer.user_id, since, rules.PER_MINUTE)
    if oldest is not None:
        wait = (oldest - since).total_seconds()
        raise RateLimited(
            math.ceil(wait), f"At most {rules.PER_MINUTE} messages a minute; slow down."
        )
    message_id = ids.new_id(now)
    updated = await repo.number_message(
        uow.conn, conv.id, viewer.side, viewer.party, message_id, now
    )
    if updated is None:  # the state changed since the read above: answer as if read now
        conv = await _participant(uow, viewer, conversation_id)
        _check_state(conv, viewer)
        raise Conflict("The conversation cannot take this message.", reason="message_blocked")
    values = {
        "id": message_id,
        "conversation_id": conv.id,
        "seq": updated.message_count,
        "sender_user_id": viewer.user_id,
        "sender_side": viewer.side,
        "content": content,
        "created_at": now,
    }
    await repo.insert_message(uow.conn, values)
    await _message_event(uow, updated, message_id, viewer)
    return rules.message_view(SimpleNamespace(**values), updated, viewer.user_id, viewer.side)


def _check_state(conv: Any, viewer: Viewer) -> None:
    if conv.read_only:
        raise Conflict("This conversation is read-only.", reason="read_only_conversation")
    if conv.trainer_status in _BLOCKED_TRAINERS:
        raise Conflict("This trainer cannot take messages.", reason="message_blocked")
    if viewer.side == TRAINER and conv.employer_last_seq == 0:
        raise Conflict("The employer must write first.", reason="employer_first_message_required")


async def _message_event(uow: Uow, conv: Any, message_id: str, viewer: Viewer) -> None:
    """`message.received` for the other participants only (D21): the employer organization
    when the trainer writes; trainers have no feed."""
    if viewer.side != TRAINER:
        return
    await record_event(
        uow,
        organization_id=conv.organization_id,
        event_type="message.received",
        resource_id=message_id,
        job_id=conv.job_id,
        data={"conversationId": conv.id, "messageId": message_id},
    )


async def mark_read(uow: Uow, viewer: Viewer, conversation_id: str) -> None:
    """Pages mark a thread read for the side that opened it (D33); the API never does."""
    conv = await _participant(uow, viewer, conversation_id)
    await repo.mark_read(uow.conn, conv.id, viewer.side, viewer.party)


async def trainer_send(
    uow: Uow, trainer_user_id: str, conversation_id: str, content: str
) -> dict[str, Any]:
    """A trainer's message, from the trainer pages or the operator's act (D27): the same
    rules as the employer's, plus the employer-first rule of D31."""
    await trainers.admin_view(uow, trainer_user_id)  # 404 unless the user is a trainer
    return await send(uow, Viewer.trainer(trainer_user_id), conversation_id, content)


async def messages_after(uow: Uow, after: str, limit: int) -> list[Any]:
    """Every thread's messages after an id, oldest first (the trainer simulation)."""
    return await repo.messages_after(uow.conn, after, limit)


async def trainer_thread(uow: Uow, conversation_id: str) -> Any:
    """A thread as its trainer's pages see it (its job's title, both sides' counters)."""
    return await repo.trainer_thread(uow.conn, conversation_id)
