"""SQL about conversations and messages. Hot statements are built once, at import."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hirehall.db.models import Conversation, Job, Message, Organization, Proposal, User
from hirehall.db.types import Record

C, M = Conversation, Message

_INSERT_CONVERSATION = {
    "postgresql": postgresql.insert(C)
    .on_conflict_do_nothing(index_elements=["bucket", "proposal_id"])
    .returning(C.id),
    "sqlite": sqlite.insert(C)
    .on_conflict_do_nothing(index_elements=["bucket", "proposal_id"])
    .returning(C.id),
}
_PROPOSAL_THREAD = select(C.id).where(
    C.bucket == bindparam("bucket"), C.proposal_id == bindparam("proposal_id")
)
_PROPOSAL = (
    select(
        Proposal.id,
        Proposal.status,
        Proposal.job_id,
        Proposal.freelancer_user_id,
        Job.organization_id.label("job_organization_id"),
    )
    .join(Job, Job.id == Proposal.job_id)
    .where(Proposal.id == bindparam("proposal_id"))
)
_CONVERSATION = (
    select(*C.__table__.c, User.status.label("trainer_status"))
    .join(User, User.id == C.freelancer_user_id)
    .where(C.id == bindparam("conversation_id"))
)

# A list page: each conversation with its last message (a primary-key lookup per row).
_LM = M.__table__.alias("lm")
_LIST = select(
    *C.__table__.c,
    _LM.c.id.label("lm_id"),
    _LM.c.content.label("lm_content"),
    _LM.c.sender_user_id.label("lm_sender_user_id"),
    _LM.c.created_at.label("lm_created_at"),
).outerjoin(_LM, _LM.c.id == C.last_message_id)


async def proposal(conn: AsyncConnection, proposal_id: str) -> Record | None:
    return (await conn.execute(_PROPOSAL, {"proposal_id": proposal_id})).first()


async def insert_conversation(conn: AsyncConnection, values: dict[str, Any]) -> str | None:
    """The new conversation's id, or None when the proposal already has its thread."""
    return (await conn.execute(_INSERT_CONVERSATION[conn.dialect.name], values)).scalar()


async def proposal_thread(conn: AsyncConnection, bucket: str, proposal_id: str) -> str:
    params = {"bucket": bucket, "proposal_id": proposal_id}
    return str((await conn.execute(_PROPOSAL_THREAD, params)).scalar_one())


async def conversation(conn: AsyncConnection, conversation_id: str) -> Record | None:
    return (await conn.execute(_CONVERSATION, {"conversation_id": conversation_id})).first()


async def conversation_page(
    conn: AsyncConnection,
    *,
    organization_id: str | None,
    freelancer_user_id: str | None,
    bucket: str | None,
    unread_only: bool,
    before: str | None,
    limit: int,
) -> list[Record]:
    """Newest activity first, for one side: the employer organization or the trainer."""
    stmt = _LIST
    if organization_id is not None:
        stmt = stmt.where(C.organization_id == organization_id)
        unread = C.employer_unread
    else:
        stmt = stmt.where(C.freelancer_user_id == freelancer_user_id)
        unread = C.trainer_unread
    if bucket is not None:
        stmt = stmt.where(C.bucket == bucket)
    if unread_only:
        stmt = stmt.where(unread > 0)
    if before is not None:
        stmt = stmt.where(C.activity_key < before)
    stmt = stmt.order_by(C.activity_key.desc()).limit(limit)
    return list((await conn.execute(stmt)).all())


async def conversation_item(conn: AsyncConnection, conversation_id: str) -> Record:
    return (await conn.execute(_LIST.where(C.id == conversation_id))).one()


async def message_page(
    conn: AsyncConnection, conversation_id: str, *, newer: bool, after_seq: int | None, limit: int
) -> list[Record]:
    """`older` walks from the newest back, `newer` from the oldest forward (D33)."""
    stmt = select(M).where(M.conversation_id == conversation_id)
    if newer:
        if after_seq is not None:
            stmt = stmt.where(M.seq > after_seq)
        stmt = stmt.order_by(M.seq.asc())
    else:
        if after_seq is not None:
            stmt = stmt.where(M.seq < after_seq)
        stmt = stmt.order_by(M.seq.desc())
    return list((await conn.execute(stmt.limit(limit))).all())


async def seq_of(conn: AsyncConnection, conversation_id: str, message_id: str) -> int | None:
    stmt = select(M.seq).where(M.id == message_id, M.conversation_id == conversation_id)
    return (await conn.execute(stmt)).scalar()


async def lock_sender(conn: AsyncConnection, sender_user_id: str) -> None:
    """Serializes one sender's sends, so the rolling count below is exact (PostgreSQL; SQLite
    serializes every write transaction with BEGIN IMMEDIATE already)."""
    if conn.dialect.name == "postgresql":
        await conn.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"messages:{sender_user_id}"},
        )


async def nth_recent_send(
    conn: AsyncConnection, sender_user_id: str, since: datetime, n: int
) -> datetime | None:
    """The time of the sender's n-th newest message after `since`, if there are n."""
    stmt = (
        select(M.created_at)
        .where(M.sender_user_id == sender_user_id, M.created_at > since)
        .order_by(M.created_at.desc())
        .offset(n - 1)
        .limit(1)
    )
    return (await conn.execute(stmt)).scalar()


# Every write names the side's party as well as the thread, so a write can only reach a thread
# the caller takes part in, whatever a caller passes as its id.
_PARTY = {
    "employer": C.organization_id == bindparam("party"),
    "trainer": C.freelancer_user_id == bindparam("party"),
}


def _side_update(side: str) -> Any:
    other = "trainer" if side == "employer" else "employer"
    seq = C.message_count + 1
    # The state rules are conditions of the UPDATE itself, so a concurrent change (a hire making
    # the thread read-only) cannot slip between a check and the write.
    allowed = [C.id == bindparam("conversation_id"), _PARTY[side], C.read_only.is_(False)]
    if side == "trainer":
        allowed.append(C.employer_last_seq > 0)  # the employer writes first (D31)
    return (
        update(C)
        .where(*allowed)
        .values(
            {
                C.message_count: seq,
                getattr(C, f"{side}_read_seq"): seq,
                getattr(C, f"{side}_last_seq"): seq,
                getattr(C, f"{side}_unread"): 0,
                getattr(C, f"{side}_needs_reply"): 0,
                getattr(C, f"{other}_unread"): getattr(C, f"{other}_unread") + 1,
                getattr(C, f"{other}_needs_reply"): getattr(C, f"{other}_needs_reply") + 1,
                C.last_message_id: bindparam("message_id"),
                C.activity_key: bindparam("message_id"),
                C.updated_at: bindparam("now"),
            }
        )
        .returning(*C.__table__.c)
    )


_SEND = {"employer": _side_update("employer"), "trainer": _side_update("trainer")}


async def number_message(
    conn: AsyncConnection,
    conversation_id: str,
    side: str,
    party: str,
    message_id: str,
    now: datetime,
) -> Record | None:
    """Takes the next seq under the conversation's row lock and moves the markers and counters
    of both sides; returns the conversation as it now is, or None when its state refuses.
    `party` is the side's organization (employer) or user (trainer)."""
    params = {
        "conversation_id": conversation_id,
        "party": party,
        "message_id": message_id,
        "now": now,
    }
    return (await conn.execute(_SEND[side], params)).one_or_none()


async def insert_message(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(M).values(**values))


_MARK_READ = {
    side: update(C)
    .where(C.id == bindparam("conversation_id"), _PARTY[side])
    .values({getattr(C, f"{side}_read_seq"): C.message_count, getattr(C, f"{side}_unread"): 0})
    for side in ("employer", "trainer")
}


async def mark_read(conn: AsyncConnection, conversation_id: str, side: str, party: str) -> None:
    await conn.execute(_MARK_READ[side], {"conversation_id": conversation_id, "party": party})


# The trainer's pages name each thread by its job and the employer.
_TRAINER_LIST = (
    _LIST.add_columns(Job.title.label("job_title"), Organization.name.label("company_name"))
    .join(Job, Job.id == C.job_id)
    .join(Organization, Organization.id == C.organization_id)
)


async def trainer_threads(
    conn: AsyncConnection, trainer_user_id: str, *, before: str | None, limit: int
) -> list[Record]:
    stmt = _TRAINER_LIST.where(C.freelancer_user_id == trainer_user_id)
    if before is not None:
        stmt = stmt.where(C.activity_key < before)
    return list((await conn.execute(stmt.order_by(C.activity_key.desc()).limit(limit))).all())


async def trainer_thread(conn: AsyncConnection, conversation_id: str) -> Record | None:
    return (await conn.execute(_TRAINER_LIST.where(C.id == conversation_id))).first()


async def messages_after(conn: AsyncConnection, after: str, limit: int) -> list[Record]:
    """Messages sent after an id, oldest first (the trainer simulation's feed: an employer's
    message emits no event, D21)."""
    stmt = (
        select(M.id, M.conversation_id, M.seq, M.sender_side, M.created_at)
        .where(M.id > after)
        .order_by(M.id)
        .limit(limit)
    )
    return list((await conn.execute(stmt)).all())


async def make_read_only(
    conn: AsyncConnection, bucket: str, proposal_id: str, organization_id: str
) -> None:
    """A hired proposal's pre-hire thread takes no more messages (D31)."""
    stmt = (
        update(C)
        .where(
            C.bucket == bucket,
            C.proposal_id == proposal_id,
            C.organization_id == organization_id,
        )
        .values(read_only=True)
    )
    await conn.execute(stmt)
