"""What the trainer's conversation pages show (D27, D33): the trainer's threads, one thread
with its messages, and marking a thread read when the trainer opens it."""

from __future__ import annotations

from typing import Any

from hirehall.core.errors import NotFound
from hirehall.db.uow import Uow
from hirehall.messaging import repository as repo
from hirehall.messaging import rules
from hirehall.messaging.query import ListQuery, ReadQuery
from hirehall.messaging.service import Viewer, list_conversations, mark_read, read_messages

PAGE = 50


def _item(row: Any, viewer: Viewer) -> dict[str, Any]:
    return {
        **rules.conversation_view(row, viewer.user_id, viewer.side),
        "jobTitle": row.job_title,
        "companyName": row.company_name,
    }


async def threads(uow: Uow, trainer_user_id: str, before: str | None = None) -> dict[str, Any]:
    """The trainer's threads, newest activity first, with job titles and employers."""
    viewer = Viewer.trainer(trainer_user_id)
    rows = await repo.trainer_threads(uow.conn, trainer_user_id, before=before, limit=PAGE + 1)
    page = rows[:PAGE]
    return {
        "conversations": [_item(row, viewer) for row in page],
        "nextBefore": page[-1].activity_key if len(rows) > PAGE else None,
    }


async def thread(uow: Uow, trainer_user_id: str, conversation_id: str) -> dict[str, Any]:
    """One thread as its trainer sees it: the newest messages, oldest first, and whether the
    trainer may write now (the employer wrote first, D31; not read-only)."""
    viewer = Viewer.trainer(trainer_user_id)
    page = await read_messages(uow, viewer, ReadQuery(conversation_id, PAGE))
    row = await repo.trainer_thread(uow.conn, conversation_id)
    if row is None:  # read_messages has checked it exists and is the trainer's
        raise NotFound("Conversation not found.", {"conversationId": conversation_id})
    employer_wrote = row.employer_last_seq > 0
    return {
        "conversation": _item(row, viewer),
        "messages": list(reversed(page["messages"])),
        "older": page["nextCursor"] is not None,
        "canReply": employer_wrote and not row.read_only,
        "waitingForEmployer": not employer_wrote,
        "readOnly": bool(row.read_only),
    }


async def opened(uow: Uow, trainer_user_id: str, conversation_id: str) -> None:
    """The trainer opened the thread's page: it is read for the trainer side (D33)."""
    await mark_read(uow, Viewer.trainer(trainer_user_id), conversation_id)


async def unread_total(uow: Uow, trainer_user_id: str) -> int:
    listed = await list_conversations(
        uow, Viewer.trainer(trainer_user_id), ListQuery(limit=100, unread_only=True)
    )
    return sum(c["unreadCount"] for c in listed["conversations"])
