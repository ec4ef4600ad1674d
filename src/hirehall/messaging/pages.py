"""The trainer's conversation pages (D27, D33): `/trainer/conversations` lists the trainer's
threads, `/trainer/conversations/{id}` shows one and takes a reply. Opening a thread marks it
read for the trainer; the reply goes through the same service as the operator's act."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hirehall.api.deps import UowDep
from hirehall.api.pages import TrainerDep, not_found, page, read_form, redirect
from hirehall.core.errors import ApiError, NotFound, RateLimited
from hirehall.db.uow import Uow
from hirehall.messaging import service, trainer_side
from hirehall.messaging.rules import MAX_CONTENT

router = APIRouter(include_in_schema=False)

_REASONS = {
    "message_policy_blocked": (
        "Messages cannot include email addresses, phone numbers or other messaging apps. "
        "Keep the conversation on hirehall, then send it again."
    ),
    "employer_first_message_required": "You can reply once the employer has written to you.",
    "read_only_conversation": "This conversation is closed to new messages.",
    "message_blocked": "This conversation cannot take messages right now.",
}


def _problem(exc: ApiError) -> str:
    if isinstance(exc, RateLimited):
        return (
            "You are sending messages faster than 30 a minute. "
            f"Wait {exc.retry_after_seconds} seconds, then send it again."
        )
    reason = (exc.details or {}).get("reason")
    return _REASONS.get(str(reason), exc.message)


@router.get("/trainer/conversations")
async def conversations(request: Request, uow: UowDep, human: TrainerDep) -> HTMLResponse:
    """The trainer's conversations, newest activity first."""
    listed = await trainer_side.threads(uow, human.user_id)
    return page(request, "trainer_conversations.html", human=human, **listed)


@router.get("/trainer/conversations/{conversation_id}")
async def conversation(
    conversation_id: str, request: Request, uow: UowDep, human: TrainerDep
) -> HTMLResponse:
    """One conversation; opening it marks it read for the trainer (D33)."""
    try:
        shown = await trainer_side.thread(uow, human.user_id, conversation_id)
    except NotFound:
        raise not_found(human) from None

    async def mark_read(writer: Uow) -> None:
        await trainer_side.opened(writer, human.user_id, conversation_id)

    # A GET's unit of work is read-only: the marker moves in its own write transaction,
    # after the page's read (so the page still shows which messages were new).
    uow.deferred_writes.append(mark_read)
    return page(request, "trainer_conversation.html", human=human, **shown)


@router.post("/trainer/conversations/{conversation_id}")
async def reply(conversation_id: str, request: Request, uow: UowDep, human: TrainerDep) -> Response:
    """Sends the trainer's reply, then shows the thread again."""
    form = await read_form(request, human)
    content = form.get("content", "").strip()
    if not content or len(content) > MAX_CONTENT:
        problem = f"Write a message of 1 to {MAX_CONTENT:,} characters."
        return await _again(request, uow, human, conversation_id, problem, content, 400)
    try:
        await service.trainer_send(uow, human.user_id, conversation_id, content)
    except NotFound:
        raise not_found(human) from None
    except ApiError as exc:
        return await _again(
            request, uow, human, conversation_id, _problem(exc), content, exc.status
        )
    return redirect(f"/trainer/conversations/{conversation_id}#latest")


async def _again(
    request: Request,
    uow: Uow,
    human: TrainerDep,
    conversation_id: str,
    problem: str,
    draft: str,
    status: int,
) -> HTMLResponse:
    try:
        shown = await trainer_side.thread(uow, human.user_id, conversation_id)
    except NotFound:
        raise not_found(human) from None
    return page(
        request,
        "trainer_conversation.html",
        human=human,
        status=status,
        error=problem,
        draft=draft[: MAX_CONTENT + 100],
        **shown,
    )
