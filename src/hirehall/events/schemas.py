"""The answers of the updates feed (section 2.10.1)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class Event(BaseModel):
    """One event as the feed (and, later, a webhook delivery) shows it."""

    id: str
    type: str
    apiVersion: Literal["v1"]
    createdAt: str
    resourceId: str
    jobId: str | None
    data: dict[str, Any]


class Updates(BaseModel):
    """`GET /updates`: events oldest first."""

    events: list[Event]
    nextCursor: str | None
    hasMore: bool
