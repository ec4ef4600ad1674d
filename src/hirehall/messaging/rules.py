"""Messaging rules free of the database: the content policy of decision D32 and the views."""

from __future__ import annotations

import re
from typing import Any

from hirehall.core.timefmt import iso

MAX_CONTENT = 10_000
PER_MINUTE = 30  # messages per sender per rolling minute (D32)
WINDOW_SECONDS = 60
OFF_PLATFORM = "off_platform_contact"
EMPLOYER, TRAINER = "employer", "trainer"
PROPOSAL_BUCKET, JOB_BUCKET = "proposal", "job"
DIRECT_MESSAGE = "DIRECT_MESSAGE"
# Statuses a proposal has before the trainer submitted anything (D31).
NOT_SUBMITTED = {"INVITED"}

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# Dates are not phone numbers (D32): they are blanked before digits are counted.
_DATES = re.compile(
    r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"  # 2026-07-01, 2026/7/1
    r"|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b"  # 01.07.2026, 7/1/2026
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"  # times next to a date: 10:30
)
# Digits with up to three spaces, dots, dashes or parentheses between each pair; a run may
# start with "+" (or "(+").
_DIGIT_RUN = re.compile(r"(\+\s*)?\(?\d(?:[ \t.\-()]{0,3}\d)*")
_APPS = re.compile(r"\b(?:whats\s?app|telegram|skype|we\s?chat|weixin|discord)\b", re.IGNORECASE)
_APP_LINKS = re.compile(
    r"\b(?:wa\.me|t\.me|telegram\.me|discord\.gg|signal\.me|signal\.group)/|\bskype:",
    re.IGNORECASE,
)
# "Signal" is also an everyday word (signal processing, audio signals): only its use as the
# messenger counts: after "on/via/...", before "app/number/...", or capitalized mid-sentence.
_SIGNAL_CONTEXT = re.compile(
    r"\b(?:on|via|over|through|use|using)\s+signal\b"
    r"|\bsignal\s+(?:app|messenger|number|me|chat|handle|username)\b",
    re.IGNORECASE,
)
_SIGNAL_PROPER = re.compile(
    r"(?<=[a-z,;:] )Signal\b(?!\s+(?:processing|quality|strength|noise|data|labels?|analysis))"
)


def _has_phone(text: str) -> bool:
    blanked = _DATES.sub(" # ", text)
    for match in _DIGIT_RUN.finditer(blanked):
        digits = sum(ch.isdigit() for ch in match.group(0))
        if digits >= 9 or (match.group(1) is not None and digits >= 7):
            return True
    return False


def _mentions_signal(text: str) -> bool:
    return _SIGNAL_CONTEXT.search(text) is not None or _SIGNAL_PROPER.search(text) is not None


def policy_violation(content: str) -> str | None:
    """The policy a message breaks (`off_platform_contact`), or None: an email address, a
    phone number, or an invitation to another messenger (decision D32)."""
    if _EMAIL.search(content) or _has_phone(content):
        return OFF_PLATFORM
    if _APPS.search(content) or _APP_LINKS.search(content) or _mentions_signal(content):
        return OFF_PLATFORM
    return None


def side_of(user_type: str) -> str:
    return TRAINER if user_type == "FREELANCER" else EMPLOYER


def not_ready(proposal_status: str) -> bool:
    return proposal_status in NOT_SUBMITTED


def _public_job_id(row: Any) -> str | None:
    # A proposal thread shows no jobId (the contract's example); a contract's job thread does.
    return row.job_id if row.bucket == JOB_BUCKET else None


def message_view(
    row: Any, conversation: Any, viewer_user_id: str, viewer_side: str
) -> dict[str, Any]:
    read_seq = (
        conversation.employer_read_seq if viewer_side == EMPLOYER else conversation.trainer_read_seq
    )
    return {
        "id": row.id,
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.created_at),
        "conversationId": row.conversation_id,
        "jobId": _public_job_id(conversation),
        "senderUserId": row.sender_user_id,
        "isFromViewer": row.sender_user_id == viewer_user_id,
        "content": row.content,
        "messageType": None,
        "system": False,
        "hasUnreadFlag": row.sender_side != viewer_side and row.seq > read_seq,
        "attachmentCount": 0,
        "hasAudio": False,
        "editedAt": None,
        "reactionCount": 0,
    }


def conversation_view(row: Any, viewer_user_id: str, viewer_side: str) -> dict[str, Any]:
    """A list-mode item; `row` carries the conversation and its last message (`lm_*`)."""
    last = None
    if row.lm_id is not None:
        last = {
            "id": row.lm_id,
            "content": row.lm_content,
            "senderUserId": row.lm_sender_user_id,
            "isFromViewer": row.lm_sender_user_id == viewer_user_id,
            "createdAt": iso(row.lm_created_at),
        }
    employer = viewer_side == EMPLOYER
    return {
        "id": row.id,
        "type": row.type,
        "bucket": row.bucket,
        "jobId": _public_job_id(row),
        "proposalId": row.proposal_id,
        "channelName": None,
        "updatedAt": iso(row.updated_at),
        "lastMessage": last,
        "unreadCount": row.employer_unread if employer else row.trainer_unread,
        "needsReplyCount": row.employer_needs_reply if employer else row.trainer_needs_reply,
    }
