"""Recording platform messages, and reading them back for the operator. With
HIREHALL_SMTP_URL set, a message to an email address is also queued for mailing in the same
transaction; the worker mails it, with retries (outbox/sending.py), so a rolled-back change
sends nothing and a process that dies loses no email."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hirehall.core import ids
from hirehall.core.timefmt import iso
from hirehall.db.uow import Uow
from hirehall.outbox import repository as outbox

# The subject column's length: a subject built from a caller's text (a 300-character job
# title) is cut, never refused by the database.
SUBJECT_MAX = 300


async def record(
    uow: Uow,
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    data: dict[str, Any],
    user_id: str | None = None,
) -> str:
    values = row_values(
        uow.now(), kind=kind, to=to, subject=subject, body=body, data=data, user_id=user_id
    )
    message_id: str = values["id"]
    await outbox.add(uow.conn, values)
    # Only addresses go out by mail; notifications to a user id stay in the outbox.
    if uow.settings.smtp_url and "@" in to:
        await outbox.queue_send(uow.conn, message_id, uow.now())
    return message_id


def row_values(
    now: datetime, *, kind: str, to: str, subject: str, body: str, data: dict[str, Any],
    user_id: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """A message's row; `record` writes it, SQLite's invite writer thread too."""
    return {
        "id": ids.new_id(now),
        "kind": kind,
        "to_address": to,
        "user_id": user_id,
        "subject": subject[:SUBJECT_MAX],
        "body": body,
        "data": data,
        "created_at": now,
    }


def message_view(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "to": row.to_address,
        "subject": row.subject,
        "body": row.body,
        "data": dict(row.data or {}),
        "createdAt": iso(row.created_at),
    }


async def list_messages(
    uow: Uow, *, to: str | None = None, kind: str | None = None, limit: int = 200
) -> dict[str, Any]:
    rows = await outbox.newest(uow.conn, to=to, kind=kind, limit=limit)
    return {"messages": [message_view(row) for row in rows]}
