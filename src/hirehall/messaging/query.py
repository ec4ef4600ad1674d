"""The query of `GET /messages` (section 2.7.1): checked all at once, answered as zod issues
(the contract) with `details.field` naming the first bad parameter (decision D16)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hirehall.core import cursors
from hirehall.core import issues as zod
from hirehall.core.errors import BadRequest

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
DIRECTIONS = ("older", "newer")
FILTERS = ("all", "job", "proposal")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
# `unreadOnly` is read case-insensitively (`True`, `FALSE`, `1`, `0`).
BOOLEAN_PATTERN = "^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|1|0)$"
_LIST_TAG = "conversations"


@dataclass(frozen=True)
class ListQuery:
    limit: int
    bucket: str | None = None
    unread_only: bool = False
    before: str | None = None


@dataclass(frozen=True)
class ReadQuery:
    conversation_id: str
    limit: int
    newer: bool = False
    after_seq: int | None = None


def list_cursor(activity_key: str) -> str:
    return cursors.encode(_LIST_TAG, activity_key)


def message_cursor(conversation_id: str, seq: int) -> str:
    return cursors.encode(conversation_id, str(seq))


class _Checker:
    def __init__(self) -> None:
        self.issues: list[zod.Issue] = []

    def fail(self, issue: zod.Issue) -> None:
        self.issues.append(issue)

    def raise_if_any(self) -> None:
        if self.issues:
            field = self.issues[0]["path"][0]
            raise BadRequest(
                f"Invalid query parameter {field!r}.", {"field": field, "issues": self.issues}
            )


def _limit(raw: str | None, check: _Checker) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        check.fail(
            {
                **zod.invalid_type(["limit"], "number", raw),
                "received": "nan",
                "message": "Expected number, received nan",
            }
        )
        return DEFAULT_LIMIT
    if value < 1:
        check.fail(zod.too_small(["limit"], "number", 1))
    elif value > MAX_LIMIT:
        check.fail(zod.too_big(["limit"], "number", MAX_LIMIT))
    return value


def _choice(name: str, raw: str | None, options: tuple[str, ...], check: _Checker) -> str:
    if raw is None:
        return options[0]
    if raw not in options:
        check.fail(zod.invalid_enum([name], raw, options))
        return options[0]
    return raw


def _bad_cursor(check: _Checker) -> None:
    check.fail(zod.custom(["cursor"], "The cursor is not one this API returned."))


def parse(params: Mapping[str, str | None]) -> ListQuery | ReadQuery:
    """Message mode when `conversationId` is given, list mode otherwise. A parameter of the
    other mode (`direction` in list mode, `filter`/`unreadOnly` in message mode) has no effect,
    but a value outside its enumeration is still a 400, as the OpenAPI document declares."""
    check = _Checker()
    limit = _limit(params.get("limit"), check)
    conversation_id, cursor = params.get("conversationId"), params.get("cursor")
    direction = _choice("direction", params.get("direction"), DIRECTIONS, check)
    bucket = _choice("filter", params.get("filter"), FILTERS, check)
    raw_unread = params.get("unreadOnly")
    unread = _BOOLEANS.get(raw_unread.lower()) if raw_unread is not None else False
    if unread is None:
        check.fail(zod.invalid_enum(["unreadOnly"], raw_unread, ("true", "false", "1", "0")))
    if conversation_id is not None:
        if not conversation_id:
            check.fail(zod.too_small(["conversationId"], "string", 1))
        after_seq = _message_position(cursor, conversation_id, check)
        check.raise_if_any()
        return ReadQuery(conversation_id, limit, direction == "newer", after_seq)
    before = _list_position(cursor, check)
    check.raise_if_any()
    return ListQuery(limit, None if bucket == "all" else bucket, bool(unread), before)


def _decode(cursor: str) -> list[str] | None:
    try:
        return cursors.decode(cursor, 2)
    except BadRequest:
        return None


def _list_position(cursor: str | None, check: _Checker) -> str | None:
    if cursor is None:
        return None
    values = _decode(cursor)
    if values is None or values[0] != _LIST_TAG:
        _bad_cursor(check)
        return None
    return values[1]


def _message_position(cursor: str | None, conversation_id: str, check: _Checker) -> int | None:
    if cursor is None:
        return None
    values = _decode(cursor)
    if values is None or values[0] != conversation_id or not values[1].isdigit():
        _bad_cursor(check)
        return None
    return int(values[1])
